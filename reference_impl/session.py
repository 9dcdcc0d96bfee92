"""tf.compat.v1.Session: runs a graph's operations op by op, with variables living in the session.

Values come back as `Value` objects that quack like the NumPy results of TF (`dtype.name`, `shape`, `tolist()`).
Only the op types the model builds have kernels; RandomUniform deliberately has none (TF's random stream cannot be
reproduced), and the harness never fetches a value that depends on it (conformance/determinism.py).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from reference_impl import naming, numerics, tensor_util
from reference_impl.dtypes import DType
from reference_impl.errors import FailedPreconditionError, InvalidArgumentError, UnimplementedError
from reference_impl.graph import Graph, get_default_graph
from reference_impl.tensors import Operation, Tensor
from reference_impl.versions import op_not_registered_hint_has_example_first


class Value:
    """A fetched tensor value: nested lists of Python numbers, with its dtype and shape (like numpy's)."""

    def __init__(self, value: Any, dtype: DType) -> None:
        self._value = value
        self.dtype = dtype.base_dtype
        self.shape = numerics.shape_of(value)

    def tolist(self) -> Any:
        """The value as nested Python lists (a scalar as a Python number), as ndarray.tolist() gives it."""
        return self._value

    def __repr__(self) -> str:
        return f"array({self._value!r}, dtype={self.dtype.name})"


# ---- kernels: one per op type, computing an op's output from its inputs ---------------------------------

def _const(step: _Step, op: Operation) -> Any:
    """Const: the stored value, in the dtype of the output."""
    return tensor_util.const_value(op.outputs[0])


def _identity(step: _Step, op: Operation) -> Any:
    """Identity: its input unchanged (for a reference variable's `read`, the variable's current value)."""
    return step.value(op.inputs[0])


def _neg(step: _Step, op: Operation) -> Any:
    """Neg: element-wise -x, wrapping for integers."""
    return numerics.unary(lambda a: -a, step.value(op.inputs[0]), _dtype_name(op))


def _arith(fn: Callable[[Any, Any], Any]) -> Callable[[_Step, Operation], Any]:
    """AddV2/Sub/Mul: broadcast x and y, compute exactly, round or wrap to the output dtype."""

    def kernel(step: _Step, op: Operation) -> Any:
        return numerics.binary(fn, step.value(op.inputs[0]), step.value(op.inputs[1]), _dtype_name(op))

    return kernel


def _compare(fn: Callable[[Any, Any], bool]) -> Callable[[_Step, Operation], Any]:
    """Greater/Less: broadcast x and y, compare element-wise (a bool result)."""

    def kernel(step: _Step, op: Operation) -> Any:
        return numerics.binary(fn, step.value(op.inputs[0]), step.value(op.inputs[1]), "bool")

    return kernel


def _var_handle(step: _Step, op: Operation) -> Any:
    """VarHandleOp: the resource it names, container/shared_name; handles with the same shared_name share it.

    A variable named "" gets shared_name "", so every such resource variable of a graph shares one value.
    """
    return "localhost/" + getattr(op, "_shared_name", op.name)


def _read_variable(step: _Step, op: Operation) -> Any:
    """ReadVariableOp: the variable's value in this session, if the resource holds the dtype the read expects."""
    handle = step.value(op.inputs[0])
    value = step.session._read_resource(handle, op)
    dtype = op.outputs[0].dtype.base_dtype
    stored = step.session._resource_dtypes[handle]
    if stored is not dtype:
        raise InvalidArgumentError(None, op, kernel_error_message(
            op, f"Trying to read variable with wrong dtype. Expected {dtype.core_name} got {stored.core_name}"))
    return value


def _var_is_initialized(step: _Step, op: Operation) -> Any:
    """VarIsInitializedOp: whether the variable has a value in this session."""
    return step.value(op.inputs[0]) in step.session._variables


def _assign_variable(step: _Step, op: Operation) -> Any:
    """AssignVariableOp(resource, value): store the value and its dtype; a resource keeps its first dtype.

    Variables sharing a resource (all those named "") may differ in dtype: assigning another dtype fails.
    The shape is not checked (validate_shape is off), so the resource takes the new value's shape.
    """
    handle = step.value(op.inputs[0])
    dtype = op.inputs[1].dtype.base_dtype
    stored = step.session._resource_dtypes.get(handle)
    if stored is not None and stored is not dtype:
        raise InvalidArgumentError(None, op, kernel_error_message(
            op, f"Trying to assign variable with wrong dtype. Expected {stored.core_name} got {dtype.core_name}"))
    step.session._variables[handle] = step.value(op.inputs[1])
    step.session._resource_dtypes[handle] = dtype
    return None


def kernel_error_message(op: Operation, core: str) -> str:
    """A kernel's error as Session.run reports it, minus the op's Python creation stacks (TF prints two).

    TF: "Graph execution error:\n\nDetected at node 'X' defined at …<stack>\nNode: 'X'\n<core>\n\t [[{{node X}}]]"
    followed by "\n\nOriginal stack trace for 'X': …"; conformance/trace.py strips both stacks from TF's text.
    """
    return f"Graph execution error:\n\nNode: '{op.name}'\n{core}\n\t [[{{{{node {op.name}}}}}]]"


def _variable_v2(step: _Step, op: Operation) -> Any:
    """VariableV2: a reference variable's current value in this session."""
    return step.session._read_ref(op)


def _assign(step: _Step, op: Operation) -> Any:
    """Assign(ref, value): store the value in the reference variable and output it."""
    value = step.value(op.inputs[1])
    step.session._variables[op.inputs[0].op] = value
    return value


def _slice(step: _Step, op: Operation) -> Any:
    """Slice(input, begin, size): each begin in [0, dim], each size in [0, dim - begin], else InvalidArgument."""
    value, begin, size = (step.value(t) for t in op.inputs)
    dims = numerics.shape_of(value)
    for i, (b, s) in enumerate(zip(begin, size, strict=True)):
        if not 0 <= b <= dims[i]:
            raise InvalidArgumentError(None, op, kernel_error_message(
                op, f"Expected begin[{i}] in [0, {dims[i]}], but got {b}"))
        if not (0 <= s and b + s <= dims[i]):
            raise InvalidArgumentError(None, op, kernel_error_message(
                op, f"Expected size[{i}] in [0, {dims[i] - b}], but got {s}"))
    return numerics.sliced(value, begin, size)


def _concat_v2(step: _Step, op: Operation) -> Any:
    """ConcatV2(values..., axis): the values joined along the axis."""
    *values, axis = (step.value(t) for t in op.inputs)
    return numerics.concatenated(values, axis)


def _no_op(step: _Step, op: Operation) -> Any:
    """NoOp: nothing (its control inputs have run)."""
    return None


KERNELS: dict[str, Callable[[_Step, Operation], Any]] = {
    "Const": _const, "Identity": _identity, "Neg": _neg,
    "AddV2": _arith(lambda a, b: a + b), "Sub": _arith(lambda a, b: a - b), "Mul": _arith(lambda a, b: a * b),
    "VarHandleOp": _var_handle, "ReadVariableOp": _read_variable, "VarIsInitializedOp": _var_is_initialized,
    "AssignVariableOp": _assign_variable, "VariableV2": _variable_v2, "Assign": _assign, "NoOp": _no_op,
    "Slice": _slice, "ConcatV2": _concat_v2,
    "Greater": _compare(lambda a, b: a > b), "Less": _compare(lambda a, b: a < b),
}


def _dtype_name(op: Operation) -> str:
    return op.outputs[0].dtype.base_dtype.name


class _Step:
    """One Session.run: every op runs at most once, after its control inputs."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._done: dict[Operation, Any] = {}

    def run(self, op: Operation) -> Any:
        """Run an op (once per step) and return its output value."""
        if op in self._done:
            return self._done[op]
        for control in op.control_inputs:
            self.run(control)
        kernel = KERNELS.get(op.type)
        if kernel is None:
            raise UnimplementedError(None, op, f"The model has no kernel for {op.type} (node {op.name}).")
        self._done[op] = kernel(self, op)
        return self._done[op]

    def value(self, tensor: Tensor) -> Any:
        return self.run(tensor.op)


def _check_no_foreign_inputs(operations: list[Operation], start: int = 0) -> int:
    """TF quirk `foreign_input_corrupts_the_graph`: an op whose input is a tensor of another graph (reached
    unchecked, see ops.py `foreign_input_has_no_shape`) has a C edge from a node the graph does not hold. Before a
    Session loads new nodes it runs graph::ValidateGraphHasNoCycle, a Kahn pass over the graph's own nodes, which
    never visits that source: the op and every op fed by it (data or control) stay pending, and every Session run
    on the graph fails, whatever it fetches, counting them and naming the first three in creation order.

    The ops before `start` are known to be clean; returns how many are clean now (all of them)."""
    for index in range(start, len(operations)):
        op = operations[index]
        if any(tensor.graph is not op.graph for tensor in op.inputs):
            pending = _pending_after_kahn(operations[index:])
            raise InvalidArgumentError(
                None, op, f"Graph execution error:\n\nGraph is invalid, contains a cycle with {len(pending)} nodes, "
                          f"including: {', '.join(pending_op.name for pending_op in pending[:3])}")
    return len(operations)


def _pending_after_kahn(operations: list[Operation]) -> list[Operation]:
    """The ops ValidateGraphHasNoCycle leaves pending, in creation order: those with an input from another graph,
    and those with an input or control input from a pending op (inputs are always created first)."""
    pending: set[Operation] = set()
    for op in operations:
        if any(tensor.graph is not op.graph or tensor.op in pending for tensor in op.inputs) \
                or any(control in pending for control in op.control_inputs):
            pending.add(op)
    return [op for op in operations if op in pending]


#: LowerIfOpToFunctionCalls (CondBuilder) names made per If op besides one Switch per input and one Merge per
#: output: then, else, switch_pred, pivot_t, pivot_f, branch_executed
_COND_LOWERING_FIXED_NAMES = 6


#: LowerWhileOpToFunctionCalls names made per While op (cond call, LoopCond, ...), and per loop var: Enter, Merge,
#: Switch, Identity, NextIteration and Exit but one; a resource loop var (a variable's handle) gets an Enter only
#: (seen on 2.21.0: 3 loop vars advance the counter by 20, with a float capture 25, with a handle 21)
_WHILE_LOWERING_FIXED_NAMES = 5
_WHILE_LOWERING_NAMES_PER_VAR = 5
_WHILE_LOWERING_NAMES_PER_RESOURCE = 1


def _while_lowering_names(op: Operation) -> int:
    """How many node names lowering a While/StatelessWhile op takes from the graph's counter."""
    return _WHILE_LOWERING_FIXED_NAMES + sum(
        _WHILE_LOWERING_NAMES_PER_RESOURCE if tensor.op.type == "VarHandleOp" else _WHILE_LOWERING_NAMES_PER_VAR
        for tensor in op.inputs)


def _is_lowered(op: Operation) -> bool:
    """An If/StatelessIf is lowered to Switch/Merge when it survives pruning: a StatelessIf without outputs is
    dropped first (seen on 2.12.1, 2.21.0 and nightly), a stateful If never is."""
    return op.type == "If" or (op.type == "StatelessIf" and bool(op.outputs))


def _op_not_registered_message(function_name: str) -> str:
    """The C++ OpRegistry error for a function name missing from the graph's library (op.cc), its hint keyed by
    `op_not_registered_hint_has_example_first`."""
    if op_not_registered_hint_has_example_first():
        hint = ("tf.contrib (e.g. `tf.contrib.resampler`), accessing should be done before importing the graph")
    else:
        hint = "tf.contrib, accessing (e.g.) `tf.contrib.resampler` should be done before importing the graph"
    return (f"Op type not registered '{function_name}' in binary running on {socket.gethostname()}. Make sure the "
            "Op and Kernel are registered in the binary running in this process. Note that if you are loading a "
            f"saved graph which used ops from {hint}, as contrib ops are lazily registered when the module is first "
            "accessed.")


#: the op types of a tf.while_loop, always lowered
WHILE_TYPES = ("While", "StatelessWhile")


def _lower_functional_ops(graph: Graph, operations: list[Operation]) -> None:
    """TF quirk `cond_functions_in_another_graph`: LowerFunctionalOpsPass lowers each surviving If op (and each
    While op, which takes names from the same counter) in creation order, naming the function calls
    `<if>/then/_<n>` with the graph's node-name counter; a cond whose predicate
    belongs to another graph than the default one puts its If op there while its branch functions go to the
    default graph's library, so building the call fails and every Session run on the If op's graph raises."""
    counter = 0
    for op in operations:
        if op.type in WHILE_TYPES:
            counter += _while_lowering_names(op)
            continue
        if not _is_lowered(op):
            continue
        then_function, _ = op.branch_functions
        if then_function not in graph._functions:
            raise InvalidArgumentError(
                None, op, f"Graph execution error:\n\n{_op_not_registered_message(then_function)} while building "
                          f"NodeDef '{op.name}/then/_{counter}'")
        counter += _COND_LOWERING_FIXED_NAMES + len(op.inputs) - 1 + len(op.outputs)
    _check_inlined_node_names([op for op in operations if op.type in WHILE_TYPES or _is_lowered(op)])


def _check_inlined_node_names(lowered: list[Operation]) -> None:
    """LowerFunctionalOpsPass visits node ids in order, so the function calls that lowering every If and While
    made (then and else; cond and body) are inlined after all of them, in that order, and an If or While inside an
    inlined body after all those calls. Instantiating a body checks its node names by the C++ rule: the first node
    that breaks it (in the function's creation order) fails every Session run on the graph, named as in its
    function (seen on 2.12.1 to 2.21.0)."""
    while lowered:
        nested: list[Operation] = []
        for op in lowered:
            for function in op.function_graphs:
                inner_ops = function.get_operations()
                for inner in inner_ops:
                    error = naming.session_node_name_error(inner.name)
                    if error:
                        raise InvalidArgumentError(None, inner, "Graph execution error:\n\n" + error)
                nested += [inner for inner in inner_ops if inner.type in WHILE_TYPES or _is_lowered(inner)]
        lowered = nested


class Session:
    """A session over one graph (the default graph when none is given); variables live here, not in the graph."""

    def __init__(self, target: str = "", graph: Graph | None = None, config: Any = None) -> None:
        self._graph = graph if graph is not None else get_default_graph()
        self._variables: dict[Any, Any] = {}  # resource "container/shared_name", or a reference variable's op
        self._resource_dtypes: dict[str, DType] = {}  # the dtype each resource holds
        self._valid_ops = 0  # how many of the graph's first ops have valid node names
        self._clean_ops = 0  # how many of the graph's first ops have no input from another graph
        self._closed = False
        self._default_graph: Any = None

    @property
    def graph(self) -> Graph:
        return self._graph

    def run(self, fetches: Any, feed_dict: Any = None, options: Any = None, run_metadata: Any = None) -> Any:
        """Evaluate the fetches (a tensor, variable or op, or a list/tuple/dict of them) in one step."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if not self._graph.get_operations():
            raise RuntimeError("The Session graph is empty. Add operations to the graph before calling run().")
        self._check_graph()
        step = _Step(self)
        return self._fetch(fetches, step)

    def _check_graph(self) -> None:
        """Loading the graph into the session validates every node name (C++ rule), in creation order, then every
        node's inputs.

        Nodes are never removed nor rewired, so ops already found valid are not checked again in later runs.
        """
        operations = self._graph._operations
        for index in range(self._valid_ops, len(operations)):
            op = operations[index]
            error = naming.session_node_name_error(op.name)
            if error:
                raise InvalidArgumentError(None, op, "Graph execution error:\n\n" + error)
            self._valid_ops = index + 1
        self._clean_ops = _check_no_foreign_inputs(operations, self._clean_ops)
        _lower_functional_ops(self._graph, operations)

    def _fetch(self, fetch: Any, step: _Step) -> Any:
        if isinstance(fetch, (list, tuple)):
            return type(fetch)(self._fetch(item, step) for item in fetch)
        if isinstance(fetch, dict):
            return {key: self._fetch(item, step) for key, item in fetch.items()}
        element = self._graph_element(fetch)
        if isinstance(element, Operation):
            step.run(element)
            return None
        return Value(step.value(element), element.dtype)

    def _graph_element(self, fetch: Any) -> Tensor | Operation:
        """Graph.as_graph_element: tensors and ops as they are, variables through _as_graph_element()."""
        element = fetch if isinstance(fetch, (Tensor, Operation)) else getattr(fetch, "_as_graph_element", None)
        if element is None:
            raise TypeError(f"Argument `fetch` = {fetch} has invalid type \"{type(fetch).__name__}\", must be a "
                            f"string or Tensor. (Can not convert a {type(fetch).__name__} into a Tensor or "
                            f"Operation.)")
        if not isinstance(element, (Tensor, Operation)):
            element = element()
        if element.graph is not self._graph:
            kind = "Tensor" if isinstance(element, Tensor) else "Operation"
            raise ValueError(f"Argument `fetch` = {element} cannot be interpreted as a Tensor. ({kind} "
                             f"{element} is not an element of this graph.)")
        return element

    def _read_resource(self, handle: str, read: Operation) -> Any:
        """A resource variable's value; before its initializer ran, TF cannot find the resource.

        The message is TF's core text only: TF wraps it in "Graph execution error:" and the op's creation stack.
        The harness never reads an uninitialized variable, so this message is never compared.
        """
        if handle not in self._variables:
            name = handle.split("/", 1)[1]
            raise FailedPreconditionError(
                None, read,
                f"Could not find variable {name}. This could mean that the variable has been deleted. In TF1, it "
                f"can also mean the variable is uninitialized. Debug info: container=localhost, status error "
                f"message=Container localhost does not exist. (Could not find resource: localhost/{name})")
        return self._variables[handle]

    def _read_ref(self, variable: Operation) -> Any:
        """A reference variable's value; before its initializer ran, TF refuses to use it."""
        if variable not in self._variables:
            raise FailedPreconditionError(None, variable,
                                          f"Attempting to use uninitialized value {variable.name}")
        return self._variables[variable]

    def close(self) -> None:
        """Free the session's variables; later runs are refused."""
        self._closed = True
        self._variables = {}
        self._resource_dtypes = {}

    def __enter__(self) -> Session:
        self._default_graph = self._graph.as_default()
        self._default_graph.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self._default_graph.__exit__(*exc_info)
        finally:
            self.close()
