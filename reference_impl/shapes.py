"""TensorShape: fully known shapes only, printed as TF prints them."""

from __future__ import annotations

from collections.abc import Sequence


class TensorShape:
    """A fully defined shape such as (2, 3); `None` dims are kept for compatibility checks."""

    def __init__(self, dims: Sequence[int | None] | None) -> None:
        self._dims = None if dims is None else tuple(dims)

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

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TensorShape) and other._dims == self._dims

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


def as_shape(shape: object) -> TensorShape:
    """Accept a TensorShape, an int or a sequence of ints."""
    if isinstance(shape, TensorShape):
        return shape
    if isinstance(shape, int):
        return TensorShape([shape])
    return TensorShape(list(shape))  # type: ignore[call-overload]
