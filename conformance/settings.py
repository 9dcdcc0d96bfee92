"""Every environment variable the tool reads, in one table: its default, its meaning and how its text is read.

A run checks the whole table when it starts (`check_all`); a malformed value is a `BadInput` naming the variable
(or the command-line option that overrides it). The pytest header and the run_start row show the table's values.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from conformance.errors import BadInput
from conformance.expectations import DEFAULT_PATH as DEFAULT_KNOWN_DIVERGENCES
from conformance.paths import DEFAULT_RESULTS_DIR, REPO_ROOT, RESULTS_DIR_ENV
from reference_impl.versions import default_version, is_tf_version

#: The module that real TensorFlow is tested through.
REAL_TF_MODULE = "tensorflow.compat.v1"
#: Examples per family of each Hypothesis profile (`max_examples`): each is one results row. Different draws can
#: make the same program, so the budgets in distinct programs (what the summaries count, conformance/runs.py) are
#: floors: ci >= 2,000 of its 2,500 rows (10 families), nightly >= 20,000 of 25,000 (issue 14).
PROFILE_EXAMPLES = {"dev": 20, "ci": 250, "nightly": 2500}
#: Every phase but `explain`: it replays the failing example under a line tracer, which is slow on TF's Python
#: (about 20 s per failure, half of the time to report a divergence; see docs/performance.md).
PHASES = tuple(phase for phase in Phase if phase is not Phase.explain)
UNSET = "(unset)"


def register_profiles() -> None:
    """Register the Hypothesis profiles dev, ci and nightly: derandomized, no deadline, no database."""
    for name, examples in PROFILE_EXAMPLES.items():
        hypothesis_settings.register_profile(name, max_examples=examples, deadline=None, database=None,
                                             derandomize=True, phases=PHASES,
                                             suppress_health_check=list(HealthCheck))


# ---- readers: the text of a set variable -> its value, or ValueError(the problem) ------------------------------

def module_name(text: str) -> str:
    """A dotted module name such as reference_impl.v1."""
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", text):
        raise ValueError(f"not a module name, got {text!r}")
    return text


def tf_version(text: str) -> str:
    """A version the model can imitate, such as 2.13.1 or 2.23.0.dev20261026."""
    if not is_tf_version(text):
        raise ValueError(f"not a TF version, got {text!r} (e.g. 2.13.1 or 2.23.0.dev20261026)")
    return text


def profile(text: str) -> str:
    """One of the registered profiles."""
    if text not in PROFILE_EXAMPLES:
        raise ValueError(f"unknown Hypothesis profile {text!r} (known: {', '.join(PROFILE_EXAMPLES)})")
    return text


def integer(text: str) -> int:
    """A whole number."""
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"must be an integer, got {text!r}") from None


def positive_seconds(text: str) -> float:
    """A finite number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise ValueError(f"must be a positive number of seconds, got {text!r}")
    return value


def existing_file(text: str) -> Path:
    """A file that exists."""
    path = Path(text)
    if not path.is_file():
        raise ValueError(f"no such file: {text}")
    return path


# ---- the table -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    """One environment variable: its default (text, or a function giving it), its meaning and its reader."""

    name: str
    default: str | Callable[[], str]
    meaning: str
    read: Callable[[str], Any] = str
    option: str | None = None  # the pytest option that overrides the variable
    recorded: bool = True  # whether the run_start row records it

    def default_text(self) -> str:
        """The value used when the variable is unset, as text."""
        return self.default if isinstance(self.default, str) else self.default()

    def text(self, override: str | None = None) -> str:
        """The effective text: the option's, else the variable's, else the default."""
        return override or os.environ.get(self.name, "").strip() or self.default_text()

    def source(self, override: str | None = None) -> str:
        """Where the effective text comes from: the option, the environment or the default."""
        if override:
            return str(self.option)
        return "environment" if os.environ.get(self.name, "").strip() else "default"

    def value(self, override: str | None = None) -> Any:
        """The effective value; BadInput naming the variable (or the option) when its text is malformed."""
        text = self.text(override)
        if text == UNSET:
            return None
        try:
            return self.read(text)
        except ValueError as error:
            raise BadInput(str(self.option) if override else self.name, str(error)) from None


TF_MODULE = Setting("CONFORMANCE_TF_MODULE", REAL_TF_MODULE,
                    'the module every "TF" test runs on (reference_impl.v1 runs the suite on the model)',
                    module_name)
IMITATED_VERSION = Setting("REFERENCE_TF_VERSION", default_version,
                           "the TF version the model imitates (default: the installed TF's, else the newest "
                           "modelled)", tf_version)
PROFILE = Setting("HYPOTHESIS_PROFILE", "ci",
                  "Hypothesis profile: dev, ci or nightly (20, 250, 2500 examples per family)", profile,
                  option="--hypothesis-profile")
SEED = Setting("CONFORMANCE_SEED", "0", "the run's Hypothesis seed", integer)
PROGRAM_TIMEOUT = Setting("CONFORMANCE_PROGRAM_TIMEOUT", "60",
                          "per-program time limit in seconds; a program that outlives it is recorded broken",
                          positive_seconds)
KNOWN_DIVERGENCES = Setting("CONFORMANCE_KNOWN_DIVERGENCES", str(DEFAULT_KNOWN_DIVERGENCES),
                            "the reviewed known-divergences file", existing_file, option="--known-divergences")
#: not recorded in the rows: a results file need not name its own directory, and runs written to two
#: directories stay identical
RESULTS_DIR = Setting(RESULTS_DIR_ENV, str(DEFAULT_RESULTS_DIR),
                      "where result rows are written (tf-<version>.jsonl)", Path, recorded=False)
GENERATED_DIR = Setting("CONFORMANCE_GENERATED_DIR", str(REPO_ROOT / "generated"),
                        "the frozen corpus tree: programs, traces, regressions", Path)
MUTANT = Setting("CONFORMANCE_MUTANT", UNSET,
                 "self-check: the TF mutant applied in every process (-p conformance.selfcheck.tf_mutants)")
MODEL_MUTANT = Setting("CONFORMANCE_MODEL_MUTANT", UNSET,
                       "self-check: the model mutant applied in every process "
                       "(-p conformance.selfcheck.model_mutants)")
MATRIX_PROFILE = Setting("PROFILE", "ci", "`python -m conformance.matrix`: the default of --profile (make's PROFILE)")

SETTINGS: tuple[Setting, ...] = (TF_MODULE, IMITATED_VERSION, PROFILE, SEED, PROGRAM_TIMEOUT, KNOWN_DIVERGENCES,
                                 RESULTS_DIR, GENERATED_DIR, MUTANT, MODEL_MUTANT, MATRIX_PROFILE)


def check_all(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Read every setting (BadInput on the first malformed one) and give the effective text of each recorded one
    by name (what the run_start row records).

    `overrides` maps a variable's name to the value of the command-line option that overrides it, if given.
    """
    overrides = overrides or {}
    for setting in SETTINGS:
        setting.value(overrides.get(setting.name))
    return {setting.name: setting.text(overrides.get(setting.name)) for setting in SETTINGS if setting.recorded}


def describe(overrides: Mapping[str, str | None] | None = None) -> list[str]:
    """The table as lines for the pytest header: NAME=value (where it comes from): meaning."""
    overrides = overrides or {}
    width = max(len(f"{s.name}={s.text(overrides.get(s.name))}") for s in SETTINGS)
    return [f"  {f'{s.name}={s.text(overrides.get(s.name))}':<{width}}  ({s.source(overrides.get(s.name))}) "
            f"{s.meaning}" for s in SETTINGS]
