"""Variables: resource and reference variables, with their internal ops under TF's exact names."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

from reference_impl import naming
from reference_impl.dtypes import DType, as_dtype
from reference_impl.graph import get_default_graph
from reference_impl.graph_collections import (
    checked_variable_collections,
    global_variables,
    trainable_or_default,
    with_trainable_collection,
)
from reference_impl.ops import apply_op, convert_to_tensor, group, init_scope, name_scope, no_op
from reference_impl.shapes import as_shape
from reference_impl.tensors import GraphValue, Operation, Tensor
from reference_impl.versions import ref_traceback_has_source_lines, variable_accepts_unknown_kwargs

_MODEL_DIR = os.path.dirname(os.path.abspath(__file__))

class _BaseVariable(GraphValue):
    """What both variable kinds share: name, op, graph, shape, dtype, operators, printing."""

    _handle_op: Operation

    _name: str
    _initializer_op: Operation
    _initial_value: Tensor
    _trainable: Any

    @property
    def name(self) -> str:
        return self._name

    @property
    def op(self) -> Operation:
        return self._handle_op

    @property
    def initializer(self) -> Operation:
        """The op that assigns the initial value (`<name>/Assign`); running it in a Session initializes."""
        return self._initializer_op

    @property
    def initial_value(self) -> Tensor:
        return self._initial_value

    @property
    def trainable(self) -> Any:
        return self._trainable

    def __repr__(self) -> str:
        return f"<tf.Variable '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    __str__ = __repr__

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def _overload(op_name: str) -> Any:
    """variables.Variable._OverloadOperator: read the value first, then defer to Tensor's operator."""

    def _run_op(a: _BaseVariable, *args: Any) -> Any:
        return getattr(Tensor, op_name)(a.value(), *args)

    return _run_op


for _op in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__neg__"):
    setattr(_BaseVariable, _op, _overload(_op))


def caller_stack() -> list[traceback.FrameSummary]:
    """The op's creation traceback as TF records it: the caller's frames, outermost first (model frames dropped).

    Source lines are looked up only when a message prints them (as TF's tf_stack does), not at creation.
    """
    frames = []
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if _MODEL_DIR not in code.co_filename:
            frames.append(traceback.FrameSummary(code.co_filename, frame.f_lineno, code.co_name, lookup_line=False))
        frame = frame.f_back
    frames.reverse()
    return frames


def originally_defined_at(stack: list[traceback.FrameSummary]) -> str:
    """RefVariable 'already exists' suffix: the 5 innermost caller frames, with source lines before TF 2.15."""
    lines = []
    for frame in stack[::-1][:5]:
        lines.append('  File "%s", line %d, in %s\n' % (frame.filename, frame.lineno, frame.name))
        if ref_traceback_has_source_lines() and frame.line:
            lines.append("    %s\n" % frame.line.strip())
    return "".join(lines)


def _initial_value_tensor(initial_value: Any, dtype: DType | None) -> Tensor:
    """Convert an initial value under the name `initial_value`."""
    return convert_to_tensor(initial_value, dtype=dtype, name="initial_value")


def check_liftable(initial_value: Any, name: Any) -> None:
    """ResourceVariable._init_from_args: a tensor of a function graph (a cond branch's) cannot be the initial value
    of a variable, which init_scope lifts out of the function (RefVariable has no such check)."""
    if isinstance(initial_value, Tensor) and initial_value.graph.building_function:
        raise ValueError(f"Argument `initial_value` ({initial_value}) could not be lifted out of a `tf.function`. "
                         f"(Tried to create variable with name='{name}'). To avoid this error, when constructing "
                         "`tf.Variable`s inside of `tf.function` you can create the `initial_value` tensor in a "
                         "`tf.init_scope` or pass a callable `initial_value` (e.g., `tf.Variable(lambda : "
                         "tf.truncated_normal([10, 40]))`). Please file a feature request if this restriction "
                         "inconveniences you.")


class ResourceVariable(_BaseVariable):
    """ResourceVariable._init_from_args in a graph: Initializer/, handle, IsInitialized/, Assign, Read/."""

    def __init__(self, initial_value: Any = None, trainable: Any = None, name: Any = None,
                 dtype: Any = None, shape: Any = None, collections: Any = None, caching_device: Any = None) -> None:
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except when you are "
                             "not providing a `variable_def`. You provided neither.")
        check_liftable(initial_value, name)
        trainable = trainable_or_default(trainable)
        collections = with_trainable_collection(checked_variable_collections(collections), trainable)
        self._trainable = trainable
        init_from_fn = callable(initial_value)
        dtype = as_dtype(dtype) if dtype is not None else None
        with init_scope():
            with name_scope(name, "Variable", [] if init_from_fn else [initial_value]) as scope:
                handle_name = naming.name_from_scope_name(scope)
                with name_scope("Initializer"):
                    if init_from_fn:
                        initial_value = initial_value()
                    value = _initial_value_tensor(initial_value, dtype)
                if shape is not None:
                    shape = as_shape(shape)
                    if not value.shape.is_compatible_with(shape):
                        raise ValueError(
                            f"In this `tf.Variable` creation, the initial value's shape ({value.shape}) is not "
                            f"compatible with the explicitly supplied `shape` argument ({shape}).")
                else:
                    shape = value.shape
                self._shape = shape
                self._dtype = value.dtype.base_dtype
                self._initial_value = value
                graph = get_default_graph()
                self._name = handle_name + ":0"  # from the scope, even when the op gets another name
                self._handle_op = apply_op("VarHandleOp", scope, [])
                self._handle_op._shared_name = handle_name
                handle = self._handle_op.outputs[0]
                self._handle = handle
                with name_scope("IsInitialized"):
                    apply_op("VarIsInitializedOp", None, [("resource", handle)])
                with name_scope("Assign") as assign_scope:
                    self._initializer_op = apply_op("AssignVariableOp", assign_scope, [("resource", handle)])
                    self._initializer_op._inputs.append(value)  # (resource, value): the value's dtype is not T
                with name_scope("Read"):
                    self._graph_element = self._read_op()
                    self._cached_value = _cached_value(self._graph_element, caching_device)
                graph.add_to_collections(collections, self)
        self._initial_value = value

    def _read_op(self) -> Tensor:
        """gen_resource_variable_ops.read_variable_op: a ReadVariableOp in the handle's graph."""
        op = apply_op("ReadVariableOp", None, [("resource", self._handle)])
        op._outputs[0] = Tensor(op, 0, self._dtype, self._shape)
        return op.outputs[0]

    def _as_graph_element(self) -> Tensor:
        return self._graph_element

    def value(self) -> Tensor:
        """Every read of a resource variable is a new ReadVariableOp in the current name scope, unless the
        variable has a caching device: then it is the cached value, always the same tensor."""
        if self._cached_value is not None:
            return self._cached_value
        return self._read_op()

    def _dense_var_to_tensor(self, dtype: DType | None = None, name: Any = None, as_ref: bool = False) -> Tensor:
        if dtype is not None and not dtype.is_compatible_with(self.dtype):
            raise ValueError(f"Incompatible type conversion requested to type {dtype.name} for `tf.Variable of "
                             f"type {self.dtype.name}. (Variable: {self})")
        return self.value()


def _cached_value(read: Tensor, caching_device: Any) -> Tensor | None:
    """ResourceVariable._init_from_args: with a caching device, an Identity of the first read (`Read/Identity`),
    placed on that device, which every later read returns."""
    if caching_device is None:
        return None
    return _on_device(apply_op("Identity", None, [("input", read)]), caching_device).outputs[0]


def _on_device(op: Operation, device: str) -> Operation:
    """`with ops.device(device):` around the op's creation: the op placed on the device's canonical name."""
    op.device = canonical_device_name(device)
    return op


def canonical_device_name(device: str) -> str:
    """device_spec.DeviceSpecV2.from_string(device).to_string() for a device type and index, as written in the
    programs (`/cpu:0` is `/device:CPU:0`)."""
    kind, _, index = device.strip("/").removeprefix("device:").partition(":")
    return f"/device:{kind.upper()}:{index}"


class RefVariable(_BaseVariable):
    """RefVariable._init_from_args: [Initializer/] or initial_value, VariableV2, Assign, read.

    A caching device only places the `read` snapshot on that device.
    """

    def __init__(self, initial_value: Any = None, trainable: Any = None, name: Any = None,
                 dtype: Any = None, shape: Any = None, collections: Any = None, caching_device: Any = None) -> None:
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        collections = checked_variable_collections(collections)
        trainable = trainable_or_default(trainable)
        self._trainable = trainable
        collections = with_trainable_collection(collections, trainable)
        self._creation_stack = caller_stack()
        init_from_fn = callable(initial_value)
        dtype = as_dtype(dtype) if dtype is not None else None
        with init_scope():
            with name_scope(name, "Variable", [] if init_from_fn else [initial_value]) as scope:
                if init_from_fn:
                    with name_scope("Initializer"):
                        value = _initial_value_tensor(initial_value(), dtype)
                else:
                    value = _initial_value_tensor(initial_value, dtype)
                self._shape = as_shape(shape) if shape is not None else value.shape
                self._initial_value = value
                base = value.dtype.base_dtype
                self._dtype = base._as_ref()
                self._handle_op = apply_op("VariableV2", scope, [], out_dtype=self._dtype)
                self._variable = self._handle_op.outputs[0]
                self._variable._shape = self._shape
                self._name = self._variable.name  # a reference variable is named after its op
                self._initializer_op = apply_op("Assign", None, [("ref", self._variable), ("value", value)])
                snapshot = apply_op("Identity", "read", [("input", self._variable)])
                # `with ops.device(caching_device)` (else colocated with the variable, which sets no device)
                self._snapshot = (snapshot if caching_device is None else _on_device(snapshot, caching_device)).outputs[0]
                self._snapshot._dtype = base
            # TF quirk `ref_variable_joins_the_outer_graphs_collections`: after the name scope, whose values may
            # have made the initial value's graph the default, so the variable's ops and its collections can be
            # in different graphs (a ResourceVariable joins the collections inside its name scope).
            get_default_graph().add_to_collections(collections, self)
        self._initial_value = value

    def _as_graph_element(self) -> Tensor:
        return self._variable

    def value(self) -> Tensor:
        """A reference variable's value is its `read` snapshot: no new op."""
        return self._snapshot

    def _dense_var_to_tensor(self, dtype: DType | None = None, name: Any = None, as_ref: bool = False) -> Tensor:
        if dtype and not dtype.is_compatible_with(self.dtype):
            raise ValueError("Incompatible type conversion requested to type '%s' for variable of type '%s'" %
                             (dtype.name, self.dtype.name))
        return self._variable if as_ref else self.value()


def Variable(initial_value: Any = None, trainable: Any = None, name: Any = None, dtype: Any = None,  # noqa: N802
             use_resource: Any = None, collections: Any = None, **kwargs: Any) -> _BaseVariable:
    """tf.compat.v1.Variable: hands its arguments to default_variable_creator, which picks the kind."""
    if kwargs and not variable_accepts_unknown_kwargs():
        bogus = next(iter(kwargs))
        raise TypeError(f"VariableMetaclass._variable_v1_call() got an unexpected keyword argument '{bogus}'")
    shape = kwargs.get("shape") if "shape" in kwargs else None
    return create_variable(initial_value=initial_value, trainable=trainable, name=name, dtype=dtype, shape=shape,
                           use_resource=use_resource, collections=collections)


def create_variable(**kwargs: Any) -> _BaseVariable:
    """VariableV1._variable_call: the default graph's creators (variable_creator_scope), the innermost first,
    each handing its keyword arguments to the next, and default_variable_creator last."""
    def default(**kws: Any) -> _BaseVariable:
        return default_variable_creator(**kws)

    previous_getter = default
    for _, getter in get_default_graph()._variable_creator_stack:
        previous_getter = _make_getter(getter, previous_getter)
    return previous_getter(**kwargs)


def _make_getter(captured_getter: Any, captured_previous: Any) -> Any:
    """variables._make_getter: `captured_getter(captured_previous, **kwargs)`."""
    return lambda **kwargs: captured_getter(captured_previous, **kwargs)


def default_variable_creator(**kwargs: Any) -> _BaseVariable:
    """TF's placeholder (variables.py): variable_scope.py replaces it with the real creator when it is imported."""
    raise NotImplementedError("variable_scope needs to be imported")


def global_variables_initializer() -> Operation:
    """variables_initializer(global_variables()): one NoOp `init` whose control inputs are the initializers."""
    variables = global_variables()
    if not variables:
        return no_op(name="init")
    return group(*[v.initializer for v in variables], name="init")
