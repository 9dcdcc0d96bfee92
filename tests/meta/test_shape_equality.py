"""TensorShape compared with lists, tuples and other values, as TF's TensorShape.__eq__ does (no kind observes it).

TF converts the other side with as_shape; a value that is no shape makes __eq__ return NotImplemented (Python then
compares identities), and a negative dimension raises. Python's default __ne__ negates __eq__.
"""

from __future__ import annotations

import operator
from typing import Any

import pytest

from conformance.backend import load_backend
from reference_impl.shapes import TensorShape

#: (dims of the shape, the other operand)
CASES: list[tuple[Any, Any]] = [
    ([], []), ([], ()), ([1, 2], [1, 2]), ([1, 2], (1, 2)), ([1, 2], [2, 1]), ([1], 1), ([], None), (None, None),
    (None, [1]), ([1, None], [1, None]), ([2], [2.0]), ([2], "ab"), ([2], [None]), ([], {}), ([1], {1: 2}),
    ([1], [[1]]), ([2], [-1]), ([2], -2), ([1, 2], range(1, 3)), ([1], "1"),
]


def outcome(shape_class: Any, dims: Any, other: Any, compare: Any) -> Any:
    """The comparison's result, or the type and message of what it raised."""
    try:
        return compare(shape_class(dims), other)
    except Exception as error:  # noqa: BLE001 - the error is the outcome
        return (type(error).__name__, str(error))


def test_a_shape_equals_the_list_and_the_tuple_of_its_dimensions() -> None:
    assert TensorShape([]) == [] and TensorShape([]) == () and not TensorShape([]) != []
    assert TensorShape([1, 2]) == (1, 2) and TensorShape([1, 2]) != [2, 1]
    assert TensorShape(None) == None  # noqa: E711 - as_shape(None) is the unknown shape
    assert TensorShape([2]) != [2.0]  # 2.0 is no dimension: NotImplemented, then identity
    assert outcome(TensorShape, [2], [-1], operator.eq) == ("ValueError", "Dimension -1 must be >= 0")


@pytest.mark.tf
@pytest.mark.parametrize("compare", [operator.eq, operator.ne], ids=["eq", "ne"])
@pytest.mark.parametrize("dims, other", CASES, ids=repr)
def test_the_model_compares_shapes_as_tf(dims: Any, other: Any, compare: Any) -> None:
    tf_shape = load_backend("tf").TensorShape
    assert outcome(TensorShape, dims, other, compare) == outcome(tf_shape, dims, other, compare)
