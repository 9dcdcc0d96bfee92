"""The model's partitioned variables against facts checked on TF 2.12.1, 2.21.0 and tf-nightly (graph mode).

The differential family `partitioned` compares random programs; these pin the rules a program rarely isolates:
how parts are sliced, what each partitioner returns, the names of the ops a conversion builds, and reuse
returning the very same PartitionedVariable.
"""

from __future__ import annotations

import pytest

import reference_impl.v1 as tf
from reference_impl.partitioned_variables import iter_slices
from reference_impl.shapes import TensorShape


@pytest.fixture(autouse=True)
def fresh_graph() -> None:
    tf.reset_default_graph()


def test_slack_goes_to_the_first_parts() -> None:
    """_iter_slices: 5 rows in 3 parts are 2, 2, 1, at offsets 0, 2, 4."""
    assert list(iter_slices([5, 2], 3, 0)) == [([0, 0], [2, 2]), ([2, 0], [2, 2]), ([4, 0], [1, 2])]


@pytest.mark.parametrize(("partitioner", "shape", "partitions"), [
    (tf.fixed_size_partitioner(3), [2], [2]),  # at most one part per row
    (tf.fixed_size_partitioner(2), [1, 2], [1, 1]),
    (tf.min_max_variable_partitioner(3, min_slice_size=4), [6], [3]),  # 24 bytes / 4, capped at 3
    (tf.min_max_variable_partitioner(2, min_slice_size=8), [3, 2], [2, 1]),
    (tf.variable_axis_size_partitioner(8), [6], [3]),  # 2 rows of 4 bytes per shard
    (tf.variable_axis_size_partitioner(8, max_shards=2), [6], [2]),
])
def test_partitioners(partitioner: object, shape: list[int], partitions: list[int]) -> None:
    assert partitioner(shape=TensorShape(shape), dtype=tf.float32) == partitions  # type: ignore[operator]


def test_parts_names_and_iteration() -> None:
    v = tf.get_variable("w", shape=[5, 2], partitioner=tf.fixed_size_partitioner(3))
    assert (v.name, str(v.get_shape()), len(v)) == ("w", "(5, 2)", 3)
    assert [(p.name, str(p.shape)) for p in v] == [("w/part_0:0", "(2, 2)"), ("w/part_1:0", "(2, 2)"),
                                                   ("w/part_2:0", "(1, 2)")]


def test_reuse_returns_the_same_object_and_checks_partitions() -> None:
    v = tf.get_variable("w", shape=[4], partitioner=tf.fixed_size_partitioner(2))
    with tf.variable_scope("", reuse=True):
        assert tf.get_variable("w") is v
        assert tf.get_variable("w", shape=[4], partitioner=tf.fixed_size_partitioner(2)) is v
        with pytest.raises(ValueError, match=r"specified partitions \[3\] and found partitions \[2\]"):
            tf.get_variable("w", shape=[4], partitioner=tf.fixed_size_partitioner(3))


def test_conversion_concatenates_under_concat_partitions() -> None:
    """As a tensor: reads under `<name>/ConcatPartitions/concat`, then an Identity named after the variable."""
    v = tf.get_variable("w", shape=[4], partitioner=tf.fixed_size_partitioner(2))
    tf.identity(v)
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert {"w", "w/ConcatPartitions/concat", "w/ConcatPartitions/concat/axis",
            "w/ConcatPartitions/concat/ReadVariableOp", "w/ConcatPartitions/concat/ReadVariableOp_1"} <= names


def test_a_scalar_shape_is_not_partitioned() -> None:
    assert type(tf.get_variable("s", shape=[], partitioner=tf.fixed_size_partitioner(2))).__name__ != \
        "PartitionedVariable"
