"""Graph collections (framework/ops.py, ops/variables.py): GraphKeys, the default graph's collection functions,
and the collections a new variable joins."""

from __future__ import annotations

from typing import Any

from reference_impl.graph import get_default_graph


class GraphKeys:
    """tf.compat.v1.GraphKeys: the standard collection names (string values as in TF)."""

    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    SAVEABLE_OBJECTS = "saveable_objects"


def get_collection(key: Any, scope: str | None = None) -> list[Any]:
    """tf.compat.v1.get_collection: Graph.get_collection on the default graph."""
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key: Any) -> list[Any]:
    """tf.compat.v1.get_collection_ref: Graph.get_collection_ref on the default graph."""
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name: Any, value: Any) -> None:
    """tf.compat.v1.add_to_collection: Graph.add_to_collection on the default graph."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names: Any, value: Any) -> None:
    """tf.compat.v1.add_to_collections: Graph.add_to_collections on the default graph."""
    get_default_graph().add_to_collections(names, value)


def global_variables(scope: str | None = None) -> list[Any]:
    """tf.compat.v1.global_variables: the GLOBAL_VARIABLES collection, filtered by scope."""
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def local_variables(scope: str | None = None) -> list[Any]:
    """tf.compat.v1.local_variables: the LOCAL_VARIABLES collection, filtered by scope."""
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope: str | None = None) -> list[Any]:
    """tf.compat.v1.model_variables: the MODEL_VARIABLES collection, filtered by scope."""
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


def trainable_variables(scope: str | None = None) -> list[Any]:
    """tf.compat.v1.trainable_variables: the TRAINABLE_VARIABLES collection, filtered by scope."""
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def trainable_or_default(trainable: Any) -> Any:
    """variables.validate_synchronization_aggregation_trainable: trainable None means True (synchronization AUTO)."""
    return True if trainable is None else trainable


def checked_variable_collections(collections: Any) -> Any:
    """The variable constructors' check, before any op: collections None -> [GLOBAL_VARIABLES]; else a list,
    tuple or set."""
    if collections is None:
        return [GraphKeys.GLOBAL_VARIABLES]
    if not isinstance(collections, (list, tuple, set)):
        raise ValueError("collections argument to Variable constructor must be a list, tuple, or set. Got "
                         f"{collections} of type {type(collections)}")
    return collections


def with_trainable_collection(collections: Any, trainable: Any) -> Any:
    """A trainable variable also joins TRAINABLE_VARIABLES, unless listed already."""
    if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
        return list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
    return collections


def local_variable_collections(collections: Any) -> Any:
    """get_local_variable: `collections += [LOCAL_VARIABLES]` (the caller's list itself grows), or just it."""
    if collections:
        collections += [GraphKeys.LOCAL_VARIABLES]
        return collections
    return [GraphKeys.LOCAL_VARIABLES]
