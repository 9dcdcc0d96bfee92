"""conformance/checkpoint.py: the keys a default Saver writes, read from the backend's mapping (the model's here,
TF's where marked), and the model's Saver (reference_impl/saver.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from conformance.backend import load_backend
from conformance.checkpoint import (
    entries_of_specs,
    full_shape_of_slice_spec,
    keys_by_graph,
    real_save_disagreements,
    saver_keys,
)
from conformance.runner import execute, start_from_empty_graph_stack

BACKENDS = ["model", pytest.param("tf", marks=pytest.mark.tf)]


def spec(name: str, slice_spec: str, dtype: str, dims: list[int]) -> SimpleNamespace:
    """A SaveSpec look-alike: name, slice_spec, dtype (with base_dtype) and a tensor with a static shape."""
    dtype_object = SimpleNamespace(name=dtype)
    dtype_object.base_dtype = dtype_object
    return SimpleNamespace(name=name, slice_spec=slice_spec, dtype=dtype_object,
                           tensor=SimpleNamespace(shape=SimpleNamespace(as_list=lambda: list(dims))))


def test_a_slice_spec_gives_the_full_shape() -> None:
    assert full_shape_of_slice_spec("4 3 0,2:0,3") == [4, 3]
    assert full_shape_of_slice_spec("5 2,3") == [5]


def test_the_parts_of_a_sliced_variable_are_one_entry_and_entries_are_sorted_by_key() -> None:
    specs = [spec("p/w", "4 3 2,2:0,3", "float32", [2, 3]), spec("b", "", "int32", [2]),
             spec("p/w", "4 3 0,2:0,3", "float32", [2, 3]), spec("a", "", "float32", [])]
    assert entries_of_specs(specs) == [["a", [], "float32"], ["b", [2], "int32"], ["p/w", [4, 3], "float32"]]


#: every situation of issue 16 item 1: resource and ref variables, partitioned (both kinds), moved out of
#: GLOBAL_VARIABLES by collections=, local, not trainable, in scopes
SITUATIONS = {"format": 1, "family": "checkpoint", "body": [
    {"op": "get_variable", "id": "s1", "name": "w", "shape": [3, 2]},
    {"op": "variable", "id": "s2", "initial_value": 1.0, "name": "ref", "use_resource": False},
    {"op": "variable_scope", "id": "s3", "scope": "p", "partitioner": {"kind": "fixed_size", "num_shards": 2},
     "body": [{"op": "get_variable", "id": "s4", "name": "c", "shape": [4, 3], "dtype": "int32"},
              {"op": "get_variable", "id": "s5", "name": "r", "shape": [3], "use_resource": False}]},
    {"op": "get_variable", "id": "s6", "name": "moved", "shape": [2], "collections": ["my_vars"]},
    {"op": "get_local_variable", "id": "s7", "name": "local", "shape": [2]},
    {"op": "get_variable", "id": "s8", "name": "frozen", "shape": [1, 2], "trainable": False},
    {"op": "name_scope", "id": "s9", "name": "n", "body": [{"op": "variable", "id": "s10", "initial_value": 2}]},
]}
SITUATION_KEYS = [["frozen", [1, 2], "float32"], ["n/Variable", [], "int32"], ["p/c", [4, 3], "int32"],
                  ["p/r", [3], "float32"], ["ref", [], "float32"], ["w", [3, 2], "float32"]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_event_holds_what_a_default_saver_writes(backend: str) -> None:
    """Partitioned: one key, full shape; not in GLOBAL_VARIABLES (collections=, local): no key."""
    trace = execute(SITUATIONS, load_backend(backend)).trace
    assert next(e for e in trace if e["op"] == "checkpoint") == {
        "id": "checkpoint", "op": "checkpoint", "phase": "end", "ok": {"g0": SITUATION_KEYS}}


@pytest.mark.parametrize("backend", BACKENDS)
def test_nothing_saveable_is_no_key_and_building_the_keys_adds_no_op(backend: str) -> None:
    tf = load_backend(backend)
    start_from_empty_graph_stack(tf)
    graph = tf.get_default_graph()
    assert saver_keys(tf, graph) == []
    tf.get_local_variable("local", [2])
    tf.get_variable("w", [2])
    operations = len(graph.get_operations())
    assert saver_keys(tf, graph) == [["w", [2], "float32"]]
    assert len(graph.get_operations()) == operations


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_mapping_error_is_the_graph_entry(backend: str) -> None:
    """A tensor in GLOBAL_VARIABLES: the Saver refuses it, and the event records the refusal for that graph."""
    tf = load_backend(backend)
    start_from_empty_graph_stack(tf)
    tf.add_to_collection(tf.GraphKeys.GLOBAL_VARIABLES, tf.constant(1.0, name="k"))
    other = tf.Graph()
    assert keys_by_graph(tf, [("g0", tf.get_default_graph()), ("g1", other)]) == {
        "g0": {"raised": {"type": "TypeError",
                          "message": 'Variable to save is not a Variable: Tensor("k:0", shape=(), dtype=float32)'}},
        "g1": []}
    with pytest.raises(TypeError):
        saver_keys(tf, tf.get_default_graph())


SAVERS = {"format": 1, "family": "checkpoint", "body": [
    {"op": "get_variable", "id": "s1", "name": "w", "shape": [3, 2]},
    {"op": "variable", "id": "s2", "initial_value": 1.0, "name": "ref", "use_resource": False},
    {"op": "variable_scope", "id": "s3", "scope": "p", "partitioner": {"kind": "fixed_size", "num_shards": 2},
     "body": [{"op": "get_variable", "id": "s4", "name": "c", "shape": [4, 3]}]},
    {"op": "saver", "id": "s5"},
    {"op": "saver", "id": "s6", "var_list": ["s1", "s4"], "name": "mine"},
    {"op": "saver", "id": "s7", "var_list": {"dict": {"old/w": "s1", "c": "s4"}}},
    {"op": "global_variables", "id": "s8"},
    {"op": "saver", "id": "s9", "var_list": {"ref": "s8"}},
    {"op": "saver", "id": "s10", "var_list": ["s1", "s1"]},
    {"op": "saver", "id": "s11", "var_list": {"dict": {"a": "s2", "b": "s2"}}},
    {"op": "saver", "id": "s12", "var_list": []},
]}


def saver_events(trace: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["id"]: e.get("ok", e.get("raised")) for e in trace if e["op"] == "saver"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_savers_are_described_by_their_saver_def_names_and_refuse_with_tfs_messages(backend: str) -> None:
    trace = execute(SAVERS, load_backend(backend)).trace

    def names(scope: str) -> dict[str, str]:
        return {"t": "saver", "filename": f"{scope}/Const:0", "save": f"{scope}/control_dependency:0",
                "restore": f"{scope}/restore_all"}

    assert saver_events(trace) == {
        "s5": names("save"), "s6": names("mine"), "s7": names("save_1"), "s9": names("save_2"),
        "s10": {"type": "ValueError", "message": "At least two variables have the same name: w"},
        "s11": {"type": "ValueError", "message": "The same saveable will be restored with two names: b"},
        "s12": {"type": "ValueError", "message": "No variables to save"}}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_saver_builds_these_ops(backend: str) -> None:
    """Save: filename placeholders, a partitioned resource variable's parts read (DisableCopyOnRead), SaveV2;
    restore: one RestoreV2, then an Identity and AssignVariableOp per resource saveable, Assign per ref one."""
    trace = execute({"format": 1, "family": "checkpoint", "body": SAVERS["body"][:4]}, load_backend(backend)).trace
    operations = next(e for e in trace if e["op"] == "graphs")["ok"]["g0"]
    assert [op for op in operations if op[0].startswith("save/")] == sorted([
        ["save/filename/input", "Const"], ["save/filename", "PlaceholderWithDefault"],
        ["save/Const", "PlaceholderWithDefault"],
        ["save/Read/DisableCopyOnRead", "DisableCopyOnRead"], ["save/Read/ReadVariableOp", "ReadVariableOp"],
        ["save/Identity", "Identity"], ["save/Identity_1", "Identity"],
        ["save/Read_1/DisableCopyOnRead", "DisableCopyOnRead"], ["save/Read_1/ReadVariableOp", "ReadVariableOp"],
        ["save/Identity_2", "Identity"], ["save/Identity_3", "Identity"],
        ["save/SaveV2/tensor_names", "Const"], ["save/SaveV2/shape_and_slices", "Const"], ["save/SaveV2", "SaveV2"],
        ["save/control_dependency", "Identity"],
        ["save/RestoreV2/tensor_names", "Const"], ["save/RestoreV2/shape_and_slices", "Const"],
        ["save/RestoreV2", "RestoreV2"],
        ["save/Identity_4", "Identity"], ["save/AssignVariableOp", "AssignVariableOp"],
        ["save/Identity_5", "Identity"], ["save/AssignVariableOp_1", "AssignVariableOp"],
        ["save/Assign", "Assign"],
        ["save/Identity_6", "Identity"], ["save/AssignVariableOp_2", "AssignVariableOp"],
        ["save/restore_all", "NoOp"]])


@pytest.mark.real_tf
def test_a_real_save_writes_what_the_mapping_says() -> None:
    """The corpus recorder's check: TF's real save of each graph agrees with the event (and a mismatch shows)."""
    tf = load_backend("tf")
    execution = execute(SITUATIONS, tf)
    graphs = sorted(execution.graphs.items())
    assert real_save_disagreements(tf, graphs, {"g0": SITUATION_KEYS}) == ([], [])
    execution = execute(SITUATIONS, tf)
    wrong = {"g0": SITUATION_KEYS[1:]}
    assert real_save_disagreements(tf, sorted(execution.graphs.items()), wrong) == (
        [{"graph": "g0", "mapping": SITUATION_KEYS[1:], "saved": SITUATION_KEYS}], [])


#: resource variables named "" share one resource (VarHandleOp shared_name ""): the last initializer run sets it
SHARED_EMPTY_NAME = {"family": "checkpoint", "format": 1, "body": [
    {"id": "s1", "initializer": {"kind": "zeros"}, "name": "", "op": "get_variable", "shape": [2]},
    {"id": "s2", "initial_value": 1.0, "name": "", "op": "variable"}]}
#: ... and an int32 initial value then cannot be assigned to the float32 resource: the graph cannot be saved
SHARED_EMPTY_NAME_WRONG_DTYPE = {"family": "checkpoint", "format": 1, "body": [
    {"id": "s1", "initial_value": 1.0, "name": "", "op": "variable"},
    {"id": "s2", "initial_value": 2, "name": "", "op": "variable"}]}


@pytest.mark.real_tf
def test_a_real_save_writes_values_shapes_and_a_graph_that_cannot_be_initialized_is_unsaveable() -> None:
    """TF quirk saved_shape_is_the_value_shape agrees with the mapping; a graph whose initializers fail is
    reported apart (nothing to compare), not as a disagreement."""
    tf = load_backend("tf")
    execution = execute(SHARED_EMPTY_NAME, tf)
    event = next(e for e in execution.trace if e["op"] == "checkpoint")["ok"]
    assert event["g0"] == [["VarHandleOp", [2], "float32"], ["VarHandleOp_1", [], "float32"]]
    assert real_save_disagreements(tf, sorted(execution.graphs.items()), event) == ([], [])
    execution = execute(SHARED_EMPTY_NAME_WRONG_DTYPE, tf)
    event = next(e for e in execution.trace if e["op"] == "checkpoint")["ok"]
    disagreements, unsaveable = real_save_disagreements(tf, sorted(execution.graphs.items()), event)
    assert disagreements == [] and [u["graph"] for u in unsaveable] == ["g0"]
    assert "wrong dtype" in unsaveable[0]["raised"]["message"]
