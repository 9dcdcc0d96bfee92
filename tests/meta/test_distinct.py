"""Distinct programs (conformance/runs.py): a program seen in several rows of a run counts once, with its worst row's
status; rows keep counting every example."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from conformance.results import PROGRAM_STATUSES
from conformance.runs import SEVERITY, Run, counts_table, distinct_counts, distinct_programs


def row(program_id: str | None, status: str, family: str = "ops", **extra: Any) -> dict[str, Any]:
    """A program row with only what counting reads."""
    return {"kind": "program", "run_id": "r", "family": family, "program_id": program_id, "status": status, **extra}


def test_severity_orders_every_status_a_row_can_have() -> None:
    assert sorted(SEVERITY) == sorted(PROGRAM_STATUSES)
    assert SEVERITY == ("pass", "xfail", "diverge", "broken")


@pytest.mark.parametrize("statuses", list(itertools.permutations(SEVERITY)))
def test_a_program_takes_its_worst_rows_status_whatever_the_order(statuses: tuple[str, ...]) -> None:
    rows = [row("p", status) for status in statuses]
    assert [r["status"] for r in distinct_programs(rows)] == ["broken"]
    assert distinct_counts(rows) == {"ops": {"rows": 4, "programs": 1, "diverge": 0, "broken": 1, "xfail": 0, "not_run": 0}}


@pytest.mark.parametrize(("statuses", "worst"), [
    (("pass", "pass"), "pass"),
    (("pass", "xfail"), "xfail"),
    (("xfail", "diverge", "pass"), "diverge"),
    (("diverge", "broken"), "broken"),
])
def test_worst_row_pairs(statuses: tuple[str, ...], worst: str) -> None:
    assert [r["status"] for r in distinct_programs([row("p", s) for s in statuses])] == [worst]


def test_the_first_of_the_worst_rows_is_kept_in_order_of_first_appearance() -> None:
    """The kept row is the first row with the worst status (its traces and repro are the ones detailed)."""
    rows = [row("a", "pass"), row("b", "diverge", n=1), row("a", "diverge", n=2), row("b", "diverge", n=3),
            row("c", "pass")]
    kept = distinct_programs(rows)
    assert [(r["program_id"], r.get("n")) for r in kept] == [("a", 2), ("b", 1), ("c", None)]


def test_programs_are_distinct_per_family() -> None:
    rows = [row("p", "pass", "ops"), row("p", "pass", "graph"), row("p", "pass", "ops")]
    counts = distinct_counts(rows)
    assert {family: (c["rows"], c["programs"]) for family, c in counts.items()} == {"graph": (1, 1), "ops": (2, 1)}
    assert list(counts) == ["graph", "ops"]


@pytest.mark.parametrize("missing", ["-", None])
def test_a_row_without_a_program_is_never_merged(missing: str | None) -> None:
    """A worker that died outside any program gives a broken row with program_id `-`: each one counts."""
    rows = [row(missing, "broken"), row(missing, "broken"), row("p", "pass")]
    assert distinct_counts(rows)["ops"] == {"rows": 3, "programs": 3, "diverge": 0, "broken": 2, "xfail": 0, "not_run": 0}


def test_a_run_counts_rows_for_run_end_and_distinct_programs_for_the_summaries() -> None:
    run = Run({"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"},
              programs=[row("a", "pass"), row("a", "diverge"), row("b", "pass"), row("b", "pass")])
    assert run.counts == {"ops": {"programs": 4, "diverge": 1, "broken": 0, "xfail": 0, "not_run": 0}}
    assert run.totals == {"programs": 4, "diverge": 1, "broken": 0, "xfail": 0, "not_run": 0}
    assert run.pass_rate == 0.75
    assert run.distinct == {"ops": {"rows": 4, "programs": 2, "diverge": 1, "broken": 0, "xfail": 0, "not_run": 0}}
    assert run.distinct_totals == {"rows": 4, "programs": 2, "diverge": 1, "broken": 0, "xfail": 0, "not_run": 0}
    assert run.distinct_pass_rate == 0.5


def test_a_run_without_programs_has_no_pass_rate() -> None:
    run = Run({"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"})
    assert run.distinct == {} and run.distinct_pass_rate is None and run.pass_rate is None


def test_the_terminal_table_shows_rows_beside_distinct_programs_and_states_the_rule() -> None:
    rows = [row("a", "pass"), row("a", "pass"), row("b", "xfail"), row("c", "broken", "graph")]
    lines = counts_table(distinct_counts(rows)).splitlines()
    assert lines[0].split() == ["family", "rows", "programs", "passed", "diverge", "broken", "xfail"]
    assert [line.split() for line in lines[2:5]] == [["graph", "1", "1", "0", "0", "1", "0"],
                                                      ["ops", "3", "2", "1", "0", "0", "1"],
                                                      ["total", "4", "3", "1", "0", "1", "1"]]
    assert "worst row's status (broken > diverge > xfail > pass)" in lines[5]


def test_programs_not_run_after_a_crash_add_up_per_family_over_every_row() -> None:
    """A crash row's `not_run` (the rest of its shard) is summed per family over every row, even when two crashes
    hit one program (two shards lost their remainders), and the terminal summary says it per family."""
    rows = [row("a", "pass"), row("a", "broken", shard=3, not_run=14), row("a", "broken", shard=7, not_run=2),
            row("-", "broken", "graph", shard=0, not_run=25), row("b", "broken", shard=1, not_run=0)]
    counts = distinct_counts(rows)
    assert {family: (c["programs"], c["broken"], c["not_run"]) for family, c in counts.items()} == {
        "graph": (1, 1, 25), "ops": (2, 2, 16)}
    assert Run({"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}, programs=rows).counts["ops"]["not_run"] == 16
    lines = counts_table(counts).splitlines()
    assert lines[-2:] == ["graph: 25 programs not run after a crash", "ops: 16 programs not run after a crash"]
    assert not [line for line in counts_table(distinct_counts(rows[:1])).splitlines() if "not run" in line]
