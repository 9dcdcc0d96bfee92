"""Family shards (conformance/shards.py): budgets, seeds and test ids; what a crash in a shard loses (inflight); a
run that lost programs is broken (plugin); a family is compared in full only when every shard of it passed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance import inflight
from conformance.plugin import COMPARED, broken_run_reason
from conformance.program import FAMILIES
from conformance.runs import family_counts
from conformance.settings import PROFILE_EXAMPLES
from conformance.shards import (
    PROFILE_SHARDS,
    Shard,
    budget_of_test,
    family_and_shard,
    run_order,
    shard_budget,
    shard_seed,
    shards,
)

TEST = "tests/suite/test_differential.py::test_family"
PROGRAM = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "name": "x", "value": 1.0}]}


@pytest.mark.parametrize("profile", list(PROFILE_EXAMPLES))
def test_the_shards_budgets_add_up_to_the_familys(profile: str) -> None:
    """The user-visible budget stays per family: the shards' budgets add up to it, none differing by more than one."""
    budgets = [shard.budget for shard in shards("ops", profile)]
    assert len(budgets) == PROFILE_SHARDS[profile]
    assert sum(budgets) == PROFILE_EXAMPLES[profile]
    assert max(budgets) - min(budgets) <= 1


def test_ci_and_nightly_have_ten_shards_of_a_tenth() -> None:
    assert [s.budget for s in shards("ops", "ci")] == [25] * 10
    assert [s.budget for s in shards("ops", "nightly")] == [250] * 10
    with pytest.raises(ValueError, match="has shards 0..9, not 10"):
        shard_budget("ci", 10)


@pytest.mark.parametrize("profile", list(PROFILE_EXAMPLES))
def test_the_run_order_is_breadth_first(profile: str) -> None:
    """Shard 0 of every family (in the given order) runs before shard 1 of any, and every shard runs once."""
    families = list(FAMILIES)
    order = run_order(families, profile)
    assert [(s.family, s.index) for s in order[:len(families)]] == [(family, 0) for family in families]
    assert [s.index for s in order] == sorted(s.index for s in order)
    assert sorted(order, key=lambda s: (families.index(s.family), s.index)) == \
        [shard for family in families for shard in shards(family, profile)]


def test_shard_seeds_are_fixed_and_distinct() -> None:
    """The one derivation: the same run seed, family and index give the same seed on any machine (these values are
    pinned), and no two shards of a run share one."""
    assert shard_seed(0, "name_scope", 3) == shard_seed(0, "name_scope", 3) == 473692423636067972
    seeds = {shard.seed(0) for family in FAMILIES for shard in shards(family, "ci")}
    assert len(seeds) == len(FAMILIES) * PROFILE_SHARDS["ci"]
    assert shard_seed(1, "name_scope", 3) != shard_seed(0, "name_scope", 3)


def test_a_test_id_names_its_family_and_shard() -> None:
    shard = Shard("name_scope", 3, 10, 25)
    test = f"{TEST}[{shard.test_parameter}]"
    assert test.endswith("[name_scope-shard3]")
    assert family_and_shard(test) == ("name_scope", 3)
    assert family_and_shard(f"{TEST}[ops]") == ("ops", None)
    assert family_and_shard("tests/meta/test_x.py::test_y") == ("unknown", None)
    assert budget_of_test(test, "ci") == 25
    assert budget_of_test(f"{TEST}[name_scope-shard3]", "dev") is None  # dev has shards 0 and 1
    assert budget_of_test(f"{TEST}[ops]", "ci") is None


def test_the_opening_is_skipped_by_every_shard_but_the_first() -> None:
    first, other = Shard("ops", 0, 10, 25), Shard("ops", 1, 10, 25)
    assert not any(first.skips(call) for call in range(1, 30))
    assert [other.skips(call) for call in range(1, 9)] == [True] * 6 + [False] * 2


# ---- what a crash loses ---------------------------------------------------------------------------------------

def crashed(tmp_path: Path, test: str, budget: int | None, run: Any) -> dict[str, Any]:
    """The broken row of a worker that died at `run(watch)` (its files are read as the controller reads them)."""
    results = tmp_path / "tf-2.21.0.jsonl"
    watch = inflight.Watch(results, "gw1")
    try:
        run(watch)
        [row] = inflight.crash_rows(results, "gw1", test, repr, budget)
    finally:
        watch.close()
    return row


def test_a_crash_in_a_program_loses_the_rest_of_its_shard(tmp_path: Path) -> None:
    test, results = f"{TEST}[ops-shard3]", tmp_path / "tf-2.21.0.jsonl"
    watch = inflight.Watch(results, "gw1")
    try:
        with watch.running(PROGRAM, test, 5.0, 3, 14):
            assert inflight.in_flight(results, "gw1")
            [row] = inflight.crash_rows(results, "gw1", test, repr, 25)
    finally:
        watch.close()
    assert (row["family"], row["shard"], row["not_run"], row["program"]) == ("ops", 3, 14, PROGRAM)


def test_a_crash_between_two_programs_loses_what_the_shard_had_left(tmp_path: Path) -> None:
    test = f"{TEST}[ops-shard3]"

    def run(watch: inflight.Watch) -> None:
        with watch.running(PROGRAM, test, 5.0, 3, 9):
            pass
        assert not inflight.in_flight(tmp_path / "tf-2.21.0.jsonl", "gw1")  # only the shard's progress is left

    row = crashed(tmp_path, test, 25, run)
    assert (row["program_id"], row["shard"], row["not_run"]) == ("-", 3, 9)
    assert "between two programs of its shard" in row["reason"]


def test_a_crash_while_setting_a_shard_up_loses_all_of_it(tmp_path: Path) -> None:
    """The marker holds the previous test's progress: the crashed test had run nothing, so its whole budget."""
    def run(watch: inflight.Watch) -> None:
        with watch.running(PROGRAM, f"{TEST}[ops-shard2]", 5.0, 2, 0):
            pass

    row = crashed(tmp_path, f"{TEST}[ops-shard3]", 25, run)
    assert (row["program_id"], row["shard"], row["not_run"]) == ("-", 3, 25)
    assert "while setting up" in row["reason"]


# ---- the run ------------------------------------------------------------------------------------------------

def program_row(family: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "program", "run_id": "r", "family": family, "status": status, "program_id": "p", **extra}


def test_a_run_that_lost_programs_after_a_crash_is_broken_with_how_many() -> None:
    counts = family_counts([program_row("ops", "pass"), program_row("ops", "broken", shard=3, not_run=14),
                            program_row("graph", "broken", shard=0, not_run=2),
                            program_row("name_scope", "broken", shard=1, not_run=0)])
    assert broken_run_reason(1, [], counts) == "16 programs not run after a crash (graph 2, ops 14)"
    assert broken_run_reason(1, [], family_counts([program_row("ops", "broken", shard=9, not_run=0)])) is None


class Report:
    """What take_notes reads of a test report."""

    def __init__(self, passed: bool, *notes: list[Any]) -> None:
        self.passed = passed
        self.user_properties = [(COMPARED, note) for note in notes]


def test_a_family_is_compared_in_full_only_when_every_shard_passed() -> None:
    from conformance.plugin import RunState

    state = RunState.__new__(RunState)
    state.matched, state.compared, state.compared_shards = set(), set(), {}
    for index in range(9):
        state.take_notes(Report(True, ["ops", "2.21.0", index, 10]))  # type: ignore[arg-type]
    state.take_notes(Report(False, ["ops", "2.21.0", 9, 10]))  # type: ignore[arg-type]
    state.take_notes(Report(True, ["graph", "2.21.0"]))  # type: ignore[arg-type]  # a test without shards
    assert state.compared == {("graph", "2.21.0")}
    state.take_notes(Report(True, ["ops", "2.21.0", 9, 10]))  # type: ignore[arg-type]
    assert state.compared == {("graph", "2.21.0"), ("ops", "2.21.0")}
