"""Control flow v2 in a graph (tf.compat.v1.cond): branch function graphs, captures, the If op and its names.

TF 2.x builds every tf.cond with control flow v2, in graph mode too (control_flow_util.ENABLE_CONTROL_FLOW_V2 is
on in every modelled version and in tf-nightly): each branch is traced into its own function graph
(CondBranchFuncGraph), whose ops have their own names (the branch starts at the root of its own name stack), and
the outer graph gets one If or StatelessIf op named by the cond's name scope, plus an Identity per output.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from reference_impl.dtypes import DType, int32
from reference_impl.dtypes import bool as tf_bool
from reference_impl.errors import InvalidArgumentError
from reference_impl.graph import DefaultGraphController, Graph, get_default_graph
from reference_impl.ops import (
    constant,
    convert_to_tensor,
    create_op_internal,
    get_graph_from_inputs,
    name_scope,
)
from reference_impl.shapes import TensorShape
from reference_impl.tensors import Operation, Tensor
from reference_impl.variable_scope import get_variable_scope
from reference_impl.versions import failed_trace_keeps_resource_variables

#: the op types the model builds that TF registers as stateful (OpDef.is_stateful), for cond_v2._is_op_stateful
#: and while_v2._build_while_op
STATEFUL_OP_TYPES = frozenset({"ReadVariableOp", "VarHandleOp", "AssignVariableOp", "VarIsInitializedOp",
                               "VariableV2", "RandomUniform", "If", "While", "SaveV2", "RestoreV2",
                               "DisableCopyOnRead"})


#: ops.uid: a process-wide counter (TF's numbers differ: the trace masks them, conformance/trace.py)
_uids = itertools.count(1)


def unique_fn_name(scope: str, name: str) -> str:
    """control_flow_util_v2.unique_fn_name: `<scope><name>_<uid>` with `/` made `_` (e.g. `a_cond_true_7`)."""
    return f"{scope}{name}_{next(_uids)}".replace("/", "_")


class CondBranchFuncGraph(Graph):
    """control_flow_v2_func_graphs.CondBranchFuncGraph: a FuncGraph that shares the outer graph's collections.

    cond_v2 passes `collections=ops.get_default_graph()._collections`, the outer graph's own dict: what a branch
    adds to a collection (a variable, a regularization loss, add_to_collection) lands in the outer graph's, and
    the variable store and scope store (kept in collections) are the outer graph's.
    """

    building_function = True

    def __init__(self, outer_graph: Graph, name: str) -> None:
        super().__init__()
        self.name = name
        self.outer_graph = outer_graph
        self._collections = outer_graph._collections
        #: FuncGraph.captures: id of the external tensor -> (external tensor, its placeholder), in capture order
        self._captures: dict[int, tuple[Tensor, Tensor]] = {}
        self.outputs: list[Tensor] = []
        self.structured_outputs: Any = None
        #: nest.flatten(structured_outputs): the returned leaves converted (None stays None)
        self.flat_structured_outputs: list[Tensor | None] = []

    @property
    def external_captures(self) -> list[Tensor]:
        return [external for external, _ in self._captures.values()]

    @property
    def internal_captures(self) -> list[Tensor]:
        return [internal for _, internal in self._captures.values()]

    def capture(self, tensor: Tensor) -> Tensor:
        """FunctionCaptures.capture_by_value: a tensor of another graph becomes a Placeholder named after its op
        (under the current name scope, e.g. `ReadVariableOp/v`), made once per tensor."""
        if tensor.graph is self:
            return tensor
        found = self._captures.get(id(tensor))
        if found is not None:
            return found[1]
        placeholder = create_op_internal(self, "Placeholder", [], tensor.op.name, tensor.dtype.base_dtype,
                                         tensor.shape).outputs[0]
        self._captures[id(tensor)] = (tensor, placeholder)
        return placeholder


def func_graph_from_py_func(func_graph: CondBranchFuncGraph, python_func: Callable[[], Any]) -> None:
    """func_graph_module.func_graph_from_py_func: trace the function with its graph as the default graph (and the
    outer graph's variable creators), then convert each leaf of what it returned (a list or tuple keeps its
    structure, None stays None) and capture the outputs that come from outside."""
    outer = get_default_graph()
    own_creators = func_graph._variable_creator_stack
    func_graph._variable_creator_stack = outer._variable_creator_stack  # inherited while tracing
    try:
        with DefaultGraphController(func_graph), resource_variables_while_tracing():
            returned = python_func()
            structured = map_structure(lambda leaf: None if leaf is None else convert_to_tensor(leaf), returned)
            func_graph.structured_outputs = structured
            func_graph.flat_structured_outputs = flatten_structure(structured)
            func_graph.outputs = [func_graph.capture(output) for output in func_graph.flat_structured_outputs
                                  if output is not None]
    finally:
        func_graph._variable_creator_stack = own_creators


@contextlib.contextmanager
def resource_variables_while_tracing() -> Iterator[None]:
    """func_graph_from_py_func: the current variable scope (the outer graph's, its store being in the shared
    collections) has use_resource set to True while the function is traced, then set back to what it was; since
    2.13 only when tracing succeeds (`failed_trace_keeps_resource_variables`: no `finally`), so a function that
    raises leaves the scope making resource variables."""
    current_scope = get_variable_scope()
    default_use_resource = current_scope.use_resource
    current_scope.set_use_resource(True)
    try:
        yield
    except BaseException:
        if not failed_trace_keeps_resource_variables():
            current_scope.set_use_resource(default_use_resource)
        raise
    current_scope.set_use_resource(default_use_resource)
def map_structure(function: Callable[[Any], Any], value: Any) -> Any:
    """nest.map_structure over lists and tuples: the function applied to each leaf in order, the structure kept."""
    if isinstance(value, (list, tuple)):
        return type(value)(map_structure(function, item) for item in value)
    return function(value)


def flatten_structure(value: Any) -> list[Any]:
    """nest.flatten over lists and tuples: the leaves in order; None is a leaf, an empty list has none."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in flatten_structure(item)]
    return [value]


def _make_indexed_slices_indices_types_match(graphs: list[CondBranchFuncGraph]) -> None:
    """cond_v2._make_indexed_slices_indices_types_match, its first check: each branch's flattened structured
    outputs (None is one) must be as many, else a bare `assert` fails with the counts (e.g. `[6, 1]` for a list
    of six against None)."""
    counts = [len(graph.flat_structured_outputs) for graph in graphs]
    if len(set(counts)) != 1:
        raise AssertionError(counts)


def _normalize_pred(pred: Any) -> Tensor:
    """cond_v2._normalize_pred: a tensor; one of unknown or non-scalar shape is squeezed (`Squeeze`)."""
    pred = convert_to_tensor(pred)
    if pred.shape.rank is None or pred.shape.rank > 0:
        pred = squeeze(pred)
    return pred


def squeeze(value: Tensor) -> Tensor:
    """array_ops.squeeze_v2 without axis: a Squeeze op whose shape drops every dimension of size 1 (unknown when
    a dimension is unknown, as it could be 1)."""
    if value.shape.rank is None or None in value.shape.as_list():
        shape = TensorShape(None)
    else:
        shape = TensorShape([d for d in value.shape.as_list() if d != 1])
    return _new_op(get_graph_from_inputs([value]), "Squeeze", [value], "Squeeze", value.dtype.base_dtype,
                   shape).outputs[0]


def _new_op(graph: Graph, op_type: str, inputs: list[Tensor], name: str, dtype: DType | None,
            shape: TensorShape | None) -> Operation:
    """A gen_*_ops wrapper (`_apply_op_helper`): the op named by name_scope(name) in its graph."""
    with DefaultGraphController(graph), name_scope(name) as scope:
        return create_op_internal(graph, op_type, inputs, scope, dtype, shape)


def _check_same_outputs(graphs: list[CondBranchFuncGraph]) -> None:
    """cond_v2._check_same_outputs for two branches."""
    true_graph, false_graph = graphs
    if len(true_graph.outputs) != len(false_graph.outputs):
        raise ValueError("Lengths of branch outputs of cond must match.\n"
                         f"len(graphs[0].outputs): {len(true_graph.outputs)}\n"
                         f"len(graphs[1].outputs): {len(false_graph.outputs)}\n")
    for true_out, false_out in zip(true_graph.outputs, false_graph.outputs, strict=True):
        if true_out.dtype != false_out.dtype:
            raise TypeError(
                "true_fn and false_fn arguments to tf.cond must have the same number, type, and overall structure "
                "of return values.\n\n"
                f"true_fn output: {true_graph.structured_outputs}\n"
                f"false_fn output: {false_graph.structured_outputs}\n\n"
                "Error details:\n"
                f"{true_out} and {false_out} have different types")


def _make_inputs_match(graphs: list[CondBranchFuncGraph]) -> list[Tensor]:
    """cond_v2._make_inputs_match: the If op's inputs are every branch's captures, deduplicated in order; a branch
    lacking one gets a dummy `Placeholder` for it (`_create_dummy_input`), made after its tracing."""
    new_inputs: list[Tensor] = []
    for graph in graphs:
        for tensor in graph.external_captures:
            if all(tensor is not seen for seen in new_inputs):
                new_inputs.append(tensor)
    for graph in graphs:
        captured = {id(t) for t in graph.external_captures}
        for tensor in new_inputs:
            if id(tensor) not in captured:
                with DefaultGraphController(graph):
                    create_op_internal(graph, "Placeholder", [], "Placeholder", tensor.dtype.base_dtype,
                                       tensor.shape)
    return new_inputs


def most_specific_compatible_shape(a: TensorShape, b: TensorShape) -> TensorShape:
    """TensorShape.most_specific_compatible_shape: unknown if the ranks differ, else the dims that agree."""
    if a.rank is None or b.rank is None or a.rank != b.rank:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list(), strict=True)])


def _is_op_stateful(op: Operation) -> bool:
    """cond_v2._is_op_stateful: the op def's is_stateful flag."""
    return op.type in STATEFUL_OP_TYPES


def _build_cond(pred: Tensor, graphs: list[CondBranchFuncGraph], scope: str) -> Any:
    """cond_v2._build_cond: check the outputs, match the inputs, then `If` when a branch has a stateful op (a
    variable read) else `StatelessIf`, named exactly by the cond's scope in the graph of its inputs (so a predicate
    of an earlier default graph puts it there, where the name may be taken), one output per branch output, and an
    Identity per output (`Identity`, `Identity_1`, ...), packed as the true branch's structure (a list stays a
    list, even of one: control flow v2 unpacks no singleton)."""
    _make_indexed_slices_indices_types_match(graphs)
    _check_same_outputs(graphs)
    inputs = _make_inputs_match(graphs)
    stateful = any(_is_op_stateful(op) for graph in graphs for op in graph.get_operations())
    op_type = "If" if stateful else "StatelessIf"
    graph = get_graph_from_inputs([pred, *inputs])  # _apply_op_helper: the predicate's graph, as a rule
    true_graph, false_graph = graphs
    with DefaultGraphController(graph), name_scope(scope) as op_scope:
        if_op = create_op_internal(graph, op_type, [pred, *inputs], op_scope, None, None)
    for index, (true_out, false_out) in enumerate(zip(true_graph.outputs, false_graph.outputs, strict=True)):
        shape = most_specific_compatible_shape(true_out.shape, false_out.shape)
        if_op._outputs.append(Tensor(if_op, index, true_out.dtype.base_dtype, shape))
    if_op.branch_functions = (true_graph.name, false_graph.name)  # its then_branch / else_branch attrs
    if_op.function_graphs = (true_graph, false_graph)
    for branch in graphs:
        create_new_tf_function(branch)
        branch.outer_graph = get_default_graph()
    identities = [_new_op(graph, "Identity", [output], "Identity", output.dtype.base_dtype, output.shape).outputs[0]
                  for output in if_op.outputs]
    return pack_sequence_as(true_graph.structured_outputs, iter(identities))


def pack_sequence_as(structure: Any, flat: Iterator[Tensor]) -> Any:
    """cond_v2._pack_sequence_as: the outputs in the branch's structure of lists and tuples, None kept."""
    if isinstance(structure, (list, tuple)):
        return type(structure)(pack_sequence_as(item, flat) for item in structure)
    return None if structure is None else next(flat)


def create_new_tf_function(func_graph: CondBranchFuncGraph) -> str:
    """control_flow_util_v2.create_new_tf_function: the branch's function goes into the library of its outer graph
    (the default graph the cond was called in), not necessarily the If op's graph (the predicate's)."""
    func_graph.outer_graph._functions.add(func_graph.name)
    return func_graph.name


def cond(pred: Any, true_fn: Any = None, false_fn: Any = None, strict: bool = False, name: Any = None) -> Any:
    """cond.cond (tf.compat.v1.cond): check the branch functions, then cond_v2 (control flow v2 is on)."""
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    return cond_v2(pred, true_fn, false_fn, name)


def cond_v2(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any], name: Any = "cond") -> Any:
    """cond_v2.cond_v2: in name_scope(name or "cond"), normalize the predicate, trace the true then the false
    branch into their own function graphs, then build the If op."""
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool", pred)
    if not name:
        name = "cond"
    with name_scope(name) as scope:
        pred = _normalize_pred(pred)
        outer = get_default_graph()
        names = (unique_fn_name(scope, "true"), unique_fn_name(scope, "false"))
        graphs = []
        for function, function_name in zip((true_fn, false_fn), names, strict=True):
            graph = CondBranchFuncGraph(outer, function_name)
            func_graph_from_py_func(graph, function)
            graphs.append(graph)
        return _build_cond(pred, graphs, scope)


# ---- tf.while_loop (while_v2) ---------------------------------------------------------------------------------

class WhileFuncGraph(CondBranchFuncGraph):
    """control_flow_util_v2.WhileCondFuncGraph / WhileBodyFuncGraph: a function graph of the loop's cond or body,
    sharing the outer graph's collections, whose inputs are Placeholders made from the loop's signature."""

    def __init__(self, outer_graph: Graph, name: str) -> None:
        super().__init__(outer_graph, name)
        self.inputs: list[Tensor] = []


def _signature_placeholders(func_graph: WhileFuncGraph, loop_vars: list[Tensor]) -> list[Tensor]:
    """func_graph_from_py_func with `signature=`: one Placeholder per loop var, named by its TensorSpec: the loop
    counter and maximum_iterations by their tensors' op names (`while/loop_counter`), the user's loop vars, whose
    specs come from `_shape_invariant_to_type_spec` without a name, `Placeholder`, `Placeholder_1`, ..."""
    placeholders = []
    for index, tensor in enumerate(loop_vars):
        name = tensor.op.name if index < 2 else "Placeholder"
        placeholders.append(create_op_internal(func_graph, "Placeholder", [], name, tensor.dtype.base_dtype,
                                               tensor.shape).outputs[0])
    func_graph.inputs = list(placeholders)
    return placeholders


def _trace_loop_function(func_graph: WhileFuncGraph, loop_vars: list[Tensor],
                         function: Callable[..., Any]) -> None:
    """func_graph_from_py_func for a while_v2 function: signature placeholders, then the wrapped function traced
    with its graph as the default graph (and the outer graph's variable creators); its results are converted and
    those from outside captured."""
    outer = get_default_graph()
    own_creators = func_graph._variable_creator_stack
    func_graph._variable_creator_stack = outer._variable_creator_stack
    try:
        with DefaultGraphController(func_graph), resource_variables_while_tracing():
            arguments = _signature_placeholders(func_graph, loop_vars)
            returned = function(*arguments)
            func_graph.outputs = [func_graph.capture(convert_to_tensor(value)) for value in returned]
    finally:
        func_graph._variable_creator_stack = own_creators


def _bool_op(op_type: str, inputs: list[Tensor], name: str) -> Tensor:
    """math_ops.less (the `<` overload) / math_ops.logical_and in the current function graph: a scalar bool."""
    graph = get_default_graph()
    return _new_op(graph, op_type, inputs, name, tf_bool, TensorShape([])).outputs[0]


def _build_maximum_iterations_loop_var(maximum_iterations: Any) -> Tensor:
    """while_v2._build_maximum_iterations_loop_var: -1 when none, as an int32 tensor named maximum_iterations."""
    if maximum_iterations is None:
        maximum_iterations = -1
    return convert_to_tensor(maximum_iterations, dtype=int32, name="maximum_iterations")


def _check_inputs_outputs_types_match(body_graph: WhileFuncGraph, loop_vars: list[Tensor]) -> None:
    """while_v2._check_inputs_outputs_types_match: the body keeps each loop var's dtype."""
    for inp, out, loop_var in zip(body_graph.inputs, body_graph.outputs, loop_vars, strict=False):
        if inp.dtype != out.dtype:
            raise TypeError(
                f"Loop var {loop_var.name} enters the loop with type {inp.dtype} but has type {out.dtype} after 1 "
                f"iteration. {loop_var.name} type should remain constant.")


def _check_shapes_compat(outputs: list[Tensor], loop_vars: list[Tensor]) -> None:
    """while_v2._check_shapes_compat without shape_invariants: each output's shape must be no less specific than
    its loop var's (control_flow_ops._ShapeLessThanOrEqual)."""
    for out, loop_var in zip(outputs, loop_vars, strict=True):
        shape = loop_var.shape
        if shape.rank is None:
            continue
        if out.shape.rank != shape.rank or any(
                dim is not None and out_dim != dim
                for out_dim, dim in zip(out.shape.as_list(), shape.as_list(), strict=True)):
            raise ValueError(
                f"Input tensor `{loop_var.name}` enters the loop with shape {shape}, but has shape {out.shape} after "
                "one iteration. To allow the shape to vary across iterations, use the `shape_invariants` argument "
                "of tf.while_loop to specify a less-specific shape.")


def _duplicate_body_captures_in_cond(cond_graph: WhileFuncGraph, captures: list[Tensor]) -> None:
    """while_v2._duplicate_body_captures_in_cond: a Placeholder in the cond graph per capture only the body made,
    named `<cond fn>___redundant_placeholder<k>` (TF_CreatePlaceholders after cond_graph.unique_name)."""
    if not captures:
        return
    prefix = cond_graph.unique_name(cond_graph.name + "___redundant_placeholder")
    for index, tensor in enumerate(captures):  # TF_CreatePlaceholders adds none of them if one fails
        if tensor.dtype is not tensor.dtype.base_dtype:  # a reference type
            raise InvalidArgumentError(None, None, _ref_placeholder_message(f"{prefix}{index}", tensor.dtype))
    for index, tensor in enumerate(captures):
        placeholder = create_op_internal(cond_graph, "Placeholder", [], f"{prefix}{index}/",
                                         tensor.dtype.base_dtype, tensor.shape).outputs[0]
        cond_graph._captures[id(tensor)] = (tensor, placeholder)
        cond_graph.inputs.append(placeholder)


def _ref_placeholder_message(node_name: str, dtype: DType) -> str:
    """The C op builder's error for a Placeholder whose dtype is a reference type (a captured reference variable:
    the body's capture has its base dtype, the cond's duplicate the external tensor's own dtype)."""
    return (f"AttrValue must not have reference type value of {dtype.base_dtype.core_name}_ref\n\t for attr 'dtype'\n"
            f"\t; NodeDef: {{{{node {node_name}}}}}; Op<name=Placeholder; signature= -> output:dtype; "
            "attr=dtype:type; attr=shape:shape,default=<unknown>>")


def while_loop(cond: Any, body: Any, loop_vars: Any, shape_invariants: Any = None, parallel_iterations: int = 10,
               back_prop: bool = True, swap_memory: bool = False, name: Any = None, maximum_iterations: Any = None,
               return_same_structure: bool = False) -> Any:
    """while_loop.while_loop (tf.compat.v1.while_loop): check the functions, then while_v2 (control flow v2 is on
    in graph mode); loop_vars is a list or tuple of tensors (len() of a tensor fails)."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if isinstance(loop_vars, Tensor):
        raise TypeError(f"len is not well defined for a symbolic Tensor ({loop_vars.name}). Please call `x.shape` "
                        "rather than `len(x)` for shape information.")
    return while_v2(cond, body, list(loop_vars), maximum_iterations, name, return_same_structure)


def while_v2(cond: Callable[..., Any], body: Callable[..., Any], loop_vars: list[Any], maximum_iterations: Any,
             name: Any, return_same_structure: bool) -> Any:
    """while_v2.while_loop: the loop vars converted where the call stands, then in name_scope(name or "while"):
    the two function names, `maximum_iterations` and `loop_counter` Consts, the cond then the body traced, the
    body's captures passed as extra loop vars (and duplicated in the cond), a While or StatelessWhile op named by
    the scope, and an Identity per output (v1 graph mode); the loop vars' Identities are returned."""
    user_vars = [convert_to_tensor(value) for value in loop_vars]
    if not name:
        name = "while"
    with name_scope(name) as scope:
        with name_scope(None):
            cond_name = unique_fn_name(scope, "cond")
            body_name = unique_fn_name(scope, "body")
        maximum_iterations_var = _build_maximum_iterations_loop_var(maximum_iterations)
        loop_counter = constant(0, dtype=int32, name="loop_counter")
        signature = [loop_counter, maximum_iterations_var, *user_vars]
        outer = get_default_graph()

        def wrapped_cond(counter: Tensor, maximum: Tensor, *args: Tensor) -> list[Any]:
            pred = cond(*args)
            if isinstance(pred, Tensor) and (pred.shape.rank is None or pred.shape.rank > 0):
                pred = squeeze(pred)
            if maximum_iterations is None:
                return [pred]
            return [_bool_op("LogicalAnd", [_bool_op("Less", [counter, maximum], "Less"), convert_to_tensor(pred)],
                             "LogicalAnd")]

        cond_graph = WhileFuncGraph(outer, cond_name)
        _trace_loop_function(cond_graph, signature, wrapped_cond)

        def wrapped_body(counter: Tensor, maximum: Tensor, *args: Tensor) -> list[Any]:
            current = get_default_graph()
            for tensor in cond_graph.external_captures:
                current.capture(tensor)
            outputs = body(*args)
            if not isinstance(outputs, (list, tuple)):
                outputs = [outputs]
            return [counter + 1, maximum, *outputs]

        body_graph = WhileFuncGraph(outer, body_name)
        _trace_loop_function(body_graph, signature, wrapped_body)
        captures = body_graph.external_captures
        all_vars = signature + captures
        body_graph.outputs.extend(body_graph.internal_captures)
        _duplicate_body_captures_in_cond(cond_graph, captures[len(cond_graph.external_captures):])
        _check_shapes_compat(body_graph.outputs[2:2 + len(user_vars)], user_vars)
        _check_inputs_outputs_types_match(body_graph, all_vars)
        outputs = _build_while_op(all_vars, cond_graph, body_graph, scope)
    loop_outputs = outputs[2:2 + len(user_vars)]
    if return_same_structure:
        return loop_outputs
    return loop_outputs[0] if len(loop_outputs) == 1 else loop_outputs


def _build_while_op(loop_vars: list[Tensor], cond_graph: WhileFuncGraph, body_graph: WhileFuncGraph,
                    scope: str) -> list[Tensor]:
    """while_v2._build_while_op: `While` when the cond or body has a stateful op, else `StatelessWhile`, named
    exactly by the loop's scope in the graph of its inputs, one output per loop var (the body's output shapes,
    the user's loop vars keeping theirs); both functions go into the default graph's library; then, in v1 graph
    mode, an Identity per output (`Identity`, `Identity_1`, ...)."""
    stateful = any(_is_op_stateful(op) for graph in (cond_graph, body_graph) for op in graph.get_operations())
    op_type = "While" if stateful else "StatelessWhile"
    graph = get_graph_from_inputs(loop_vars)
    with DefaultGraphController(graph), name_scope(scope) as op_scope:
        while_op = create_op_internal(graph, op_type, loop_vars, op_scope, None, None)
    for index, tensor in enumerate(loop_vars):
        while_op._outputs.append(Tensor(while_op, index, tensor.dtype.base_dtype, tensor.shape))
    while_op.loop_functions = (cond_graph.name, body_graph.name)  # its cond / body attrs
    while_op.function_graphs = (cond_graph, body_graph)
    for func_graph in (cond_graph, body_graph):
        func_graph.outer_graph = get_default_graph()
        create_new_tf_function(func_graph)
    if get_default_graph().building_function:  # a loop inside a function graph returns the While's outputs
        return while_op.outputs
    return [_new_op(graph, "Identity", [output], "Identity", output.dtype.base_dtype, output.shape).outputs[0]
            for output in while_op.outputs]
# ---- tf.case: nested conds (control_flow_case) ------------------------------------------------------------------

def case(pred_fn_pairs: Any, default: Any = None, exclusive: bool = False, strict: bool = False,
         name: Any = "case") -> Any:
    """control_flow_case.case (tf.compat.v1.case): `_case_helper` over tf.cond, Python bools refused.

    Modelled with a `default` and `exclusive=False`: without a default, TF makes the
    last pair's function the default under two Asserts, and `exclusive=True` adds an Assert over the stacked
    predicates; neither is modelled (NotImplementedError)."""
    predicates, actions = _case_verify_and_canonicalize_args(pred_fn_pairs)
    if default is None or exclusive:
        raise NotImplementedError("tf.case without a default, or with exclusive=True, is not modelled")
    with name_scope(name, "case", [predicates]):
        return _nested_conds(list(predicates), list(actions), default, strict)


def _nested_conds(predicates: list[Tensor], actions: list[Callable[[], Any]], default: Callable[[], Any],
                  strict: bool) -> Any:
    """control_flow_case._case_helper: `cond(c[0], true_fn=a[0], false_fn=lambda: cond(c[1], ...))`, built in
    reverse as functools.partial, so each later pair's cond is built while the previous false branch is traced
    (in its function graph, named `cond` at the root of that graph's name stack), the default innermost."""
    fn = default
    for predicate, action in reversed(list(zip(predicates, actions, strict=True))):
        fn = functools.partial(cond, predicate, true_fn=action, false_fn=fn, strict=strict)
    return fn()


def _case_verify_and_canonicalize_args(pred_fn_pairs: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """control_flow_case._case_verify_and_canonicalize_args in graph mode, allow_python_preds False: a dict's
    items sorted by the predicates' names (an OrderedDict's in order), then each entry a 2-tuple of a bool tensor
    and a callable."""
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError("'pred_fn_pairs' must be a list, tuple, or dict. "
                        f"Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pred_fn_pairs = pred_fn_pairs.items()
    elif isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    for pred_fn_pair in pred_fn_pairs:
        if not isinstance(pred_fn_pair, tuple) or len(pred_fn_pair) != 2:
            raise TypeError("Each entry in 'pred_fn_pairs' must be a 2-tuple. "
                            f"Received {pred_fn_pair}.")
        pred, fn = pred_fn_pair
        if isinstance(pred, Tensor):
            if pred.dtype != tf_bool:
                raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
        else:
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    predicates, actions = zip(*pred_fn_pairs, strict=True)
    return predicates, actions
