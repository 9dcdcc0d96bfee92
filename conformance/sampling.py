"""Deterministic samples of generated programs: the same seed gives the same programs, in the same order.

One sampler serves the frozen corpus (conformance/corpus/store.py), the benchmarks' fallback sample
(conformance/selfcheck/bench.py) and the isolation replay (tests/support/isolation.py); `profile_programs` draws
what the differential test draws, for the generator's yield (tests/meta/test_generator_yield.py).
"""

from __future__ import annotations

import functools
from typing import Any

from conformance.program import FAMILIES, count_statements, program_id
from conformance.shards import Shard, shards

#: How many examples Hypothesis may generate per program wanted (duplicates and short ones are dropped).
EXAMPLES_PER_PROGRAM = 4


def family_programs(family: str, count: int, seed: int, min_statements: int = 1) -> list[dict[str, Any]]:
    """Up to `count` distinct programs of one family with at least `min_statements`, in Hypothesis's
    derandomized generation order from `seed` (generate phase only, no database)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    from conformance.strategies import programs

    found: dict[str, dict[str, Any]] = {}

    @hypothesis_seed(seed)
    @settings(max_examples=count * EXAMPLES_PER_PROGRAM, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(programs(family))
    def collect(program: dict[str, Any]) -> None:
        if len(found) < count and count_statements(program) >= min_statements:
            found.setdefault(program_id(program), program)

    collect()
    return list(found.values())


def sample_programs(per_family: int, seed: int = 0) -> list[dict[str, Any]]:
    """`per_family` distinct programs of every family (fewer if the family has fewer), families in order."""
    return [program for family in FAMILIES for program in family_programs(family, per_family, seed)]


def profile_programs(family: str, profile: str = "ci", seed: int = 0) -> list[dict[str, Any]]:
    """Every program the differential test draws for `family` under a Hypothesis profile and a seed
    ($CONFORMANCE_SEED), repeats included, in order: shard by shard (conformance/shards.py), each its
    `@seed(shard seed) @given(data=st.data())` and `data.draw(programs(family))` (rejecting the opening calls the
    shard skips, Shard.skips), with the profile's settings and the shard's budget, generate phase only (no test
    fails).

    Drawn once per process and arguments (the draw is deterministic): the generator's yield and reach tests
    read the same samples. The programs are shared: read them, do not change them."""
    return [program for shard in shards(family, profile) for program in _shard_programs(shard, profile, seed)]


@functools.cache
def _shard_programs(shard: Shard, profile: str, seed: int) -> tuple[dict[str, Any], ...]:
    from hypothesis import Phase, given, reject
    from hypothesis import seed as hypothesis_seed
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    from conformance.settings import register_profiles
    from conformance.strategies import programs

    register_profiles()
    drawn: list[dict[str, Any]] = []
    calls = 0

    @hypothesis_seed(shard.seed(seed))
    @hypothesis_settings(hypothesis_settings.get_profile(profile), max_examples=shard.budget,
                         phases=[Phase.generate])
    @given(data=st.data())
    def collect(data: st.DataObject) -> None:
        nonlocal calls
        program = data.draw(programs(shard.family), label="program")
        calls += 1
        if shard.skips(calls):
            reject()
        drawn.append(program)

    collect()
    return tuple(drawn)
