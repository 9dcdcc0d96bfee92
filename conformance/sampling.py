"""Deterministic samples of generated programs: the same seed gives the same programs, in the same order.

One sampler serves the frozen corpus (conformance/corpus/store.py), the benchmarks' fallback sample
(conformance/selfcheck/bench.py) and the isolation replay (tests/support/isolation.py).
"""

from __future__ import annotations

from typing import Any

from conformance.program import FAMILIES, count_statements, program_id

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
