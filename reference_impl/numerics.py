"""Numbers as TF's CPU kernels compute them: rounding to the dtype, integer wrap-around, broadcasting."""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Callable
from typing import Any

_INT_BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}
_FLOAT_FORMATS = {"float16": "e", "float32": "f"}


def round_float(x: float, fmt: str) -> float:
    """Round a double to the nearest float16/float32 (ties to even, as the C cast does); overflow gives ±inf."""
    if math.isnan(x) or math.isinf(x):
        return x
    try:
        return struct.unpack(fmt, struct.pack(fmt, x))[0]
    except OverflowError:  # struct refuses exactly the values whose correct rounding is ±inf
        return math.copysign(math.inf, x)


def wrap_int(x: int, bits: int) -> int:
    """Two's-complement wrap-around of an integer result (TF's int kernels overflow silently)."""
    half = 1 << (bits - 1)
    return ((x + half) % (1 << bits)) - half


def to_dtype(x: Any, dtype_name: str) -> Any:
    """One scalar as a value of the dtype: floats rounded, integers wrapped, bools as bool."""
    if dtype_name in _FLOAT_FORMATS:
        return round_float(float(x), _FLOAT_FORMATS[dtype_name])
    if dtype_name == "float64":
        return float(x)
    if dtype_name in _INT_BITS:
        return wrap_int(int(x), _INT_BITS[dtype_name])
    if dtype_name == "bool":
        return bool(x)
    raise TypeError(f"the model computes no values of dtype {dtype_name}")


def shape_of(value: Any) -> tuple[int, ...]:
    """The shape of a nested list (a scalar has shape ())."""
    dims: list[int] = []
    while isinstance(value, list):
        dims.append(len(value))
        value = value[0] if value else None
    return tuple(dims)


def map_nested(fn: Callable[[Any], Any], value: Any) -> Any:
    """Apply fn to every scalar of a nested list."""
    if isinstance(value, list):
        return [map_nested(fn, item) for item in value]
    return fn(value)


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """NumPy/TF broadcasting: align on the right; a dimension of 1 stretches, others must be equal."""
    rank = max(len(a), len(b))
    a, b = (1,) * (rank - len(a)) + a, (1,) * (rank - len(b)) + b
    dims = []
    for x, y in zip(a, b, strict=True):
        if x != y and 1 not in (x, y):
            raise ValueError(f"Incompatible shapes: {list(a)} vs. {list(b)}")
        dims.append(y if x == 1 else x)
    return tuple(dims)


def _element(value: Any, shape: tuple[int, ...], index: tuple[int, ...]) -> Any:
    """value[index] with the index aligned on the right and stretched over dimensions of 1."""
    for dim, i in zip(shape, index[len(index) - len(shape):], strict=True):
        value = value[0 if dim == 1 else i]
    return value


def _nest(flat: list[Any], shape: tuple[int, ...]) -> Any:
    if not shape:
        return flat[0]
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def binary(fn: Callable[[Any, Any], Any], x: Any, y: Any, dtype_name: str) -> Any:
    """An element-wise binary kernel: broadcast, compute exactly in Python, then round to the dtype.

    For float32, + - * of two float32 values computed in double and rounded once are correctly rounded
    (double has more than 2*24+2 bits), so the result is bit-for-bit what a float32 kernel gives.
    """
    sx, sy = shape_of(x), shape_of(y)
    shape = broadcast_shape(sx, sy)
    flat = [to_dtype(fn(_element(x, sx, i), _element(y, sy, i)), dtype_name)
            for i in itertools.product(*(range(d) for d in shape))]
    return _nest(flat, shape)


def unary(fn: Callable[[Any], Any], x: Any, dtype_name: str) -> Any:
    """An element-wise unary kernel, rounded to the dtype."""
    return map_nested(lambda v: to_dtype(fn(v), dtype_name), x)
