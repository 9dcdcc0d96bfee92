"""The interpreter: runs a program against any tf.compat.v1-shaped module and records its trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.checkpoint import keys_by_graph
from conformance.foreign_edges import pad_node_ids
from conformance.kinds import BRANCHING_KINDS, KINDS, manager_id, thread_graph_id
from conformance.program import walk
from conformance.trace import Describer, describe_error
from conformance.values import session_values

#: each kind's compiled call spec (conformance/kinds.py), by kind
EVALUATORS = {name: kind.call.evaluator() for name, kind in KINDS.items()}
#: the blocks whose body runs in a new thread
THREAD_KINDS = frozenset(name for name, kind in KINDS.items() if kind.in_thread)


@dataclass
class Execution:
    """The outcome of running one program: its trace and the graph objects it touched."""

    trace: list[dict[str, Any]]
    graphs: dict[str, Any] = field(default_factory=dict)


class Interpreter:
    """Executes statements one by one; every statement yields one event (blocks: enter, and exit if it raised).

    Each statement's call spec (conformance/kinds.py) is evaluated here; the renderer prints the same spec.
    """

    def __init__(self, tf: Any) -> None:
        self.tf = tf
        self.env: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.describer = Describer()

    def ref(self, sid: str) -> Any:
        """The object an earlier statement bound, or NameError as the rendered script would raise."""
        if sid not in self.env:
            raise NameError(f"name '{sid}' is not defined")
        return self.env[sid]

    def record(self, stmt: dict[str, Any], phase: str, value: Any = None, error: BaseException | None = None) -> None:
        event: dict[str, Any] = {"id": stmt["id"], "op": stmt["op"], "phase": phase}
        if error is not None:
            event["raised"] = describe_error(error)
        else:
            event["ok"] = self.describer.describe(value, stmt["id"])
        self.events.append(event)

    def run_body(self, body: list[dict[str, Any]]) -> None:
        for stmt in body:
            if stmt["op"] in THREAD_KINDS:
                self.run_thread(stmt)
            elif stmt["op"] in BRANCHING_KINDS:  # a call: its body holds the branches it is given as functions
                self.run_leaf(stmt)
            elif "body" in stmt:
                self.run_block(stmt)
            else:
                self.run_leaf(stmt)

    def run_leaf(self, stmt: dict[str, Any]) -> None:
        try:
            value = EVALUATORS[stmt["op"]](stmt, self)
        except Exception as error:  # noqa: BLE001 - every failure is a recorded event
            self.record(stmt, "call", error=error)
            return
        self.env[stmt["id"]] = value
        self.record(stmt, "call", value)

    def run_block(self, stmt: dict[str, Any]) -> None:
        try:
            manager = EVALUATORS[stmt["op"]](stmt, self)
            self.env[manager_id(stmt["id"])] = manager
            value = manager.__enter__()
        except Exception as error:  # noqa: BLE001
            self.record(stmt, "enter", error=error)
            return
        self.env[stmt["id"]] = value
        self.record(stmt, "enter", value)
        self.run_body(stmt["body"])
        try:
            manager.__exit__(None, None, None)
        except Exception as error:  # noqa: BLE001
            self.record(stmt, "exit", error=error)


    def branch_function(self, stmt: dict[str, Any]) -> Any:
        """A `branch` statement as the function tf.cond calls (once, to trace it): it records an enter event, runs
        the body, then returns what the statement's call spec gives (its `returns`, else None)."""
        def branch() -> Any:
            self.record(stmt, "enter")
            self.run_body(stmt["body"])
            return EVALUATORS[stmt["op"]](stmt, self)
        return branch

    def loop_function(self, stmt: dict[str, Any]) -> Any:
        """A `loop_function` statement as the function tf.while_loop calls (once, to trace it) with the loop var:
        it binds the loop var to the statement's id, records an enter event, runs the body, then returns what the
        statement's call spec gives (its `returns`)."""
        def function(loop_var: Any) -> Any:
            self.env[stmt["id"]] = loop_var
            self.record(stmt, "enter")
            self.run_body(stmt["body"])
            return EVALUATORS[stmt["op"]](stmt, self)
        return function

    def run_thread(self, stmt: dict[str, Any]) -> None:
        """A block whose body runs in a new thread, started here and joined before the next statement.

        The block records one event (it binds nothing); the body's statements record theirs as anywhere else, and
        what they bind stays bound after the thread. The thread's own default graph is bound as g<N>, as the
        main thread's is g0.
        """
        thread_class = EVALUATORS[stmt["op"]](stmt, self)
        self.record(stmt, "enter")
        thread = thread_class(target=self.run_thread_body, args=(stmt,))
        thread.start()
        thread.join()

    def run_thread_body(self, stmt: dict[str, Any]) -> None:
        graph = self.env[thread_graph_id(stmt["id"])] = self.tf.get_default_graph()
        self.describer.graph_id(graph)
        self.run_body(stmt["body"])


def start_from_empty_graph_stack(tf: Any) -> None:
    """Reset the default graph; if an earlier program left graphs entered, empty the stack first.

    A program can leave `as_default` entered for good: TF's variable_scope keeps one graph context per manager,
    so re-entering a manager (`enter_again`) overwrites the first context, which is never exited. Each program
    records its default graph at the end (the `default_graph` event), so such a leak is compared; the next
    program must still start clean, which only the backends' own stacks allow.
    """
    try:
        tf.reset_default_graph()
        return
    except AssertionError:
        pass
    if tf.__name__.startswith("reference_impl"):
        from reference_impl import graph as model_graph

        model_graph._default_graph_stack.reset()
    else:
        from tensorflow.python.eager import context
        from tensorflow.python.framework import ops

        ops._default_graph_stack.reset()
        del context.context().context_switches.stack[:]
    tf.reset_default_graph()


def execute(program: dict[str, Any], tf: Any) -> Execution:
    """Run a program from a fresh default graph; the trace ends with every graph's sorted operations, collections
    and checkpoint keys, the default graph, then values (on TF after padding the graphs' node ids when an op took an
    input from another graph, conformance/foreign_edges.py)."""
    start_from_empty_graph_stack(tf)
    interpreter = Interpreter(tf)
    interpreter.env["g0"] = tf.get_default_graph()
    interpreter.describer.graph_id(interpreter.env["g0"])
    interpreter.run_body(program["body"])
    interpreter.events.append({"id": "end", "op": "graphs", "phase": "end",
                               "ok": interpreter.describer.all_operations()})
    interpreter.events.append({"id": "collections", "op": "collections", "phase": "end",
                               "ok": interpreter.describer.all_collections()})
    interpreter.events.append({"id": "checkpoint", "op": "checkpoint", "phase": "end",
                               "ok": keys_by_graph(tf, interpreter.describer.graphs_in_order())})
    interpreter.events.append({"id": "default", "op": "default_graph", "phase": "end",
                               "ok": {"graph": interpreter.describer.graph_id(tf.get_default_graph())}})
    pad_node_ids(tf, [graph for _, graph in interpreter.describer.graphs_in_order()],
                 failures_bound=2 * sum(1 for _ in walk(program["body"])))
    interpreter.events.append({"id": "values", "op": "values", "phase": "end",
                               "ok": session_values(tf, program, interpreter.env)})
    graphs = {gid: graph for gid, graph in interpreter.describer.graphs.values()}
    return Execution(trace=interpreter.events, graphs=graphs)
