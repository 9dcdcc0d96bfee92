"""Model mutants: planted bugs in reference_impl, to measure how fast the suite catches a wrong model.

Each mutant is one textual change to one function of the model, recompiled in its own module and installed in
this process only; reference_impl itself knows nothing about them. As a pytest plugin
(`-p conformance.selfcheck.model_mutants` with $CONFORMANCE_MODEL_MUTANT=<name>) the mutant is applied in every process,
pytest-xdist workers included. `python -m conformance.selfcheck.bench` uses them for `time_to_detect_median_s`.
"""

from __future__ import annotations

import os

from conformance.selfcheck.mutation import Mutant, apply, load_mutants
from conformance.selfcheck.mutation import by_name as _by_name

MODEL_MUTANT_ENV = "CONFORMANCE_MODEL_MUTANT"


MODEL_MUTANTS: tuple[Mutant, ...] = load_mutants("model")


def by_name(name: str) -> Mutant:
    """The model mutant called `name`; ValueError naming the known ones otherwise."""
    return _by_name(MODEL_MUTANTS, name, "model mutant")


def pytest_configure(config: object) -> None:
    """As a pytest plugin (-p conformance.selfcheck.model_mutants): apply $CONFORMANCE_MODEL_MUTANT in this process."""
    name = os.environ.get(MODEL_MUTANT_ENV)
    if name:
        import pytest

        import reference_impl.v1  # noqa: F401 - every model module loaded, so imported names are replaced too
        try:
            apply(by_name(name), "model mutant")
        except (ValueError, RuntimeError) as error:
            raise pytest.UsageError(f"${MODEL_MUTANT_ENV}: {error}") from None
