"""Arithmetic ops and Python operators, named as math_ops and override_binary_operator name them."""

from __future__ import annotations

from typing import Any

from reference_impl import tensor_util, versions
from reference_impl.dtypes import bool as tf_bool
from reference_impl.ops import apply_op, convert_to_tensor, name_scope
from reference_impl.shapes import TensorShape
from reference_impl.tensors import Tensor


def _gen(op_type: str, name: Any, **inputs: Any) -> Tensor:
    """A gen_*_ops wrapper: `_apply_op_helper` with the op type as default name."""
    return apply_op(op_type, name, list(inputs.items())).outputs[0]


def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    """math_ops.add: scope `Add` chosen from x alone, x then y converted inside it, then AddV2 named exactly."""
    with name_scope(name, "Add", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, preferred_dtype=x.dtype.base_dtype, name="y")
        return _gen("AddV2", scope, x=x, y=y)


def is_tf_type(value: Any) -> bool:
    """tensor_util.is_tf_type: tensors and variables (both kinds) count as TF values."""
    return isinstance(value, Tensor) or hasattr(value, "_dense_var_to_tensor")


def convert_scalar_operand(x: Any, y: Any, names: tuple[str | None, str | None]) -> tuple[Any, Any]:
    """TF >= 2.23: a non-TF operand is converted to the other's dtype *before* the op's scope, named as given."""
    if not versions.scalar_operands_converted_before_scope():
        return x, y
    if not is_tf_type(x) and is_tf_type(y):
        x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name=names[0])
    elif is_tf_type(x) and not is_tf_type(y):
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name=names[1])
    return x, y


def multiply(x: Any, y: Any, name: str | None = None) -> Tensor:
    """math_ops.multiply: gen_math_ops.mul, default name `Mul` (2.23+: scalars converted first as x/y)."""
    x, y = convert_scalar_operand(x, y, ("x", "y"))
    return _gen("Mul", name, x=x, y=y)


def subtract(x: Any, y: Any, name: str | None = None) -> Tensor:
    """math_ops.subtract: gen_math_ops.sub, default name `Sub` (2.23+: scalars converted first, as Const)."""
    x, y = convert_scalar_operand(x, y, (None, None))
    return _gen("Sub", name, x=x, y=y)


def negative(x: Any, name: str | None = None) -> Tensor:
    """math_ops.negative: gen_math_ops.neg, default name `Neg`."""
    return _gen("Neg", name, x=x)


def identity(input: Any, name: str | None = None) -> Tensor:  # noqa: A002 - TF's keyword
    """array_ops.identity: gen_array_ops.identity, default name `Identity`."""
    return _gen("Identity", name, input=input)


def greater(x: Any, y: Any, name: str | None = None) -> Tensor:
    """gen_math_ops.greater (tf.greater): one Greater op, default name `Greater`, a bool of the broadcast shape."""
    return apply_op("Greater", name, [("x", x), ("y", y)], out_dtype=tf_bool).outputs[0]


def less(x: Any, y: Any, name: str | None = None) -> Tensor:
    """gen_math_ops.less (tf.less): one Less op, default name `Less`, a bool of the broadcast shape."""
    return apply_op("Less", name, [("x", x), ("y", y)], out_dtype=tf_bool).outputs[0]


def _add_dispatch(x: Tensor, y: Any, name: str | None = None) -> Tensor:
    """math_ops._add_dispatch: y converted (hinted to x's dtype) as `y`, then AddV2."""
    if not isinstance(y, Tensor):
        y = convert_to_tensor(y, preferred_dtype=x.dtype.base_dtype, name="y")
    return _gen("AddV2", name, x=x, y=y)


def _sub(x: Tensor, y: Any, name: str | None = None) -> Tensor:
    """The `-` operator: tensor_math_operator_overrides._subtract_factory -> math_ops.subtract."""
    return subtract(x, y, name=name)


def _mul_dispatch(x: Tensor, y: Any, name: str | None = None) -> Tensor:
    """math_ops._mul_dispatch: multiply."""
    return multiply(x, y, name=name)


def _binary_op_wrapper(func: Any, op_name: str) -> Any:
    """override_binary_operator: scope named after the operator; on failure try y's reflected operator."""

    def binary_op_wrapper(x: Tensor, y: Any) -> Any:
        with name_scope(None, op_name, [x, y]) as name:
            try:
                return func(x, y, name=name)
            except (TypeError, ValueError) as e:
                reflected = getattr(type(y), "__r%s__" % op_name, None)
                if reflected is not None:
                    try:
                        out = reflected(y, x)
                        if out is NotImplemented:
                            raise
                        return out
                    except (TypeError, ValueError):
                        raise e from None
                raise

    def r_binary_op_wrapper(y: Tensor, x: Any) -> Any:
        with name_scope(None, op_name, [x, y]) as name:
            x = convert_to_tensor(x, y.dtype.base_dtype, name="x")
            return func(x, y, name=name)

    return binary_op_wrapper, r_binary_op_wrapper


def _install_tensor_operators() -> None:
    """Tensor gets + - * and unary minus, as tensor_math_operator_overrides installs them, and nightly's __index__."""
    for op_name, func in (("add", _add_dispatch), ("sub", _sub), ("mul", _mul_dispatch)):
        forward, reflected = _binary_op_wrapper(func, op_name)
        setattr(Tensor, f"__{op_name}__", forward)
        setattr(Tensor, f"__r{op_name}__", reflected)
    Tensor.__neg__ = lambda self: negative(self)  # type: ignore[assignment]
    Tensor.__index__ = tensor_util.tensor_index  # type: ignore[attr-defined]


_install_tensor_operators()


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.l2_loss (tf.nn.l2_loss): one L2Loss op, default name `L2Loss`, a scalar of t's float type."""
    op = apply_op("L2Loss", name, [("t", t)])
    op.outputs[0]._shape = TensorShape([])
    return op.outputs[0]
