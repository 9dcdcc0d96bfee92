"""tensor_util.constant_value, for the op types the model builds, and what tf-nightly reads off it: Tensor.__index__."""

from __future__ import annotations

from typing import Any

from reference_impl import numerics, versions
from reference_impl.tensors import Tensor


def const_value(tensor: Tensor) -> Any:
    """A Const op's stored value, in the dtype of its output (MakeNdarray of the `value` attr)."""
    return numerics.map_nested(lambda v: numerics.to_dtype(v, tensor.dtype.base_dtype.name), tensor._value)


def constant_value(tensor: Tensor) -> Any:
    """tensor_util.constant_value: Const, Identity and ConcatV2 of constants fold; any other op gives None."""
    op = tensor.op
    if op.type == "Const":
        return const_value(tensor)
    if op.type in ("Identity", "StopGradient"):
        return constant_value(op.inputs[0])
    if op.type == "ConcatV2":
        *values, axis = (constant_value(t) for t in op.inputs)
        if axis is None or any(v is None for v in values):
            return None
        return numerics.concatenated(values, axis)
    return None


def tensor_index(tensor: Tensor) -> int:
    """SymbolicTensor.__index__ (tf-nightly): a constant integer or bool scalar, as an int; TypeError otherwise."""
    value = constant_value(tensor) if versions.symbolic_tensor_has_index() else None
    scalar = value is not None and not isinstance(value, list)
    if scalar and (tensor.dtype.base_dtype.is_integer or tensor.dtype.base_dtype.is_bool):
        return int(value)
    raise TypeError("'SymbolicTensor' object cannot be interpreted as an integer")
