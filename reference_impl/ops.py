"""Creating operations: graph selection from inputs, tensor conversion, `_create_op_internal`, `_apply_op_helper`.

Each function mirrors the TF function named in its docstring, so that names consumed by calls that fail are
consumed here too.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from reference_impl import naming
from reference_impl.dtypes import DType, as_dtype, float32, int32
from reference_impl.graph import (
    DefaultGraphController,
    Graph,
    NameStackScope,
    _default_graph_stack,
    get_default_graph,
)
from reference_impl.shapes import TensorShape
from reference_impl.tensors import Operation, Tensor

# ---- graph membership ------------------------------------------------------------------------------

def as_graph_element(value: Any) -> Any:
    """ops._as_graph_element: tensors and operations are themselves; variables give their graph element."""
    if isinstance(value, (Tensor, Operation)):
        return value
    convert = getattr(value, "_as_graph_element", None)
    return convert() if convert is not None else None


def assert_same_graph(original_item: Any, item: Any) -> None:
    """ops._assert_same_graph: two graph elements must share a graph."""
    original_graph = getattr(original_item, "graph", None)
    graph = getattr(item, "graph", None)
    if original_graph and graph and original_graph is not graph:
        raise ValueError("%s must be from the same graph as %s (graphs are %s and %s)." %
                         (item, original_item, graph, original_graph))


def get_graph_from_inputs(op_input_list: Any, graph: Graph | None = None) -> Graph:
    """ops._get_graph_from_inputs: a default graph that builds a function (a cond branch) is the graph; else the
    first input with a graph decides, and the others must agree."""
    current_default_graph = get_default_graph()
    if current_default_graph.building_function:
        return current_default_graph
    op_input_list = tuple(op_input_list)
    original_graph_element = None
    for op_input in op_input_list:
        graph_element = as_graph_element(op_input)
        if graph_element is not None:
            if not graph:
                original_graph_element = graph_element
                graph = graph_element.graph
            elif original_graph_element is not None:
                assert_same_graph(original_graph_element, graph_element)
            elif graph_element.graph is not graph:
                raise ValueError("%s is not from the passed-in graph." % graph_element)
    return graph or current_default_graph


# ---- Python values ---------------------------------------------------------------------------------

def _flat(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        out: list[Any] = []
        for item in value:
            out.extend(_flat(item))
        return out
    return [value]


def python_shape(value: Any) -> list[int]:
    """The shape of a nested list of numbers."""
    shape: list[int] = []
    while isinstance(value, (list, tuple)):
        shape.append(len(value))
        value = value[0] if value else None
    return shape


def inferred_dtype(value: Any) -> DType:
    """make_tensor_proto: Python ints become int32, floats (anywhere in the value) float32."""
    items = _flat(value)
    if any(isinstance(x, float) for x in items):
        return float32
    if all(isinstance(x, bool) for x in items) and items:
        from reference_impl.dtypes import bool as tf_bool
        return tf_bool
    return int32


def checked_python_value(value: Any, dtype: DType | None) -> tuple[DType, Any]:
    """make_tensor_proto: refuse a float for an integer dtype; convert ints for a float dtype."""
    if dtype is None:
        dtype = inferred_dtype(value)
    dtype = dtype.base_dtype
    for item in _flat(value):
        if dtype.is_integer and isinstance(item, float):
            raise TypeError(f"Expected {dtype.name}, but got {item!r} of type '{type(item).__name__}'.")
    return dtype, _cast_value(value, dtype)


def _cast_value(value: Any, dtype: DType) -> Any:
    if isinstance(value, (list, tuple)):
        return [_cast_value(v, dtype) for v in value]
    if dtype.is_floating:
        return float(value)
    if dtype.is_integer:
        return int(value)
    return value


# ---- creating operations -----------------------------------------------------------------------------

def create_op_internal(graph: Graph, op_type: str, inputs: list[Tensor], name: str | None,
                       out_dtype: DType | None, out_shape: TensorShape | None, value: Any = None) -> Operation:
    """Graph._create_op_internal: check finalize, use 'x/' exactly or uniquify, validate, add the node.

    In a function graph (FuncGraph._create_op_internal) every input from another graph is captured first.
    """
    graph._check_not_finalized()
    if graph.building_function:
        inputs = [graph.capture(tensor) for tensor in inputs]
    if name is None:
        name = op_type
    if naming.is_exact_scope(name):
        name = naming.name_from_scope_name(name)
    else:
        name = graph.unique_name(name)
    error = naming.node_name_error(name)
    if error:
        raise ValueError(error)
    check_input_types(name, op_type, inputs)
    if op_type in BROADCASTING_OP_TYPES:
        graph._check_unique_node_name(name)
        check_broadcast_shapes(name, op_type, inputs)
    op = Operation(graph, name, op_type, inputs)
    graph._add_node(op)
    if out_dtype is not None:
        op._outputs.append(Tensor(op, 0, out_dtype, TensorShape([]) if out_shape is None else out_shape, value))
    return op


#: the op types whose op def takes a reference input (`Ref(T)`), by the input's index: Assign's `ref`
REF_INPUT_OP_TYPES = {"Assign": 0}


def check_input_types(name: str, op_type: str, inputs: list[Tensor]) -> None:
    """Operation.from_node_def: the input types _apply_op_helper expects must be compatible with the inputs'
    dtypes; a `Ref(T)` input given a tensor that is no reference (a reference variable captured by a cond branch,
    a float32 Placeholder) is refused."""
    ref_index = REF_INPUT_OP_TYPES.get(op_type)
    if ref_index is None or inputs[ref_index].dtype._is_ref:
        return
    expected = [t.dtype.base_dtype._as_ref() if i == ref_index else t.dtype.base_dtype for i, t in enumerate(inputs)]
    raise TypeError(f"In op '{name}', input types ({[t.dtype for t in inputs]}) are not compatible with expected "
                    f"types ({expected})")


#: the binary ops whose shape function broadcasts their inputs (BroadcastBinaryOpShapeFn)
BROADCASTING_OP_TYPES = frozenset({"AddV2", "Mul", "Sub", "Greater", "Less"})


def _shape_text(shape: TensorShape) -> str:
    """A shape as shape inference prints it: [2,3], [] for a scalar."""
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def _node_input(tensor: Tensor) -> str:
    """An input as a NodeDef names it: the op's name for output 0, else `op:k`."""
    return tensor.op.name if tensor.value_index == 0 else tensor.name


def check_broadcast_shapes(name: str, op_type: str, inputs: list[Tensor]) -> None:
    """BroadcastBinaryOpOutputShapeFnHelper, run by TF_FinishOperation: the dimensions, aligned on the right, are
    compared from the left; two known ones that differ and are not 1 refuse the op (a ValueError). Its name stays
    used: the graph's name registry was updated before the C++ op was built."""
    x, y = (t.shape.as_list() for t in inputs)
    rank = max(len(x), len(y))
    padded_x, padded_y = [1] * (rank - len(x)) + x, [1] * (rank - len(y)) + y
    for dim_x, dim_y in zip(padded_x, padded_y, strict=True):
        if dim_x not in (1, None) and dim_y not in (1, None) and dim_x != dim_y:
            node = "{{node %s}} = %s[T=%s](%s)" % (name, op_type, inputs[0].dtype.datatype_enum_name,
                                                   ", ".join(_node_input(t) for t in inputs))
            raise ValueError("Dimensions must be equal, but are %d and %d for '%s' with input shapes: %s."
                             % (dim_x, dim_y, node, ", ".join(_shape_text(t.shape) for t in inputs)))


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str = "Const") -> Tensor:
    """constant_op.constant in a graph: validate the value first, then one Const op."""
    dtype_obj = as_dtype(dtype) if dtype is not None else None
    dtype_obj, cast = checked_python_value(value, dtype_obj)
    dims = python_shape(value) if shape is None else list(shape)
    if shape is not None and not isinstance(value, (list, tuple)):
        cast = _broadcast(cast, dims)
    graph = get_default_graph()
    op = create_op_internal(graph, "Const", [], name, dtype_obj, TensorShape(dims), cast)
    return op.outputs[0]


def _broadcast(scalar: Any, dims: list[int]) -> Any:
    if not dims:
        return scalar
    return [_broadcast(scalar, dims[1:]) for _ in range(dims[0])]


def convert_to_tensor(value: Any, dtype: DType | None = None, name: str | None = None,
                      preferred_dtype: DType | None = None, as_ref: bool = False) -> Tensor:
    """tensor_conversion_registry.convert: try the preferred dtype first, then none."""
    if dtype is None and preferred_dtype is not None:
        try:
            return _convert(value, preferred_dtype, name, as_ref)
        except (TypeError, ValueError):
            pass
    return _convert(value, dtype, name, as_ref)


def _convert(value: Any, dtype: DType | None, name: str | None, as_ref: bool) -> Tensor:
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r" %
                             (dtype.name, value.dtype.name, value))
        return value
    # variables, then registered conversion functions such as PartitionedVariable's
    converter = getattr(value, "_dense_var_to_tensor", None) or getattr(value, "_tensor_conversion_function", None)
    if converter is not None:
        return converter(dtype=dtype, name=name, as_ref=as_ref)
    return constant(value, dtype=dtype, name=name or "Const")


# ---- name scopes -----------------------------------------------------------------------------------

class internal_name_scope_v1(contextlib.AbstractContextManager):  # noqa: N801 - TF's name
    """ops.internal_name_scope_v1: graph from `values`, then Graph.name_scope of name or default_name."""

    def __init__(self, name: Any, default_name: Any = None, values: Any = None) -> None:
        if not (default_name is None or isinstance(default_name, str)):
            raise TypeError("`default_name` type (%s) is not a string type. You likely meant to pass this "
                            "into the `values` kwarg." % type(default_name))
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values
        self._g_manager: Any = None

    @property
    def name(self) -> Any:
        return self._name

    def __enter__(self) -> str:
        if self._name is None and self._values is not None:
            raise ValueError("At least one of name (%s) and default_name (%s) must be provided." %
                             (self._name, self._default_name))
        g = get_default_graph()
        self._g_manager = None
        if self._values:
            g_from_inputs = get_graph_from_inputs(self._values)
            if g_from_inputs is not g:
                g = g_from_inputs
                self._g_manager = DefaultGraphController(g)
                self._g_manager.__enter__()
        try:
            self._name_scope = NameStackScope(g, self._name)
            return self._name_scope.__enter__()
        except BaseException:
            if self._g_manager is not None:
                self._g_manager.__exit__(*sys.exc_info())
            raise

    def __exit__(self, *exc_info: Any) -> None:
        self._name_scope.__exit__(*exc_info)
        if self._g_manager is not None:
            self._g_manager.__exit__(*exc_info)


def name_scope(name: Any, default_name: Any = None, values: Any = None) -> internal_name_scope_v1:
    """ops.name_scope in graph mode."""
    return internal_name_scope_v1(name, default_name, values)


def outer_graph() -> Graph:
    """ops._get_outer_context_and_inner_device_stack: the innermost default graph that builds no function (a cond
    branch's graph does), else the global default graph."""
    for graph in reversed(_default_graph_stack.stack):
        if not graph.building_function:
            return graph
    return _default_graph_stack.global_default()


class init_scope:  # noqa: N801 - TF's name
    """ops.init_scope in a graph: enter the outer graph (the default graph unless a cond branch is being built)
    and re-enter the current name scope (the branch's, e.g. `ns/`) exactly in it."""

    __slots__ = ("_graph_controller", "_name_scope")

    def __enter__(self) -> None:
        scope = get_default_graph()._name_stack
        graph = outer_graph()
        self._graph_controller = DefaultGraphController(graph)
        self._graph_controller.__enter__()
        if scope and scope[-1] != "/":
            scope = scope + "/"
        self._name_scope = NameStackScope(graph, scope)
        try:
            self._name_scope.__enter__()
        except BaseException:
            self._graph_controller.__exit__(*sys.exc_info())
            raise

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self._name_scope.__exit__(*exc_info)
        finally:
            self._graph_controller.__exit__(*exc_info)


# ---- generated op wrappers --------------------------------------------------------------------------

#: the allowed values of the type attribute T in the op defs (the same from 2.12 to tf-nightly), in the op def's order
_REAL = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64", "bfloat16", "uint16", "float16", "uint32",
         "uint64")
TYPE_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "Neg": ("bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64", "complex64", "complex128"),
    "AddV2": ("bfloat16", "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64", "int8", "int16",
              "int32", "int64", "complex64", "complex128"),
    "Sub": ("bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16", "int32", "int64",
            "complex64", "complex128", "uint32", "uint64"),
    "Mul": ("bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16", "int32", "uint32",
            "uint64", "int64", "complex64", "complex128"),
    "Greater": _REAL,
    "Less": _REAL,
    "L2Loss": ("float16", "bfloat16", "float32", "float64"),
}


def apply_op(op_type: str, name: str | None, inputs: list[tuple[str, Any]],
             out_dtype: DType | None = None) -> Operation:
    """op_def_library._apply_op_helper for ops whose inputs share one type attribute T: T is inferred from the first
    input and checked against the op def's allowed values (TYPE_CONSTRAINTS) at once, before the next input is
    converted to it."""
    allowed_types = TYPE_CONSTRAINTS.get(op_type)
    g = get_graph_from_inputs([value for _, value in inputs])
    name = name if name else op_type
    # `with g.as_default(), ops.name_scope(name)`: with g the default graph and no values, ops.name_scope is
    # g.name_scope(name), whose body is NameStackScope (entered directly: every op goes through here).
    with DefaultGraphController(g), NameStackScope(g, name) as scope:
        converted: list[Tensor] = []
        attr_type: DType | None = None
        inferred_from = ""
        for arg_name, values in inputs:
            dtype = attr_type
            try:
                tensor = convert_to_tensor(values, name=arg_name, dtype=dtype)
            except TypeError as err:
                if dtype is None:
                    raise
                raise TypeError(
                    f"Expected {dtype.name} passed to parameter '{arg_name}' of op '{op_type}', got "
                    f"{values!r} of type '{type(values).__name__}' instead. Error: {err}") from None
            except ValueError:
                try:
                    observed = convert_to_tensor(values).dtype.name
                except ValueError as err:
                    raise ValueError(
                        f"Tried to convert '{arg_name}' to a tensor and failed. Error: {err}") from None
                if attr_type is None:
                    raise KeyError(TYPE_ATTR) from None  # TF quirk `retried_conversion_reads_an_uninferred_attr`
                prefix = "Input '%s' of '%s' Op has type %s that does not match" % (arg_name, op_type, observed)
                raise TypeError(f"{prefix} type {attr_type.name} of argument '{inferred_from}'.") from None
            if attr_type is None:
                attr_type = tensor.dtype.base_dtype
                inferred_from = arg_name
                if allowed_types is not None:
                    _check_allowed_type(inferred_from, attr_type, allowed_types)
            converted.append(tensor)
        if out_dtype is None:
            out_dtype = converted[0].dtype.base_dtype if converted else float32
        return create_op_internal(g, op_type, converted, scope, out_dtype, _output_shape(g, converted))


#: the type attribute every op of apply_op has
TYPE_ATTR = "T"


def _output_shape(graph: Graph, inputs: list[Tensor]) -> TensorShape:
    """The broadcast shape of the inputs; unknown when one is from another graph (TF quirk
    `foreign_input_has_no_shape`: an input converted after the op's graph was chosen, such as a PartitionedVariable's
    concatenation built in its own graph, reaches the C graph unchecked and its shape is not seen). A function
    graph captures such an input as a placeholder of its shape."""
    if not graph.building_function and any(t.graph is not graph for t in inputs):
        return TensorShape(None)
    return _broadcast_shape(inputs)


def _check_allowed_type(arg_name: str, dtype: DType, allowed_types: tuple[str, ...]) -> None:
    """op_def_library._SatisfiesTypeConstraint: the type attribute must be one the op def allows (by name)."""
    if dtype.name not in allowed_types:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed values: %s" %
                        (arg_name, dtype.name, ", ".join(allowed_types)))


def _broadcast_shape(inputs: list[Tensor]) -> TensorShape:
    dims: list[int] = []
    for t in inputs:
        shape = t.shape.as_list() if t.shape.rank is not None else []
        if len(shape) > len(dims):
            dims = [1] * (len(shape) - len(dims)) + dims
        offset = len(dims) - len(shape)
        for i, d in enumerate(shape):
            dims[offset + i] = d if dims[offset + i] in (1, None) else dims[offset + i]
    return TensorShape(dims)


def no_op(name: str | None = None) -> Operation:
    """gen_control_flow_ops.no_op: a NoOp without outputs, named as _apply_op_helper names ops."""
    g = get_default_graph()
    with DefaultGraphController(g), internal_name_scope_v1(name or "NoOp") as scope:
        return create_op_internal(g, "NoOp", [], scope, None, None)


def group(*inputs: Operation, name: str | None = None) -> Operation:
    """control_flow_ops.group on one device: scope `name` (default `group_deps`), then a NoOp with control inputs."""
    with name_scope(name, "group_deps", list(inputs)) as scope:
        op = no_op(name=scope)
        op._control_inputs = list(inputs)
        return op
