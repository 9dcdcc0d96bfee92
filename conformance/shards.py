"""Family shards: each family's budget split into several differential tests, each with its own seed.

The user-visible budget is per family (settings.PROFILE_EXAMPLES); a profile splits it into PROFILE_SHARDS
shards, and `shard_budget` gives each shard its share (the shares add up to the family's budget). A shard is the
test `tests/suite/test_differential.py::test_family[<family>-shard<k>]`, so `-k <family>` still selects a family.
Its Hypothesis seed comes from the run's seed, the family and the shard index (`shard_seed`): the same seed and TF
version draw the same programs. A worker that crashes or hangs in a program loses at most the rest of its shard.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from conformance.settings import PROFILE_EXAMPLES

#: Shards per family of each profile (the same count at ci and nightly; dev's 20 examples make 2 shards of 10).
PROFILE_SHARDS = {"dev": 2, "ci": 10, "nightly": 10}
#: Hypothesis opens every test with the all-zero choice sequence, then zero-extends short novel prefixes (its
#: small-example phase, hypothesis/internal/conjecture/engine.py): the same few programs whatever the seed, so ten
#: shards would run them ten times (a tenth of the ci budget). Every shard but the first rejects (hypothesis.reject)
#: the programs of its first OPENING_CALLS calls without running them: the all-zero one, then five zero-extensions,
#: after which Hypothesis abandons the phase. Rejected examples do not count towards the shard's budget.
OPENING_CALLS = 6
_SHARD_PARAMETER = re.compile(r"(?P<family>[^\[\]]+)-shard(?P<index>\d+)")
_TEST_PARAMETER = re.compile(r"\[([^\]]+)\]$")


@dataclass(frozen=True)
class Shard:
    """One shard of a family: its index, how many shards the family has, and how many programs it draws."""

    family: str
    index: int
    count: int
    budget: int

    @property
    def test_parameter(self) -> str:
        """The shard's part of its test id: `name_scope-shard3`."""
        return f"{self.family}-shard{self.index}"

    def seed(self, run_seed: int) -> int:
        """This shard's Hypothesis seed in a run with `run_seed` (shard_seed)."""
        return shard_seed(run_seed, self.family, self.index)

    def skips(self, call: int) -> bool:
        """Whether the shard's test rejects the program of its `call`-th call (from 1) unrun: in every shard but
        the first, Hypothesis's opening (OPENING_CALLS)."""
        return self.index > 0 and call <= OPENING_CALLS


def shard_budget(profile: str, index: int) -> int:
    """The programs (Hypothesis max_examples) of shard `index` under a profile: the family's budget split as
    evenly as possible, the first shards taking one more when it does not divide."""
    count = PROFILE_SHARDS[profile]
    if not 0 <= index < count:
        raise ValueError(f"profile {profile!r} has shards 0..{count - 1}, not {index}")
    whole, extra = divmod(PROFILE_EXAMPLES[profile], count)
    return whole + (1 if index < extra else 0)


def shards(family: str, profile: str) -> list[Shard]:
    """Every shard of a family under a profile, in order; their budgets add up to PROFILE_EXAMPLES[profile]."""
    count = PROFILE_SHARDS[profile]
    return [Shard(family, index, count, shard_budget(profile, index)) for index in range(count)]


def run_order(families: list[str], profile: str) -> list[Shard]:
    """Every shard of the families, breadth first: shard 0 of each family (in the given order), then shard 1 of
    each, and so on. With `-x` a bug in any family then shows in the first round, not after every earlier family's
    whole budget (every family has PROFILE_SHARDS[profile] shards)."""
    by_family = [shards(family, profile) for family in families]
    return [shard for round_ in zip(*by_family, strict=True) for shard in round_]


def shard_seed(run_seed: int, family: str, index: int) -> int:
    """The one derivation of a shard's Hypothesis seed: 64 bits of SHA-256 of the run seed, family and index (no
    hash randomisation, the same on every machine and Python)."""
    digest = hashlib.sha256(f"{run_seed}/{family}/{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def parameter_of(test: str) -> str | None:
    """The parameter of a test id: `...::test_family[name_scope-shard3]` -> `name_scope-shard3`."""
    match = _TEST_PARAMETER.search(test)
    return match.group(1) if match else None


def family_and_shard(test: str) -> tuple[str, int | None]:
    """The family and shard index of a differential test id (`...[name_scope-shard3]` -> ("name_scope", 3)); a
    test id without a shard gives its parameter and None; without a parameter, ("unknown", None)."""
    parameter = parameter_of(test)
    if parameter is None:
        return "unknown", None
    match = _SHARD_PARAMETER.fullmatch(parameter)
    return (match["family"], int(match["index"])) if match else (parameter, None)


def budget_of_test(test: str, profile: str) -> int | None:
    """The budget of the shard a test id names under a profile, or None when it names no shard of it."""
    _, index = family_and_shard(test)
    if index is None or index >= PROFILE_SHARDS[profile]:
        return None
    return shard_budget(profile, index)
