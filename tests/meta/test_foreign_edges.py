"""Ops with an input from another graph: the cycle check the model predicts (reference_impl/session.py) and the
node-id padding that keeps TF's Session memory-safe (conformance/foreign_edges.py, TF quirk
foreign_edge_out_of_bounds)."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.backend import load_backend
from conformance.foreign_edges import PAD_NAME, has_foreign_input
from conformance.runner import execute

PARTITIONED = {"initializer": {"kind": "zeros"}, "name": "Read", "op": "get_variable",
               "partitioner": {"kind": "min_max", "max_partitions": 2, "min_slice_size": 4}, "shape": [1, 2],
               "use_resource": True}
#: a partitioned variable of graph s1 read in a thread, whose default graph is g0: its concatenation is built in s1
#: and the comparisons that take it are built in g0 (program bbdf895d7eaaaf5b, shrunk)
FOREIGN_INPUTS = {"family": "control_flow", "format": 1, "body": [
    {"id": "s1", "op": "new_graph"},
    {"id": "s2", "op": "as_default", "graph": "s1", "body": [
        {"id": "s3", **PARTITIONED},
        {"id": "s4", "op": "thread", "body": [
            {"id": "s5", "name": "Read", "op": "greater", "x": {"ref": "s3"}, "y": 2},
            {"id": "s6", "op": "name_scope", "name": None, "default_name": "Add", "body": [
                {"id": "s7", "op": "less", "x": {"ref": "s3"}, "y": 1.0},
                {"id": "s8", "op": "identity", "x": {"ref": "s7"}}]}]}]}]}
PENDING = ("Graph execution error:\n\nGraph is invalid, contains a cycle with 3 nodes, including: Read, Add/Less, "
           "Add/Identity")


def values_of(trace: list[dict[str, Any]]) -> dict[str, Any]:
    return next(event for event in trace if event["op"] == "values")["ok"]


@pytest.mark.parametrize("backend", ["model", pytest.param("tf", marks=pytest.mark.tf)])
def test_an_op_with_a_foreign_input_and_every_op_it_feeds_stay_pending(backend: str) -> None:
    """ValidateGraphHasNoCycle never visits the foreign source: the greater, the less and the identity fed by it stay
    pending, counted and named in creation order; the variable's own graph still runs."""
    values = values_of(execute(FOREIGN_INPUTS, load_backend(backend)).trace)
    assert values["s3[0]"] == {"dtype": "float32", "value": [[0.0, 0.0]]}
    assert {sid: values[sid]["raised"]["message"] for sid in ("s5", "s7")} == {"s5": PENDING, "s7": PENDING}


@pytest.mark.real_tf  # TF's C API, not the module under test's
def test_tf_graphs_are_padded_past_every_node_id_when_an_op_took_a_foreign_input() -> None:
    """Before the values step, each graph holds more nodes than any graph's node ids can reach (the largest graph
    plus two ids per statement for failed creations), so no Session writes out of bounds."""
    execution = execute(FOREIGN_INPUTS, load_backend("tf"))
    graphs = [graph for graph in execution.graphs.values() if graph.get_operations()]
    assert [has_foreign_input(graph) for graph in graphs] == [False, True]  # s1 feeds g0
    pads = [sum(op.type == "NoOp" and op.name.startswith(PAD_NAME) for op in graph.get_operations())
            for graph in graphs]
    assert all(pads) and len({len(graph.get_operations()) for graph in graphs}) == 1


@pytest.mark.real_tf
def test_tf_graphs_without_a_foreign_input_are_not_padded() -> None:
    program = {"family": "graph", "format": 1, "body": [
        {"id": "s1", "op": "new_graph"},
        {"id": "s2", "op": "as_default", "graph": "s1", "body": [{"id": "s3", **PARTITIONED}]},
        {"id": "s4", "op": "greater", "x": 1.0, "y": 2.0}]}
    execution = execute(program, load_backend("tf"))
    assert not any(op.type == "NoOp" for graph in execution.graphs.values() for op in graph.get_operations())


@pytest.mark.parametrize("backend", ["model", pytest.param("tf", marks=pytest.mark.tf)])
def test_an_op_type_constraint_is_checked_as_soon_as_its_type_is_inferred(backend: str) -> None:
    """op_def_library: T is checked against the op def when the first input gives it, before the second input is
    converted to it: `-x` and `tf.add(x, 2.0)` of a bool name x, not the failed conversion of 2.0 (the same on
    2.12.1, 2.21.0 and tf-nightly; `tf.multiply` differs by version, see the closing note of session 7)."""
    program = {"family": "ops", "format": 1, "body": [
        {"id": "s1", "op": "greater", "x": 1.0, "y": 2.0},
        {"id": "s2", "op": "neg", "x": {"ref": "s1"}},
        {"id": "s3", "op": "binary", "fn": "add", "x": {"ref": "s1"}, "y": 2.0}]}
    trace = execute(program, load_backend(backend)).trace
    raised = {event["id"]: event["raised"]["message"] for event in trace if "raised" in event}
    assert raised["s2"].startswith("Value passed to parameter 'x' has DataType bool not in list of allowed values: "
                                   "bfloat16, float16, float32, float64, int8, int16, int32, int64, complex64")
    assert raised["s3"].startswith("Value passed to parameter 'x' has DataType bool not in list of allowed values: "
                                   "bfloat16, float16, float32, float64, uint8, uint16, uint32, uint64, int8, int16")
