"""TensorShape: fully known shapes only, printed as TF prints them."""

from __future__ import annotations

from typing import Any


class TensorShape:
    """A fully defined shape such as (2, 3); `None` dims are kept for compatibility checks."""

    def __init__(self, dims: Any) -> None:
        """TensorShape.__init__: a list or tuple of dimensions, None (unknown rank), a TensorShape, another
        iterable of dimensions, or a single dimension."""
        if isinstance(dims, (tuple, list)):
            self._dims: tuple[int | None, ...] | None = tuple(dimension_value(d) for d in dims)
        elif dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        else:
            try:
                dims_iter = iter(dims)
            except TypeError:
                self._dims = (dimension_value(dims),)
            else:
                self._dims = tuple(_iterated_dimension(dims, d) for d in dims_iter)

    @property
    def rank(self) -> int | None:
        return None if self._dims is None else len(self._dims)

    def as_list(self) -> list[int | None]:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def is_fully_defined(self) -> bool:
        return self._dims is not None and all(d is not None for d in self._dims)

    def is_compatible_with(self, other: TensorShape) -> bool:
        """TF: shapes are compatible if ranks agree and every known dimension agrees."""
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims, strict=True))

    def num_elements(self) -> int | None:
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims or ():
            n *= int(d)  # type: ignore[arg-type]
        return n

    def __eq__(self, other: object) -> Any:
        """TensorShape.__eq__: `other` converted by as_shape (a list, a tuple, None...); NotImplemented, so
        Python's identity fallback, when it is no shape. No __ne__: Python's negates this."""
        try:
            other = as_shape(other)
        except TypeError:
            return NotImplemented
        return self._dims == other._dims

    def __hash__(self) -> int:
        return hash(self._dims)

    def __len__(self) -> int:
        return len(self._dims or ())

    def __iter__(self):
        return iter(self._dims or ())

    def __str__(self) -> str:
        if self._dims is None:
            return "<unknown>"
        if len(self._dims) == 1:
            return f"({self._dims[0]},)"
        return "(" + ", ".join("None" if d is None else str(d) for d in self._dims) + ")"

    def __repr__(self) -> str:
        if self._dims is None:
            return "TensorShape(None)"
        return f"TensorShape({list(self._dims)!r})"


def dimension_value(value: Any) -> int | None:
    """Dimension.__init__'s value: an int >= 0, None, or anything with __index__."""
    if isinstance(value, int):
        if value < 0:
            raise ValueError("Dimension %d must be >= 0" % value)
        return value
    if value is None:
        return None
    try:
        index = int(value.__index__())
    except AttributeError:
        raise TypeError("Dimension value must be integer or None or have an __index__ method, got value "
                        "'{!r}' with type '{!r}'".format(value, type(value))) from None
    if index < 0:
        raise ValueError("Dimension %d must be >= 0" % index)
    return index


def _iterated_dimension(dims: Any, d: Any) -> int | None:
    """A dimension of an iterable that is no list or tuple: TensorShape.__init__ names the shape if it fails."""
    try:
        return dimension_value(d)
    except TypeError as e:
        raise TypeError(
            "Failed to convert '{!r}' to a shape: '{!r}'could not be converted to a dimension. A shape should "
            "either be single dimension (e.g. 10), or an iterable of dimensions (e.g. [1, 10, None]).".format(
                dims, d)) from e


def as_shape(shape: object) -> TensorShape:
    """tensor_shape.as_shape: a TensorShape as it is, anything else through TensorShape()."""
    if isinstance(shape, TensorShape):
        return shape
    return TensorShape(shape)
