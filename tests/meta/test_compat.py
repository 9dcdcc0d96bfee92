"""The checkpoint compatibility table (conformance/compat/derive.py) and make compat's comparison with real restores
(conformance/compat/check.py), on fixture traces: no TensorFlow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance.compat import check
from conformance.compat.__main__ import main
from conformance.compat.derive import (
    DTYPE,
    MISSING,
    NO_CHECKPOINT,
    NO_SAVER,
    PARTITION_SHAPE,
    RESOURCE_SHAPE,
    SHAPE,
    Problem,
    build_table,
    checkpoint_event,
    flagged_programs,
    graph_verdicts,
    program_compat,
    write_table,
)
from conformance.corpus.store import CorpusProgram
from conformance.corpus.traces import TraceFile, trace_path, write_trace_file
from conformance.errors import BAD_INPUT_EXIT

F32, I32 = "float32", "int32"


def trace(checkpoint: dict[str, Any] | None, ops: dict[str, list[list[str]]] | None = None) -> list[dict[str, Any]]:
    """A trace's end events: the graphs' operations, then (unless None) the checkpoint event."""
    events: list[dict[str, Any]] = [{"id": "end", "op": "graphs", "phase": "end",
                                     "ok": ops or {gid: [] for gid in (checkpoint or {"g0": []})}}]
    if checkpoint is not None:
        events.append({"id": "checkpoint", "op": "checkpoint", "phase": "end", "ok": checkpoint})
    events.append({"id": "values", "op": "values", "phase": "end", "ok": {}})
    return events


def first_break(saved: dict[str, Any], needed: dict[str, Any], ops: dict[str, list[list[str]]] | None = None) -> Problem | None:
    item = program_compat("p", trace(saved), trace(needed, ops))
    assert item is not None
    return item.first_break


def test_extra_keys_in_the_old_checkpoint_do_not_break_a_restore() -> None:
    saved = {"g0": [["a", [2], F32], ["extra", [1], F32]]}
    item = program_compat("p", trace(saved), trace({"g0": [["a", [2], F32]]}))
    assert item is not None and item.first_break is None and item.silent == [] and item.differs


def test_the_first_missing_key_in_sorted_order_breaks() -> None:
    problem = first_break({"g0": [["a", [2], F32]]}, {"g0": [["a", [2], F32], ["b", [1], F32], ["c", [1], F32]]})
    assert problem is not None and (problem.problem, problem.key, problem.saved, problem.needed) == (MISSING, "b", None, [[1], F32])


def test_a_changed_dtype_breaks() -> None:
    problem = first_break({"g0": [["v", [2], F32]]}, {"g0": [["v", [2], I32]]}, {"g0": [["v", "VarHandleOp"]]})
    assert problem is not None and (problem.problem, problem.key, problem.saved, problem.needed) == (DTYPE, "v", [[2], F32], [[2], I32])


def test_a_changed_shape_breaks_ref_and_partitioned_variables_but_not_resource_ones() -> None:
    saved = {"g0": [["r", [2], F32], ["p", [4, 2], F32], ["h", [2], F32]]}
    needed = {"g0": [["h", [3], F32], ["p", [3, 2], F32], ["r", [5], F32]]}
    ops = {"g0": [["h", "VarHandleOp"], ["p/part_0", "VarHandleOp"], ["r", "VariableV2"]]}
    item = program_compat("p", trace(saved), trace(needed, ops))
    assert item is not None and item.first_break is not None
    assert (item.first_break.problem, item.first_break.key) == (PARTITION_SHAPE, "p")
    assert [(p.problem, p.key, p.saved, p.needed) for p in item.silent] == [(RESOURCE_SHAPE, "h", [[2], F32], [[3], F32])]
    only_ref = first_break({"g0": [["r", [2], F32]]}, {"g0": [["r", [5], F32]]}, {"g0": [["r", "VariableV2"]]})
    assert only_ref is not None and (only_ref.problem, only_ref.key) == (SHAPE, "r")


def test_restore_v2_problems_come_before_a_ref_variables_assign() -> None:
    """RestoreV2 fails before any Assign runs, so a later missing key is the first break, not an earlier ref shape."""
    problem = first_break({"g0": [["a", [2], F32]]}, {"g0": [["a", [3], F32], ["b", [1], F32]]}, {"g0": [["a", "VariableV2"]]})
    assert problem is not None and (problem.problem, problem.key) == (MISSING, "b")


@pytest.mark.parametrize("saved", [{}, {"g0": []}, {"g0": {"raised": {"type": "ValueError", "message": "x\ny"}}}])
def test_no_checkpoint_on_a_breaks_at_bs_first_key(saved: dict[str, Any]) -> None:
    problem = first_break(saved, {"g0": [["k", [1], F32], ["z", [1], F32]]})
    assert problem is not None and (problem.problem, problem.key) == (NO_CHECKPOINT, "k")


def test_b_without_a_saver_breaks_only_when_a_had_a_checkpoint() -> None:
    problem = first_break({"g0": [["k", [1], F32]]}, {"g0": []})
    assert problem is not None and problem.problem == NO_SAVER and "No variables to save" in problem.detail
    assert first_break({"g0": []}, {"g0": []}) is None
    assert first_break({"g0": {"raised": {"type": "ValueError", "message": "m"}}}, {"g0": {"raised": {"type": "ValueError", "message": "m"}}}) is None


def test_graphs_are_checked_in_numeric_order() -> None:
    ok = [["a", [1], F32]]
    verdicts = graph_verdicts(trace({"g0": ok, "g2": ok, "g10": ok}), trace({"g0": ok, "g10": [["b", [1], F32]], "g2": [["c", [1], F32]]}))
    assert verdicts is not None and list(verdicts) == ["g0", "g2", "g10"]
    assert verdicts["g0"] is None and verdicts["g2"] is not None and verdicts["g2"].key == "c"


def test_a_trace_without_the_event_is_not_derived() -> None:
    assert checkpoint_event(trace(None)) is None
    assert program_compat("p", trace(None), trace({"g0": []})) is None


def trace_file(version: str, traces: dict[str, list[dict[str, Any]]]) -> TraceFile:
    return TraceFile(Path(f"tf-{version}.jsonl"), {"kind": "header", "tf_version": version}, traces)


def corpus_program(pid_family: str) -> CorpusProgram:
    return CorpusProgram(Path("x.json"), {"format": 1, "family": pid_family, "body": []}, "corpus")


def fixture_files() -> tuple[list[TraceFile], dict[str, str]]:
    """Three versions: p1 loses a key on 2.13.1, p2 changes a resource shape on nightly, p3 never changes, p4 has
    no checkpoint event on 2.12.1."""
    v = [["v", [2], F32]]
    files = [
        trace_file("2.12.1", {"p1": trace({"g0": v}), "p2": trace({"g0": v}), "p3": trace({"g0": []}), "p4": trace(None)}),
        trace_file("2.13.1", {"p1": trace({"g0": [["w", [2], F32]]}), "p2": trace({"g0": v}), "p3": trace({"g0": []}),
                              "p4": trace({"g0": v})}),
        trace_file("2.23.0.dev20261026", {"p1": trace({"g0": [["w", [2], F32]]}),
                                          "p2": trace({"g0": [["v", [3], F32]]}, {"g0": [["v", "VarHandleOp"]]}),
                                          "p3": trace({"g0": []}), "p4": trace({"g0": v})}),
    ]
    return files, {"p1": "get_variable", "p2": "variable", "p3": "ops", "p4": "layers"}


def test_the_table_has_every_consecutive_pair_with_counts_and_first_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    files, families = fixture_files()
    monkeypatch.setattr(CorpusProgram, "id", property(lambda self: self.path.stem))
    programs = [CorpusProgram(Path(f"{pid}.json"), {"format": 1, "family": fam, "body": []}, "corpus")
                for pid, fam in families.items()]
    table = build_table(files, programs)
    assert table["versions"] == ["2.12.1", "2.13.1", "2.23.0.dev20261026"] and table["programs"] == 4
    first, second = table["pairs"]
    assert (first["from"], first["to"], first["compared"], first["without_event"], first["differ"], first["not_restoring"]) == \
        ("2.12.1", "2.13.1", 3, 1, 1, 1)
    assert [(r["program_id"], r["family"], r["graph"], r["problem"], r["key"]) for r in first["breaking"]] == \
        [("p1", "get_variable", "g0", MISSING, "w")]
    assert (second["compared"], second["differ"], second["not_restoring"], second["breaking"]) == (4, 1, 0, [])
    assert [(r["program_id"], r["problem"], r["key"]) for r in second["silent"]] == [("p2", RESOURCE_SHAPE, "v")]
    assert flagged_programs(table) == ["p1", "p2"]


def test_write_table_reads_the_trace_files_of_a_directory(tmp_path: Path) -> None:
    files, _ = fixture_files()
    for f in files:
        write_trace_file(trace_path(f.tf_version, tmp_path), {"kind": "header", "tf_version": f.tf_version}, f.traces)
    out = tmp_path / "compat.json"
    table = write_table(tmp_path, out)
    assert [(p["from"], p["to"]) for p in table["pairs"]] == [("2.12.1", "2.13.1"), ("2.13.1", "2.23.0.dev20261026")]
    assert '"not_restoring": 1' in out.read_text()


# ---- make compat's comparison -------------------------------------------------------------------

def problem(kind: str, key: str | None = "k", saved: list[Any] | None = None, needed: list[Any] | None = None) -> Problem:
    return Problem("g0", kind, key, saved, needed, "")


def raised(kind: str, message: str) -> dict[str, Any]:
    return {"restore_raised": {"type": kind, "message": message}}


SAVED = {"saved": [["k", [2], F32]]}
WRAPPED = "Restoring from checkpoint failed. ...\n\nNode: 'save/RestoreV2'\n{}\n\t [[{{{{node save/RestoreV2}}}}]]"


@pytest.mark.parametrize(("derived", "restored", "verdict"), [
    (None, {"restored": True}, check.AGREE),
    (problem(MISSING), raised("NotFoundError", WRAPPED.format("Key k not found in checkpoint")), check.AGREE),
    (problem(MISSING), raised("NotFoundError", WRAPPED.format("Key other not found in checkpoint")), check.DISAGREE),
    (problem(DTYPE), raised("InvalidArgumentError", WRAPPED.format("tensor_name = k; expected dtype int32 does not equal original dtype float")), check.AGREE),
    (problem(SHAPE, saved=[[3], F32], needed=[[2], F32]),
     raised("InvalidArgumentError", "Assign requires shapes of both tensors to match. lhs shape= [2] rhs shape= [3]"), check.AGREE),
    (problem(SHAPE, saved=[[3], F32], needed=[[2], F32]),
     raised("InvalidArgumentError", "Assign requires shapes of both tensors to match. lhs shape= [3] rhs shape= [2]"), check.DISAGREE),
    (problem(NO_CHECKPOINT), raised("ValueError", "The passed save_path is not a valid checkpoint: /x"), check.AGREE),
    (problem(NO_SAVER, key=None), {"saver_raised": {"type": "ValueError", "message": "No variables to save"}}, check.AGREE),
    (None, raised("NotFoundError", WRAPPED.format("Key k not found in checkpoint")), check.DISAGREE),
    (problem(MISSING), {"restored": True}, check.DISAGREE),
    (None, {"saver_raised": {"type": "ValueError", "message": "No variables to save"}}, check.DISAGREE),
    (problem(MISSING), {"failed": {"type": "RuntimeError", "message": "x"}}, check.UNCHECKED),
])
def test_a_graph_agrees_only_when_the_real_restore_raises_what_the_table_says(
    derived: Problem | None, restored: dict[str, Any], verdict: str
) -> None:
    assert check.graph_agreement(derived, SAVED, restored)[0] == verdict


def test_both_savers_raising_is_nothing_to_restore_and_agrees() -> None:
    nothing = {"saver_raised": {"type": "ValueError", "message": "No variables to save"}}
    assert check.graph_agreement(None, nothing, nothing)[0] == check.AGREE
    assert not check.real_graph_breaks(nothing, nothing) and check.real_graph_breaks(SAVED, nothing)
    assert check.graph_agreement(problem(MISSING), {"failed": {"type": "FailedPreconditionError", "message": ""}},
                                 raised("NotFoundError", "Key k not found in checkpoint"))[0] == check.UNCHECKED


def test_a_program_disagrees_when_as_files_differ_from_its_trace() -> None:
    item = corpus_program("variable")
    older, newer = trace({"g0": [["k", [2], F32]]}), trace({"g0": [["k", [2], F32]]})
    agreeing = check.check_program(item, older, newer, SAVED, {"g0": {"restored": True}})
    assert (agreeing.verdict, agreeing.derived_breaks, agreeing.real_breaks) == (check.AGREE, False, False)
    other_files = check.check_program(item, older, newer, {"g0": {"saved": [["k", [3], F32]]}}, {"g0": {"restored": True}})
    assert other_files.verdict == check.DISAGREE and "its trace says" in other_files.why
    extra_graph = check.check_program(item, older, newer, SAVED, {"g0": {"restored": True}, "g1": {"restored": True}})
    assert extra_graph.verdict == check.DISAGREE and "g1" in extra_graph.why
    no_event = check.check_program(item, trace(None), newer, SAVED, {"g0": {"restored": True}})
    assert no_event.verdict == check.UNCHECKED


def test_labels_are_checked_and_paired_in_matrix_order() -> None:
    assert check.check_labels("nightly 2.21.0, 2.20.0") == ["2.20.0", "2.21.0", "nightly"]
    assert check.pairs_of(["2.20.0", "2.21.0", "nightly"]) == [("2.20.0", "2.21.0"), ("2.21.0", "nightly")]
    assert check.check_labels("")[0] == "2.12.1" and check.check_labels("")[-1] == "nightly"
    with pytest.raises(check.CompatInputError, match="unknown TF version label '2.99.0'"):
        check.check_labels("2.21.0 2.99.0")
    with pytest.raises(check.CompatInputError, match="at least two"):
        check.check_labels("2.21.0")


def test_the_sample_is_deterministic_prefers_programs_with_variables_and_adds_flagged_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CorpusProgram, "id", property(lambda self: self.path.stem))
    with_variable = {"format": 1, "family": "ops", "body": [{"op": "get_variable", "id": "s1", "name": "v"}]}
    without = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "value": 1.0}]}
    programs = [CorpusProgram(Path("a.json"), without, "corpus"), CorpusProgram(Path("b.json"), with_variable, "corpus"),
                CorpusProgram(Path("c.json"), with_variable, "corpus"), CorpusProgram(Path("d.json"), without, "corpus")]
    chosen = check.choose_sample(programs, 2, flagged=["d"])
    assert [p.id for p in chosen] == ["b", "c", "d"]
    assert [p.id for p in check.choose_sample(list(reversed(programs)), 2, flagged=["d"])] == ["b", "c", "d"]
    assert [p.id for p in check.choose_sample(programs, 3, flagged=[])] == ["a", "b", "c"]


@pytest.mark.parametrize(("argv", "named"), [
    (["check", "--versions", "2.21.0 2.99.0"], "unknown TF version label '2.99.0'"),
    (["check", "--versions", "2.20.0 2.21.0", "--traces", "{tmp}"], "{tmp}/tf-2.20.0.jsonl: missing trace file for TF 2.20.0"),
])
def test_bad_input_is_one_line_and_exit_2(argv: list[str], named: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = main([arg.replace("{tmp}", str(tmp_path)) for arg in argv])
    err = capsys.readouterr().err
    assert code == BAD_INPUT_EXIT and err.count("\n") == 1 and named.replace("{tmp}", str(tmp_path)) in err



def test_each_pair_adds_the_programs_with_a_variable_whose_traces_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a program whose trace differs can change its keys; a version's job saves its pairs' programs and
    restores, from the earlier version of each pair, that pair's programs."""
    monkeypatch.setattr(CorpusProgram, "id", property(lambda self: self.path.stem))
    with_variable = {"format": 1, "family": "ops", "body": [{"op": "variable", "id": "s1"}]}
    without = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "value": 1.0}]}
    programs = [CorpusProgram(Path(f"{pid}.json"), body, "corpus")
                for pid, body in (("same", with_variable), ("changed", with_variable), ("plain", without))]
    older = trace_file("2.20.0", {"same": trace({"g0": []}), "changed": trace({"g0": []}), "plain": trace({"g0": []})})
    newer = trace_file("2.21.0", {"same": trace({"g0": []}), "changed": trace({"g0": [["v", [1], F32]]}),
                                  "plain": trace({"g0": [["v", [1], F32]]})})
    assert [p.id for p in check.changed_programs(older, newer, programs)] == ["changed"]
    a, b, c = programs
    the_plan = check.Plan(["2.20.0", "2.21.0", "nightly"], {("2.20.0", "2.21.0"): [a, b], ("2.21.0", "nightly"): [b, c]},
                          {}, {}, {}, {})
    assert [p.id for p in the_plan.programs_of("2.21.0")] == ["same", "changed", "plain"]
    assert the_plan.job("2.21.0")["restore"] == {"2.20.0": ["same", "changed"]}
    assert the_plan.job("nightly")["restore"] == {"2.21.0": ["changed", "plain"]}
    assert the_plan.job("2.20.0")["restore"] == {} and len(the_plan.job("2.20.0")["programs"]) == 2
