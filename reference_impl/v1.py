"""`import reference_impl.v1 as tf`: the tf.compat.v1 facade of the model (graph mode only, no TensorFlow)."""

from __future__ import annotations

from reference_impl import errors, nn, train  # noqa: F401
from reference_impl.control_flow import case, cond, while_loop  # noqa: F401
from reference_impl.dtypes import bool, float32, int32  # noqa: A004, F401
from reference_impl.graph import Graph, get_default_graph, reset_default_graph  # noqa: F401
from reference_impl.graph_collections import (  # noqa: F401
    GraphKeys,
    add_to_collection,
    add_to_collections,
    get_collection,
    get_collection_ref,
    global_variables,
    local_variables,
    model_variables,
    trainable_variables,
)
from reference_impl.initializers import (  # noqa: F401
    constant_initializer,
    glorot_uniform_initializer,
    ones_initializer,
    zeros_initializer,
)
from reference_impl.math_ops import add, greater, identity, less, multiply, negative, subtract  # noqa: F401
from reference_impl.name_scopes import name_scope_v1 as name_scope  # noqa: F401
from reference_impl.name_scopes import op_scope  # noqa: F401
from reference_impl.ops import (  # noqa: F401
    constant,
    group,
    init_scope,
    no_op,
)
from reference_impl.partitioned_variables import (  # noqa: F401
    fixed_size_partitioner,
    min_max_variable_partitioner,
    variable_axis_size_partitioner,
)
from reference_impl.session import Session  # noqa: F401
from reference_impl.shapes import TensorShape  # noqa: F401
from reference_impl.tensors import Operation, Tensor  # noqa: F401
from reference_impl.variable_scope import (  # noqa: F401
    AUTO_REUSE,
    VariableScope,
    get_local_variable,
    get_variable,
    get_variable_scope,
    variable_creator_scope,
    variable_op_scope,
    variable_scope,
)
from reference_impl.variables import Variable, global_variables_initializer  # noqa: F401
from reference_impl.versions import imitated_version

__version__ = imitated_version()


def disable_eager_execution() -> None:
    """The model is always in graph mode; kept so that repro scripts run unchanged."""


def get_name_scope() -> str:
    """The current name scope of the default graph."""
    return get_default_graph().get_name_scope()
