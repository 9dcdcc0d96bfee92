"""The generator's yield (issue 14): every program the differential test draws counts.

Over a ci-sized sample of each family, drawn exactly as tests/suite/test_differential.py draws it (the ci profile,
$CONFORMANCE_SEED): no empty or incomplete program, at least YIELD_FLOOR distinct programs, and the statement-count
distribution (printed, recorded as the test's `statement_counts` property, and asserted on). The shrinker still
reaches two-statement programs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, find, settings

from conformance.program import FAMILIES, count_statements, program_id, walk
from conformance.sampling import profile_programs
from conformance.settings import PROFILE_EXAMPLES, SEED
from conformance.strategies import MIN_STATEMENTS, programs, swarm_knobs

PROFILE = "ci"
#: distinct programs per example drawn, at least
YIELD_FLOOR = 0.95
#: statement counts from this one on are shown together
LONG = 10

Program = dict[str, Any]


def distribution(counts: Counter[int]) -> str:
    """`2:51 3:25 ... 10+:94`: how many programs have each statement count."""
    buckets: Counter[int] = Counter()
    for n, k in counts.items():
        buckets[min(n, LONG)] += k
    return " ".join(f"{n}{'+' if n == LONG else ''}:{buckets[n]}" for n in sorted(buckets))


def has_own_kind(program: Program) -> bool:
    focus = swarm_knobs(program["family"]).focus
    return any(stmt["op"] in focus for stmt in walk(program["body"]))


@pytest.mark.parametrize("family", FAMILIES)
def test_every_drawn_program_counts(family: str, record_property: Callable[[str, object], None]) -> None:
    """No empty program, every one complete, distinct programs >= YIELD_FLOOR of the examples."""
    drawn = profile_programs(family, PROFILE, int(SEED.value()))
    counts = Counter(count_statements(p) for p in drawn)
    distinct = len({program_id(p) for p in drawn})
    line = (f"{family}: {len(drawn)} examples, {distinct} distinct ({distinct / len(drawn):.0%}), "
            f"statements {distribution(counts)}")
    print(line)
    record_property("statement_counts", dict(sorted(counts.items())))
    record_property("distinct_programs", distinct)
    assert len(drawn) == PROFILE_EXAMPLES[PROFILE], line
    assert min(counts) >= MIN_STATEMENTS, f"a program shorter than {MIN_STATEMENTS} statements: {line}"
    assert all(has_own_kind(p) for p in drawn), f"a program without a statement of its family's kinds: {line}"
    assert distinct >= YIELD_FLOOR * len(drawn), line
    assert max(counts) >= LONG, f"no long program: {line}"


#: (family, what a failing program has): a planted bug's trigger, in a family that draws it
TRIGGERS: dict[str, Callable[[Program], bool]] = {
    "get_variable": lambda p: (lambda names: len(names) > len(set(names)))(
        [s["name"] for s in walk(p["body"]) if s["op"] == "get_variable"]),
    "name_scope": lambda p: any(s["op"] == "name_scope" and "default_name" in s for s in walk(p["body"])),
    "variable_scope": lambda p: any(s["op"] == "variable_scope" and s.get("reuse") is True
                                    for s in walk(p["body"])),
    "graph": lambda p: any(s["op"] == "unique_name" and s["mark_as_used"] is False for s in walk(p["body"])),
    "variable": lambda p: any(s["op"] == "variable" and isinstance(s["initial_value"], dict)
                              for s in walk(p["body"])),
    "invalid_names": lambda p: any(s.get("name") == "/" for s in walk(p["body"])),
}
SHRINKING = settings(database=None, derandomize=True, max_examples=1000, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("family", list(TRIGGERS))
def test_the_shrinker_reaches_two_statement_programs(family: str) -> None:
    """Completeness does not cost short repros: the shrunk program is MIN_STATEMENTS long."""
    shrunk = find(programs(family), TRIGGERS[family], settings=SHRINKING)
    assert count_statements(shrunk) == MIN_STATEMENTS, shrunk
