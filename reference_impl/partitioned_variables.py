"""Partitioned variables: the partitioners (ops/partitioned_variables.py), the variable store's partitioned paths
(ops/variable_scope.py: `_true_getter`, `_get_partitioned_variable`, `_call_partitioner`, `_iter_slices`) and
`variables.PartitionedVariable`, with the Slice and ConcatV2 ops they build."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from reference_impl.dtypes import DType, as_dtype, int32
from reference_impl.graph import DefaultGraphController, get_default_graph
from reference_impl.math_ops import identity
from reference_impl.ops import (
    constant,
    convert_to_tensor,
    create_op_internal,
    get_graph_from_inputs,
    internal_name_scope_v1,
    name_scope,
)
from reference_impl.shapes import TensorShape, as_shape
from reference_impl.tensors import Tensor

#: DType.size of the dtypes the model has
_DTYPE_SIZES = {"float32": 4, "int32": 4, "bool": 1}


# ---- the partitioners (ops/partitioned_variables.py) ---------------------------------------------------------

def variable_axis_size_partitioner(max_shard_bytes: int, axis: int = 0, bytes_per_string_element: int = 16,
                                   max_shards: int | None = None) -> Any:
    """tf.compat.v1.variable_axis_size_partitioner: as many shards along `axis` as keep each below the byte size."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError(
            "Both max_shard_bytes and bytes_per_string_element must be positive. "
            f"Currently, max_shard_bytes is {max_shard_bytes} and"
            f"bytes_per_string_element is {bytes_per_string_element}")
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape: Any, dtype: Any) -> list[int]:
        if not isinstance(shape, TensorShape):
            raise ValueError(f"shape is not a TensorShape: {shape}")
        if not shape.is_fully_defined():
            raise ValueError(f"shape is not fully defined: {shape}")
        element_size = _DTYPE_SIZES[as_dtype(dtype).base_dtype.name]
        dims = shape.as_list()
        partitions = [1] * len(dims)
        bytes_per_slice = 1.0 * (shape.num_elements() / dims[axis]) * element_size  # type: ignore[operator]
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        axis_shards = int(math.ceil(1.0 * dims[axis] / slices_per_shard))  # type: ignore[operator]
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions[axis] = axis_shards
        return partitions

    return _partitioner


def min_max_variable_partitioner(max_partitions: int = 1, axis: int = 0, min_slice_size: int = 256 << 10,
                                 bytes_per_string_element: int = 16) -> Any:
    """tf.compat.v1.min_max_variable_partitioner: slices of at least min_slice_size bytes, at most max_partitions."""

    def _partitioner(shape: Any, dtype: Any) -> list[int]:
        if axis >= len(shape):
            raise ValueError(f"Cannot partition variable along axis {axis} when shape is only {shape}")
        bytes_per_element = _DTYPE_SIZES[as_dtype(dtype).base_dtype.name]
        total_size_bytes = shape.num_elements() * bytes_per_element
        partitions = total_size_bytes / min_slice_size
        partitions_list = [1] * len(shape)
        partitions_list[axis] = max(1, min(shape.as_list()[axis], max_partitions, int(math.ceil(partitions))))
        return partitions_list

    return _partitioner


def fixed_size_partitioner(num_shards: int, axis: int = 0) -> Any:
    """tf.compat.v1.fixed_size_partitioner: num_shards along `axis`, at most one per element."""

    def _partitioner(shape: Any, **unused_args: Any) -> list[int]:
        partitions_list = [1] * len(shape)
        partitions_list[axis] = min(num_shards, shape.as_list()[axis])
        return partitions_list

    return _partitioner


# ---- the store's rules (ops/variable_scope.py) -----------------------------------------------------------------

class PartitionInfo:
    """variable_scope._PartitionInfo: what an initializer learns about the part it initializes."""

    def __init__(self, full_shape: list[int], var_offset: list[int]) -> None:
        self.full_shape = full_shape
        self.var_offset = var_offset


def call_partitioner(partitioner: Any, shape: TensorShape, dtype: DType) -> list[int]:
    """variable_scope._call_partitioner: a fully defined shape of rank >= 1; one axis sliced at most."""
    if not shape.is_fully_defined():
        raise ValueError("Shape of a new partitioned variable must be fully defined, but instead was %s." % (shape,))
    if len(shape) < 1:
        raise ValueError("A partitioned Variable must have rank at least 1, shape: %s" % shape)
    slicing = partitioner(shape=shape, dtype=dtype)
    if not isinstance(slicing, Sequence):
        raise ValueError("Partitioner must return a sequence, but saw: %s" % slicing)
    if len(slicing) != len(shape):
        raise ValueError("Partitioner returned a partition list that does not match the Variable's rank: %s vs. %s"
                         % (slicing, shape))
    if any(p < 1 for p in slicing):
        raise ValueError("Partitioner returned zero partitions for some axes: %s" % slicing)
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError("Can only slice a variable along one dimension: shape: %s, partitioning: %s"
                         % (shape, slicing))
    return list(slicing)


def slice_dim_and_num_slices(slicing: list[int]) -> tuple[int, int]:
    """variable_scope._get_slice_dim_and_num_slices: the first axis with more than one slice, else (0, 1)."""
    for slice_dim, num_slices in enumerate(slicing):
        if num_slices > 1:
            return slice_dim, num_slices
    return 0, 1


def iter_slices(full_shape: list[int], num_slices: int, slice_dim: int) -> Iterator[tuple[list[int], list[int]]]:
    """variable_scope._iter_slices: (offset, shape) per part; the first `dim % num_slices` parts get one more."""
    num_slices_with_excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    min_slice_len = full_shape[slice_dim] // num_slices
    for i in range(num_slices):
        shape = full_shape[:]
        shape[slice_dim] = min_slice_len + bool(i < num_slices_with_excess)
        yield offset[:], shape
        offset[slice_dim] += shape[slice_dim]


def merge_shapes(shape: TensorShape, other: TensorShape) -> TensorShape:
    """TensorShape.merge_with: unknown takes the other; same rank merges dimension by dimension."""
    if shape.rank is None:
        return other
    if other.rank is None:
        return shape
    if not shape.is_compatible_with(other):
        raise ValueError("Shapes %s and %s are not compatible" % (shape, other))
    return TensorShape([a if a is not None else b for a, b in zip(shape, other, strict=True)])


def true_getter(store: Any, name: str, shape: Any, dtype: DType, initializer: Any, reuse: Any, trainable: Any,
                use_resource: Any, partitioner: Any, collections: Any = None, regularizer: Any = None,
                caching_device: Any = None) -> Any:
    """_VariableStore.get_variable's `_true_getter`: partitioned unless the shape is a scalar; reuse=True finds a
    partitioned variable without a partitioner; a single variable is refused where parts exist."""
    is_scalar = shape is not None and isinstance(shape, (list, tuple)) and not shape
    if partitioner is not None and not is_scalar:
        if not callable(partitioner):
            raise ValueError("Partitioner must be callable, but received: %s" % partitioner)
        with name_scope(None):
            return get_partitioned_variable(store, name, partitioner, shape, dtype, initializer, reuse, trainable,
                                            use_resource, collections, regularizer, caching_device)
    if reuse is True and partitioner is None and name in store._partitioned_vars:
        return get_partitioned_variable(store, name, None, shape, dtype, initializer, reuse, trainable, use_resource,
                                        collections, regularizer, caching_device)
    if "%s/part_0" % name in store._vars:
        raise ValueError("No partitioner was provided, but a partitioned version of the variable was found: "
                         "%s/part_0. Perhaps a variable of the same name was already created with partitioning?"
                         % name)
    return store._get_single_variable(name, shape, dtype, initializer, reuse, trainable, use_resource, collections,
                                      regularizer=regularizer, caching_device=caching_device)


def get_partitioned_variable(store: Any, name: str, partitioner: Any, shape: Any, dtype: DType, initializer: Any,
                             reuse: Any, trainable: Any, use_resource: Any, collections: Any = None,
                             regularizer: Any = None, caching_device: Any = None) -> PartitionedVariable:
    """_VariableStore._get_partitioned_variable: reuse checks, then one `<name>/part_<k>` variable per slice."""
    initializing_from_value = isinstance(initializer, Tensor)
    if name in store._vars:
        raise ValueError("A partitioner was provided, but an unpartitioned version of the variable was found: %s.  "
                         "Perhaps a variable of the same name was already created without partitioning?" % name)
    shape = TensorShape(None) if shape is None else as_shape(shape)
    if initializing_from_value:
        shape = merge_shapes(shape, initializer.get_shape())
    partitions = None
    if not reuse or partitioner:
        partitions = call_partitioner(partitioner, shape, dtype)
    if name in store._partitioned_vars:
        return _existing_partitioned_variable(store, name, shape, dtype, reuse, partitions)
    if reuse is True:
        raise ValueError("PartitionedVariable %s does not exist, or was not created with tf.get_variable(). Did you "
                         "mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?" % name)
    assert partitions is not None  # computed: reuse is not True here
    slice_dim, num_slices = slice_dim_and_num_slices(partitions)
    _check_existing_parts(store, name, num_slices)
    parts = []
    for i, (var_offset, var_shape) in enumerate(iter_slices(shape.as_list(), num_slices, slice_dim)):  # type: ignore[arg-type]
        partition_info = PartitionInfo(shape.as_list(), var_offset)  # type: ignore[arg-type]
        var_full_name = "%s/part_%d" % (name, i)
        with name_scope(var_full_name + "/PartitionedInitializer"):
            init, init_shape, dtype = _part_initializer(store, name, initializer, dtype, var_offset, var_shape)
        with name_scope(None):
            part = store._get_single_variable(var_full_name, init_shape, dtype, init, reuse, trainable, use_resource,
                                              collections, partition_info, regularizer, caching_device)
        part._save_slice_info = (name, shape.as_list(), var_offset, var_shape)
        parts.append(part)
    partitioned = PartitionedVariable(name, shape, dtype, parts, partitions)
    store._partitioned_vars[name] = partitioned
    return partitioned


def _existing_partitioned_variable(store: Any, name: str, shape: TensorShape, dtype: DType, reuse: Any,
                                   partitions: list[int] | None) -> PartitionedVariable:
    """A name already partitioned: refused without reuse, else the same object if shape, dtype and partitions fit."""
    if reuse is False:
        raise ValueError("Partitioned variable with name %s already exists. Did you mean to set reuse=True or "
                         "reuse=tf.AUTO_REUSE in VarScope?" % name)
    existing_var = store._partitioned_vars[name]
    if not shape.is_compatible_with(existing_var.get_shape()):
        raise ValueError("Trying to reuse partitioned variable %s, but specified shape %s and found shape %s."
                         % (name, shape, existing_var.get_shape()))
    if not dtype.is_compatible_with(existing_var.dtype):
        raise ValueError("Trying to reuse partitioned variable %s, but specified dtype %s and found dtype %s."
                         % (name, dtype.name, existing_var.dtype.name))
    if partitions is not None and existing_var._get_partitions() != partitions:
        raise ValueError("Trying to reuse partitioned variable %s, but specified partitions %s and found "
                         "partitions %s." % (name, partitions, existing_var._get_partitions()))
    return existing_var


def _check_existing_parts(store: Any, name: str, num_slices: int) -> None:
    """Parts left by another partitioning (part_0 present) must match the new number of slices."""
    if "%s/part_0" % name not in store._vars:
        return
    if "%s/part_%d" % (name, num_slices - 1) not in store._vars:
        raise ValueError("Partitioner returned a different partitioning than what was already found.  Partitioner "
                         "returned %d shards, and shard %s/part_0 was found, but %s/part_%d was not."
                         % (num_slices, name, name, num_slices - 1))
    if "%s/part_%d" % (name, num_slices) in store._vars:
        raise ValueError("Partitioner returned a different partitioning than what was already found.  Partitioner "
                         "returned %d shards, and shard %s/part_0 was found, but so was the extra shard %s/part_%d."
                         % (num_slices, name, name, num_slices))


def _part_initializer(store: Any, name: str, initializer: Any, dtype: DType, var_offset: list[int],
                      var_shape: list[int]) -> tuple[Any, list[int] | None, DType]:
    """A part's initializer, shape and dtype: the default or a callable is called per part with its shape; a
    tensor, or a value converted to one (`Const`), is sliced (`Slice`) and gives the part its shape."""
    if initializer is None:
        init, _ = store._get_default_initializer(name, dtype)
        return init, var_shape, dtype
    if callable(initializer):
        return initializer, var_shape, dtype
    if isinstance(initializer, Tensor):
        init = slice_tensor(initializer, var_offset, var_shape)
        return init, None, init.dtype.base_dtype
    return slice_tensor(convert_to_tensor(initializer, dtype=dtype), var_offset, var_shape), None, dtype


# ---- the ops: Slice and ConcatV2 ----------------------------------------------------------------------------

def _dt_name(dtype: DType) -> str:
    """The C++ DT_* name of a dtype, as shape-function messages print it."""
    return {"float32": "DT_FLOAT", "int32": "DT_INT32", "bool": "DT_BOOL"}[dtype.base_dtype.name]


def _shape_text(shape: TensorShape) -> str:
    """A shape as C++ prints it in shape-function messages: [2,3]."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def slice_tensor(input_: Tensor, begin: list[int], size: list[int]) -> Tensor:
    """array_ops.slice: `Slice` with `begin` and `size` (int32 constants); the shape function wants the input's
    rank to be len(begin) (the op is then not created)."""
    graph = get_default_graph()
    with internal_name_scope_v1("Slice") as scope:
        begin_tensor = constant(begin, dtype=int32, name="begin")
        size_tensor = constant(size, dtype=int32, name="size")
        if input_.shape.rank is not None and input_.shape.rank != len(begin):
            node = scope[:-1]
            inputs = ", ".join(t.op.name for t in (input_, begin_tensor, size_tensor))
            shapes = ", ".join(_shape_text(t.shape) for t in (input_, begin_tensor, size_tensor))
            raise ValueError(
                f"Shape must be rank {len(begin)} but is rank {input_.shape.rank} for '{{{{node {node}}}}} = "
                f"Slice[Index=DT_INT32, T={_dt_name(input_.dtype)}]({inputs})' with input shapes: {shapes}.")
        return create_op_internal(graph, "Slice", [input_, begin_tensor, size_tensor], scope,
                                  input_.dtype.base_dtype, TensorShape(size)).outputs[0]


def concat(values: list[Any], axis: int) -> Tensor:
    """array_ops.concat of two or more values: gen_array_ops.concat_v2, `concat` with the values read, then `axis`,
    in the values' graph under that graph's own name stack (_apply_op_helper: `_get_graph_from_inputs`, then
    `g.as_default()`), whichever graph is the default."""
    graph = get_graph_from_inputs(values)
    with DefaultGraphController(graph), internal_name_scope_v1("concat") as scope:
        tensors = [convert_to_tensor(value) for value in values]
        axis_tensor = constant(axis, dtype=int32, name="axis")
        dims = tensors[0].shape.as_list()
        dims[axis] = sum(t.shape.as_list()[axis] for t in tensors)
        return create_op_internal(graph, "ConcatV2", [*tensors, axis_tensor], scope, tensors[0].dtype.base_dtype,
                                  TensorShape(dims)).outputs[0]


# ---- variables.PartitionedVariable --------------------------------------------------------------------------

class PartitionedVariable:
    """variables.PartitionedVariable: the parts in offset order; converted to a tensor, their concatenation."""

    def __init__(self, name: str, shape: TensorShape, dtype: DType, variable_list: list[Any],
                 partitions: list[int]) -> None:
        self._variable_list = sorted(variable_list, key=lambda v: v._save_slice_info[2])
        self._name = name
        self._shape = shape
        self._dtype = dtype
        self._partitions = partitions

    def __iter__(self) -> Iterator[Any]:
        return iter(self._variable_list)

    def __len__(self) -> int:
        num_partition_axes = len(self._partition_axes())
        if num_partition_axes > 1:
            raise ValueError("Cannot get a length for %d > 1 partition axes" % num_partition_axes)
        return len(self._variable_list)

    def _partition_axes(self) -> list[int]:
        if all(p == 1 for p in self._partitions):
            return [0]
        return [i for i, p in enumerate(self._partitions) if p > 1]

    def _concat(self) -> Tensor:
        """One part: an Identity named after the variable; else `<name>/ConcatPartitions/concat`, then that."""
        if len(self._variable_list) == 1:
            with name_scope(None):
                return identity(self._variable_list[0], name=self._name)
        partition_ix = self._partition_axes()[0]
        with name_scope(self._name + "/ConcatPartitions/"):
            concatenated = concat(self._variable_list, partition_ix)
        with name_scope(None):
            return identity(concatenated, name=self._name)

    def as_tensor(self) -> Tensor:
        return self._concat()

    def _tensor_conversion_function(self, dtype: DType | None = None, name: Any = None,
                                    as_ref: bool = False) -> Tensor:
        """PartitionedVariable._TensorConversionFunction: the dtype must fit; then as_tensor()."""
        if dtype is not None and not dtype.is_compatible_with(self.dtype):
            raise ValueError("Incompatible type conversion requested to type '%s' for variable of type '%s'" %
                             (dtype.name, self.dtype.name))
        if as_ref:
            raise NotImplementedError("PartitionedVariable doesn't support being used as a reference.")
        return self.as_tensor()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return self.get_shape()

    def get_shape(self) -> TensorShape:
        return self._shape

    def _get_variable_list(self) -> list[Any]:
        return self._variable_list

    def _get_partitions(self) -> list[int]:
        return self._partitions
