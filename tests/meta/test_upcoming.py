"""The upcoming tf-nightly changes (conformance/corpus/upcoming.py): shrinking on the model, and the issue texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.corpus.upcoming import NOT_RUN, change_signature, shrink, upcoming_changes
from conformance.program import count_statements

OLD, NEW = "2.21.0", "2.23.0.dev20261026"
#: tf-nightly names a binary op's Python-scalar constant `Const` under the op (`sub/Const`), 2.21.0 `sub/y`
SUB_CONSTANT = [{"id": "s1", "op": "constant", "value": 1.0},
                {"id": "s2", "op": "operator", "sym": "-", "x": {"ref": "s1"}, "y": 1.0}]
PADDING = [{"id": "s3", "op": "name_scope", "name": "a", "body": [{"id": "s4", "op": "constant", "value": 2}]},
           {"id": "s5", "op": "get_variable", "name": "v", "shape": [], "initializer": {"kind": "zeros"}}]


def program(body: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": 1, "family": "ops", "body": body}


def test_signature_names_the_change_and_none_when_versions_agree() -> None:
    assert change_signature(program(SUB_CONSTANT), OLD, NEW) == "operation lists"
    assert change_signature(program(SUB_CONSTANT[:1]), OLD, NEW) is None


def test_shrink_drops_every_statement_the_change_does_not_need() -> None:
    padded = program([PADDING[0], *SUB_CONSTANT, PADDING[1]])
    shrunk = shrink(padded, lambda candidate: change_signature(candidate, OLD, NEW) == "operation lists")
    assert shrunk["body"] == SUB_CONSTANT
    assert count_statements(shrunk) == 2


def test_a_dangling_reference_is_not_a_smaller_repro() -> None:
    """Deleting s1 would leave `s1 - 1.0` raising NameError on both versions: not a repro of the change."""
    assert change_signature(program(SUB_CONSTANT[1:]), OLD, NEW) is None


def test_issue_text_of_a_group(tmp_path: Path) -> None:
    """Without matrix venvs the outputs say so; the title, repro and marker come from the shrunk program."""
    changes = {"pairs": [{"from": OLD, "to": NEW, "compared": 1, "changed": 1, "groups": [
        {"what": "operation lists", "count": 1, "programs": [{"program_id": "p1"}]}]}]}

    class Stored:
        id, program = "p1", program([*SUB_CONSTANT, PADDING[1]])

    [found] = upcoming_changes(changes, [Stored()], tmp_path)  # type: ignore[list-item]
    assert found.title == f"tf-nightly {NEW}: operations are named sub/Const instead of sub/y"
    assert found.old_output == found.new_output == NOT_RUN
    text = found.markdown()
    assert "attempt('s2', lambda: s1 - 1.0)" in text and "get_variable" not in text
    assert "# <-- first difference" in text and "show_values" not in text
    assert found.slug == "01-operation-lists"


def test_no_nightly_pair_means_no_upcoming_changes(tmp_path: Path) -> None:
    assert upcoming_changes({"pairs": [{"from": "2.20.0", "to": "2.21.0", "groups": []}]}, [], tmp_path) == []
