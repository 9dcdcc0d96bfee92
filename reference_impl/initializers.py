"""Initializers: the ops each one builds when a variable calls it with (shape, dtype)."""

from __future__ import annotations

import math
from typing import Any

from reference_impl.dtypes import DType, float32, int32
from reference_impl.ops import apply_op, checked_python_value, constant, convert_to_tensor, name_scope
from reference_impl.shapes import TensorShape
from reference_impl.tensors import Tensor


class Initializer:
    """init_ops.Initializer: called as initializer(shape, dtype=...)."""

    dtype: DType | None = None

    def __call__(self, shape: list[int], dtype: DType | None = None, partition_info: Any = None) -> Tensor:
        raise NotImplementedError


def _filled(value: float, shape: list[int], dtype: DType) -> Any:
    scalar = float(value) if dtype.is_floating else int(value)
    for dim in reversed(shape):
        scalar = [scalar] * dim
    return scalar


class zeros_initializer(Initializer):  # noqa: N801 - TF's name
    """array_ops.zeros: one Const named `zeros` for small shapes."""

    def __init__(self, dtype: DType = float32) -> None:
        self.dtype = dtype

    def __call__(self, shape: list[int], dtype: DType | None = None, partition_info: Any = None) -> Tensor:
        dtype = dtype or self.dtype or float32
        with name_scope(None, "zeros", [shape]) as scope:
            return constant(_filled(0, shape, dtype), dtype=dtype, name=scope)


class ones_initializer(Initializer):  # noqa: N801 - TF's name
    """array_ops.ones: one Const named `ones` for small shapes."""

    def __init__(self, dtype: DType = float32) -> None:
        self.dtype = dtype

    def __call__(self, shape: list[int], dtype: DType | None = None, partition_info: Any = None) -> Tensor:
        dtype = dtype or self.dtype or float32
        with name_scope(None, "ones", [shape]) as scope:
            return constant(_filled(1, shape, dtype), dtype=dtype, name=scope)


class constant_initializer(Initializer):  # noqa: N801 - TF's name
    """init_ops.Constant: constant(value, dtype, shape) with the default name `Const`."""

    def __init__(self, value: Any = 0, dtype: DType = float32, verify_shape: bool = False) -> None:
        self.value = value
        self.dtype = dtype

    def __call__(self, shape: list[int], dtype: DType | None = None, partition_info: Any = None) -> Tensor:
        dtype = dtype or self.dtype
        if isinstance(self.value, (list, tuple)):
            return constant(filled_to_shape(self.value, shape, dtype), dtype=dtype, shape=shape)
        return constant(self.value, dtype=dtype, shape=shape)


def _flattened(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [item for part in value for item in _flattened(part)]
    return [value]


def filled_to_shape(value: Any, shape: list[int], dtype: DType) -> Any:
    """constant_v1's make_tensor_proto (no broadcasting): the dtype is checked first; at most as many elements as
    the shape holds, and fewer are filled up with the last one. (A part of a partitioned variable gets the whole
    list, not its slice.)"""
    checked_python_value(value, dtype)
    items = _flattened(value)
    size = math.prod(shape)
    if len(items) > size:
        raise ValueError(f"Too many elements provided. Takes at most {size:d}, but got {len(items):d}.")
    items += [items[-1]] * (size - len(items))
    for dim in reversed(shape[1:]):
        items = [items[i:i + dim] for i in range(0, len(items), dim)]
    return items if shape else items[0]


class glorot_uniform_initializer(Initializer):  # noqa: N801 - TF's name
    """init_ops.GlorotUniform: random_uniform(shape, -limit, limit) named random_uniform/{shape,min,max,...}."""

    def __init__(self, seed: Any = None, dtype: DType = float32) -> None:
        self.dtype = dtype

    def __call__(self, shape: list[int], dtype: DType | None = None, partition_info: Any = None) -> Tensor:
        dtype = dtype or self.dtype
        scale_shape = shape if partition_info is None else partition_info.full_shape  # a part: the whole's fans
        return random_uniform(shape, dtype, glorot_limit(scale_shape))


def compute_fans(shape: list[int]) -> tuple[int, int]:
    """init_ops._compute_fans: scalars count as 1, vectors as (n, n), matrices as (rows, cols)."""
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = 1
    for dim in shape[:-2]:
        receptive *= dim
    return shape[-2] * receptive, shape[-1] * receptive


def glorot_limit(shape: list[int]) -> float:
    """VarianceScaling(scale=1, fan_avg, uniform): limit = sqrt(3 / max(1, (fan_in + fan_out) / 2))."""
    fan_in, fan_out = compute_fans(shape)
    return math.sqrt(3.0 * (1.0 / max(1.0, (fan_in + fan_out) / 2.0)))


def random_uniform(shape: list[int], dtype: DType, limit: float) -> Tensor:
    """random_ops.random_uniform: shape, min, max, RandomUniform, sub, mul, then the add itself."""
    with name_scope(None, "random_uniform", [shape, -limit, limit]) as scope:
        shape_tensor = constant(list(shape), dtype=int32, name="shape")
        minval = convert_to_tensor(-limit, dtype, name="min")
        maxval = convert_to_tensor(limit, dtype, name="max")
        rnd = apply_op("RandomUniform", None, [("shape", shape_tensor)]).outputs[0]
        rnd._dtype, rnd._shape = dtype, TensorShape(shape)
        from reference_impl.math_ops import add
        return add(rnd * (maxval - minval), minval, name=scope)
