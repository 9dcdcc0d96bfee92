"""Numbers as TF's CPU kernels compute them: rounding to the dtype, integer wrap-around, broadcasting."""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Callable
from typing import Any

_INT_BITS = {"int32": 32, "int64": 64}
FLOAT32_MIN_NORMAL = 2.0 ** -126


def to_float32(x: float) -> float:
    """Round a double to the nearest float32 (ties to even, as the C cast does); overflow gives ±inf."""
    if not math.isfinite(x):
        return x
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:  # struct refuses exactly the values whose correct rounding is ±inf
        return math.copysign(math.inf, x)


def denormal_as_zero(x: float) -> float:
    """DAZ: TF's CPU kernels run with denormals-are-zero, so a subnormal float32 input counts as a signed zero."""
    return math.copysign(0.0, x) if 0.0 < abs(x) < FLOAT32_MIN_NORMAL else x


def flush_to_zero(exact: float) -> float:
    """FTZ: a result that is tiny after rounding to 24 bits with unbounded exponent (x86's rule) is a signed zero."""
    if exact == 0.0 or not math.isfinite(exact):
        return exact
    mantissa, exponent = math.frexp(exact)
    if abs(round(mantissa * 2.0 ** 24) * 2.0 ** (exponent - 24)) < FLOAT32_MIN_NORMAL:
        return math.copysign(0.0, exact)
    return exact


def wrap_int(x: int, bits: int) -> int:
    """Two's-complement wrap-around of an integer result (TF's int kernels overflow silently)."""
    half = 1 << (bits - 1)
    return ((x + half) % (1 << bits)) - half


def to_dtype(x: Any, dtype_name: str) -> Any:
    """One scalar as a value of the dtype: float32 rounded, integers wrapped, bools as bool."""
    if dtype_name == "float32":
        return to_float32(float(x))
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


def float32_arithmetic(fn: Callable[[float, float], float]) -> Callable[[float, float], float]:
    """A float32 CPU kernel: denormal inputs as zero, compute in double, flush tiny results, round to float32.

    + - * of two float32 values computed in double and rounded once more are correctly rounded (double has more
    than 2*24+2 bits), so the result is bit-for-bit what the float32 kernel gives.
    """

    def kernel(a: float, b: float) -> float:
        return to_float32(flush_to_zero(fn(denormal_as_zero(a), denormal_as_zero(b))))

    return kernel


def binary(fn: Callable[[Any, Any], Any], x: Any, y: Any, dtype_name: str) -> Any:
    """An element-wise binary kernel: broadcast, compute in Python, then round (float32) or wrap (integers)."""
    sx, sy = shape_of(x), shape_of(y)
    shape = broadcast_shape(sx, sy)
    scalar = float32_arithmetic(fn) if dtype_name == "float32" else fn
    flat = [to_dtype(scalar(_element(x, sx, i), _element(y, sy, i)), dtype_name)
            for i in itertools.product(*(range(d) for d in shape))]
    return _nest(flat, shape)


def unary(fn: Callable[[Any], Any], x: Any, dtype_name: str) -> Any:
    """An element-wise unary kernel such as Neg (a sign flip, so no flushing), rounded or wrapped to the dtype."""
    return map_nested(lambda v: to_dtype(fn(v), dtype_name), x)


def sliced(value: Any, begin: list[int], size: list[int]) -> Any:
    """value[begin:begin+size] in every dimension (the Slice kernel, bounds already checked)."""
    if not begin:
        return value
    return [sliced(item, begin[1:], size[1:]) for item in value[begin[0]:begin[0] + size[0]]]


def concatenated(values: list[Any], axis: int) -> Any:
    """The nested lists joined along `axis` (the ConcatV2 kernel)."""
    if axis == 0:
        return [item for value in values for item in value]
    return [concatenated(list(parts), axis - 1) for parts in zip(*values, strict=True)]
