"""Keeping TF's Session memory-safe when an op took an input from another graph: padding the graphs' node ids.

TF quirk `foreign_edge_out_of_bounds`: an op built in one graph G with an input tensor of another graph H (reached
unchecked, see reference_impl/ops.py `foreign_input_has_no_shape`) gets a C edge from H's node, so that node has an
out-edge into G. When a Session first runs H, graph::ValidateGraphHasNoCycle walks that out-edge and decrements
`pending_count[dst->id()]`, a vector sized by H's node ids, with G's node id. When that id is H's or larger the
write is out of bounds: on 2.21.0 it aborted a worker ("free(): invalid pointer", program bbdf895d7eaaaf5b), and
passed silently in other programs. When it is in bounds it only decrements an unrelated counter, which cannot change
the outcome: every node still reaches zero exactly once (G's side, the ops left pending, is modelled in
reference_impl/session.py).

So before any Session runs, the harness gives every graph of such a program more node ids than any graph's nodes
can have: it adds NoOp nodes named `pad` at the root (created one by one: tf.import_graph_def would add _SOURCE and
_SINK edges, which change the cycle check). This happens after the trace's graph events, changes no value, and only
on TF: the model keeps no C graph. A Session of the repro script does the same (conformance/render.py).
"""

from __future__ import annotations

from typing import Any

#: the name of each padding node (uniquified: pad, pad_1, ...)
PAD_NAME = "pad"


def has_foreign_input(graph: Any) -> bool:
    """TF: an op of the graph has an input whose source node is not the graph's node of that name (absent, of
    another op type, or the op itself). The C API names the source in its own graph; only names are safe to read."""
    from tensorflow.python.client import pywrap_tf_session as c_api  # only reached on TF

    operations = graph.get_operations()
    by_name = {op.name: op for op in operations}
    for op in operations:
        for source in c_api.GetOperationInputs(op._c_op):
            found = by_name.get(c_api.TF_OperationName(source.oper))
            if found is None or found is op or found.type != c_api.TF_OperationOpType(source.oper):
                return True
    return False


def pad_node_ids(tf: Any, graphs: list[Any], failures_bound: int) -> int:
    """TF, a program with more than one graph one of which has a foreign input: pad every graph up to the largest
    graph's op count plus `failures_bound` (the node ids an op creation that failed used up: at most two per
    statement). Returns how many nodes were added."""
    graphs = [graph for graph in graphs if type(graph).__name__ == "Graph" and hasattr(graph, "_c_graph")
              and graph.get_operations()]  # a function graph (a cond branch) is never run by a Session
    if len(graphs) < 2 or not any(has_foreign_input(graph) for graph in graphs):
        return 0
    target = max(len(graph.get_operations()) for graph in graphs) + failures_bound
    added = 0
    for graph in graphs:
        missing = target - len(graph.get_operations())
        finalized = graph.finalized
        if finalized:
            graph._unsafe_unfinalize()
        with graph.as_default(), tf.name_scope(None):
            for _ in range(missing):
                tf.no_op(name=PAD_NAME)
        if finalized:
            graph.finalize()
        added += max(missing, 0)
    return added
