"""The interpreter: runs a program against any tf.compat.v1-shaped module and records its trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.trace import Describer, describe_error
from conformance.values import session_values


@dataclass
class Execution:
    """The outcome of running one program: its trace and the graph objects it touched."""

    trace: list[dict[str, Any]]
    graphs: dict[str, Any] = field(default_factory=dict)


class Interpreter:
    """Executes statements one by one; every statement yields one event (blocks: enter, and exit if it raised)."""

    def __init__(self, tf: Any) -> None:
        self.tf = tf
        self.env: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.describer = Describer()

    # ---- helpers -----------------------------------------------------------------------------------
    def ref(self, sid: str) -> Any:
        """The object an earlier statement bound, or NameError as the rendered script would raise."""
        if sid not in self.env:
            raise NameError(f"name '{sid}' is not defined")
        return self.env[sid]

    def operand(self, spec: Any) -> Any:
        """{'ref': id} is an earlier object; anything else is a Python literal."""
        if isinstance(spec, dict) and "ref" in spec:
            return self.ref(spec["ref"])
        return spec

    def values(self, refs: Any) -> Any:
        return None if refs is None else [self.ref(r) for r in refs]

    def graph_or_default(self, ref: str | None) -> Any:
        return self.tf.get_default_graph() if ref is None else self.ref(ref)

    def dtype(self, name: str | None) -> Any:
        return None if name is None else getattr(self.tf, name)

    def reuse(self, value: Any) -> Any:
        return self.tf.AUTO_REUSE if value == "AUTO_REUSE" else value

    def initializer(self, spec: Any) -> Any:
        """Initializer specs: zeros, ones, constant(value), glorot, a Python value, or a tensor ref."""
        if spec is None:
            return None
        if isinstance(spec, dict) and "ref" in spec:
            return self.ref(spec["ref"])
        if isinstance(spec, dict) and "kind" in spec:
            kind = spec["kind"]
            if kind == "zeros":
                return self.tf.zeros_initializer()
            if kind == "ones":
                return self.tf.ones_initializer()
            if kind == "constant":
                return self.tf.constant_initializer(spec["value"])
            if kind == "glorot":
                return self.tf.glorot_uniform_initializer()
        return spec

    def record(self, stmt: dict[str, Any], phase: str, value: Any = None, error: BaseException | None = None) -> None:
        event: dict[str, Any] = {"id": stmt["id"], "op": stmt["op"], "phase": phase}
        if error is not None:
            event["raised"] = describe_error(error)
        else:
            event["ok"] = self.describer.describe(value, stmt["id"])
        self.events.append(event)

    # ---- statements --------------------------------------------------------------------------------
    def run_body(self, body: list[dict[str, Any]]) -> None:
        for stmt in body:
            if "body" in stmt:
                self.run_block(stmt)
            else:
                self.run_leaf(stmt)

    def run_leaf(self, stmt: dict[str, Any]) -> None:
        try:
            value = LEAVES[stmt["op"]](self, stmt)
        except Exception as error:  # noqa: BLE001 - every failure is a recorded event
            self.record(stmt, "call", error=error)
            return
        self.env[stmt["id"]] = value
        self.record(stmt, "call", value)

    def run_block(self, stmt: dict[str, Any]) -> None:
        manager_id = "m" + stmt["id"][1:]
        try:
            manager = BLOCKS[stmt["op"]](self, stmt)
            self.env[manager_id] = manager
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


def _get_variable(it: Interpreter, s: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    if s.get("shape") is not None:
        kwargs["shape"] = s["shape"]
    if s.get("dtype") is not None:
        kwargs["dtype"] = it.dtype(s["dtype"])
    if s.get("initializer") is not None:
        kwargs["initializer"] = it.initializer(s["initializer"])
    if s.get("use_resource") is not None:
        kwargs["use_resource"] = s["use_resource"]
    return it.tf.get_variable(s["name"], **kwargs)


def _variable(it: Interpreter, s: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for key in ("name", "use_resource"):
        if s.get(key) is not None:
            kwargs[key] = s[key]
    if s.get("dtype") is not None:
        kwargs["dtype"] = it.dtype(s["dtype"])
    return it.tf.Variable(it.operand(s["initial_value"]), **kwargs)


def _constant(it: Interpreter, s: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    if s.get("name") is not None:
        kwargs["name"] = s["name"]
    if s.get("dtype") is not None:
        kwargs["dtype"] = it.dtype(s["dtype"])
    return it.tf.constant(s["value"], **kwargs)


def _binary(it: Interpreter, s: dict[str, Any]) -> Any:
    fn = getattr(it.tf, s["fn"])
    kwargs = {"name": s["name"]} if s.get("name") is not None else {}
    return fn(it.operand(s["x"]), it.operand(s["y"]), **kwargs)


def _operator(it: Interpreter, s: dict[str, Any]) -> Any:
    x, y = it.operand(s["x"]), it.operand(s["y"])
    if s["sym"] == "+":
        return x + y
    if s["sym"] == "-":
        return x - y
    return x * y


def _identity(it: Interpreter, s: dict[str, Any]) -> Any:
    kwargs = {"name": s["name"]} if s.get("name") is not None else {}
    return it.tf.identity(it.operand(s["x"]), **kwargs)


def _reuse_variables(it: Interpreter, s: dict[str, Any]) -> Any:
    scope = it.tf.get_variable_scope() if s.get("scope") is None else it.ref(s["scope"])
    return scope.reuse_variables()


def _unique_name(it: Interpreter, s: dict[str, Any]) -> Any:
    return it.graph_or_default(s.get("graph")).unique_name(s["name"], mark_as_used=s.get("mark_as_used", True))


def _finalize(it: Interpreter, s: dict[str, Any]) -> Any:
    return it.graph_or_default(s.get("graph")).finalize()


def _reset(it: Interpreter, s: dict[str, Any]) -> Any:
    it.tf.reset_default_graph()
    return it.tf.get_default_graph()


LEAVES = {
    "get_variable": _get_variable,
    "variable": _variable,
    "constant": _constant,
    "binary": _binary,
    "operator": _operator,
    "identity": _identity,
    "neg": lambda it, s: -it.operand(s["x"]),
    "reuse_variables": _reuse_variables,
    "get_variable_scope": lambda it, s: it.tf.get_variable_scope(),
    "get_name_scope": lambda it, s: it.tf.get_default_graph().get_name_scope(),
    "new_graph": lambda it, s: it.tf.Graph(),
    "finalize": _finalize,
    "reset_default_graph": _reset,
    "unique_name": _unique_name,
}


def _name_or_scope(it: Interpreter, s: dict[str, Any]) -> Any:
    """A scope name string, None, or {'ref': id} of a captured VariableScope."""
    scope = s.get("scope")
    return it.ref(scope["ref"]) if isinstance(scope, dict) else scope


def _variable_scope(it: Interpreter, s: dict[str, Any]) -> Any:
    name_or_scope = _name_or_scope(it, s)
    kwargs: dict[str, Any] = {}
    for key in ("default_name", "auxiliary_name_scope", "use_resource"):
        if key in s:
            kwargs[key] = s[key]
    if "values" in s:
        kwargs["values"] = it.values(s["values"])
    if "reuse" in s:
        kwargs["reuse"] = it.reuse(s["reuse"])
    if s.get("initializer") is not None:
        kwargs["initializer"] = it.initializer(s["initializer"])
    return it.tf.variable_scope(name_or_scope, **kwargs)


def _variable_op_scope(it: Interpreter, s: dict[str, Any]) -> Any:
    name_or_scope = _name_or_scope(it, s)
    kwargs: dict[str, Any] = {}
    if "default_name" in s:
        kwargs["default_name"] = s["default_name"]
    if "reuse" in s:
        kwargs["reuse"] = it.reuse(s["reuse"])
    return it.tf.variable_op_scope(it.values(s.get("values")) or [], name_or_scope, **kwargs)


def _name_scope(it: Interpreter, s: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    if "default_name" in s:
        kwargs["default_name"] = s["default_name"]
    if "values" in s:
        kwargs["values"] = it.values(s["values"])
    return it.tf.name_scope(s.get("name"), **kwargs)


BLOCKS = {
    "name_scope": _name_scope,
    "graph_name_scope": lambda it, s: it.graph_or_default(s.get("graph")).name_scope(s.get("name")),
    "reenter_scope": lambda it, s: it.tf.name_scope(it.ref(s["scope"])),
    "variable_scope": _variable_scope,
    "enter_again": lambda it, s: it.ref("m" + s["manager"][1:]),
    "op_scope": lambda it, s: it.tf.op_scope(it.values(s.get("values")) or [], s.get("name"),
                                             **({"default_name": s["default_name"]} if "default_name" in s else {})),
    "variable_op_scope": _variable_op_scope,
    "as_default": lambda it, s: it.ref(s["graph"]).as_default(),
}


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
    """Run a program from a fresh default graph; the trace ends with every graph's sorted operations, then values."""
    start_from_empty_graph_stack(tf)
    interpreter = Interpreter(tf)
    interpreter.env["g0"] = tf.get_default_graph()
    interpreter.describer.graph_id(interpreter.env["g0"])
    interpreter.run_body(program["body"])
    interpreter.events.append({"id": "end", "op": "graphs", "phase": "end",
                               "ok": interpreter.describer.all_operations()})
    interpreter.events.append({"id": "default", "op": "default_graph", "phase": "end",
                               "ok": {"graph": interpreter.describer.graph_id(tf.get_default_graph())}})
    interpreter.events.append({"id": "values", "op": "values", "phase": "end",
                               "ok": session_values(tf, program, interpreter.env)})
    graphs = {gid: graph for gid, graph in interpreter.describer.graphs.values()}
    return Execution(trace=interpreter.events, graphs=graphs)
