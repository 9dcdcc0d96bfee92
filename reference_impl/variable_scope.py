"""Variable scopes and the variable store (ops/variable_scope.py), kept per graph in collections."""

from __future__ import annotations

import contextlib
import copy
import enum
import functools
import inspect
import sys
import threading
from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from reference_impl import naming, partitioned_variables, variables, versions
from reference_impl.dtypes import DType, as_dtype, float32
from reference_impl.graph import get_default_graph, get_name_scope
from reference_impl.graph_collections import GraphKeys, local_variable_collections
from reference_impl.initializers import glorot_uniform_initializer, zeros_initializer
from reference_impl.ops import convert_to_tensor, get_graph_from_inputs, init_scope, name_scope
from reference_impl.shapes import as_shape
from reference_impl.variables import RefVariable, ResourceVariable, originally_defined_at

_VARSTORE_KEY = ("__variable_store",)
_VARSCOPESTORE_KEY = ("__varscope",)


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


class VariableScope:
    """A variable scope: name, original name scope, reuse, initializer, dtype, use_resource, regularizer,
    custom getter."""

    def __init__(self, reuse: Any, name: str = "", initializer: Any = None, name_scope: str = "",
                 dtype: DType = float32, use_resource: Any = None, partitioner: Any = None,
                 regularizer: Any = None, custom_getter: Any = None, caching_device: Any = None) -> None:
        self._name = name
        self._initializer = initializer
        self._reuse = reuse
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._partitioner = partitioner
        self._regularizer = regularizer
        self._custom_getter = custom_getter
        self._caching_device = caching_device

    # Read-only views of the scope's state, as TF's properties are.
    name = property(attrgetter("_name"))
    original_name_scope = property(attrgetter("_name_scope"))
    reuse = property(attrgetter("_reuse"))
    initializer = property(attrgetter("_initializer"))
    dtype = property(attrgetter("_dtype"))
    use_resource = property(attrgetter("_use_resource"))
    partitioner = property(attrgetter("_partitioner"))
    regularizer = property(attrgetter("_regularizer"))
    custom_getter = property(attrgetter("_custom_getter"))
    caching_device = property(attrgetter("_caching_device"))

    def reuse_variables(self) -> None:
        """Set reuse to True on this scope object (not on scopes opened from its name)."""
        self._reuse = True

    def set_initializer(self, initializer: Any) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype: DType) -> None:
        self._dtype = dtype

    def set_use_resource(self, use_resource: Any) -> None:
        self._use_resource = use_resource

    def set_partitioner(self, partitioner: Any) -> None:
        self._partitioner = partitioner

    def set_regularizer(self, regularizer: Any) -> None:
        self._regularizer = regularizer

    def set_custom_getter(self, custom_getter: Any) -> None:
        self._custom_getter = custom_getter

    def set_caching_device(self, caching_device: Any) -> None:
        self._caching_device = caching_device

    def get_variable(self, var_store: _VariableStore, name: str, shape: Any = None, dtype: Any = None,
                     initializer: Any = None, reuse: Any = None, trainable: Any = None,
                     use_resource: Any = None, collections: Any = None, partitioner: Any = None,
                     regularizer: Any = None, custom_getter: Any = None, caching_device: Any = None) -> Any:
        """Full name from this scope only; the name scope is reset to the root while the store works."""
        if partitioner is None:
            partitioner = self._partitioner
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if use_resource is None:
            use_resource = self._use_resource
        full_name = naming.scope_variable_name(self.name, name)
        with name_scope(None):
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtype:
                    raise ValueError("Initializer type '%s' and explicit dtype '%s' don't match." %
                                     (init_dtype, dtype))
            if initializer is None:
                initializer = self._initializer
            if dtype is None:
                dtype = self._dtype
            return var_store.get_variable(full_name, shape=shape, dtype=dtype, initializer=initializer,
                                          reuse=reuse, trainable=trainable, use_resource=use_resource,
                                          collections=collections, partitioner=partitioner,
                                          regularizer=regularizer, custom_getter=custom_getter,
                                          caching_device=caching_device)

    def __repr__(self) -> str:
        return f"<tensorflow.python.ops.variable_scope.VariableScope object at {hex(id(self))}>"


class _VariableStore:
    """The variables made by get_variable, keyed by full name (case-sensitive)."""

    def __init__(self) -> None:
        self._vars: dict[str, Any] = {}
        self._partitioned_vars: dict[str, Any] = {}

    def get_variable(self, name: str, shape: Any = None, dtype: Any = float32, initializer: Any = None,
                     reuse: Any = None, trainable: Any = None, use_resource: Any = None,
                     collections: Any = None, partitioner: Any = None, regularizer: Any = None,
                     custom_getter: Any = None, caching_device: Any = None) -> Any:
        """_VariableStore.get_variable: the true getter, or the custom getter given the true getter."""
        _check_custom_getter_callable(custom_getter)
        dtype = getattr(dtype, "base_dtype", dtype)
        if custom_getter is not None:
            return custom_getter(**_custom_getter_kwargs(self._true_getter, name, shape, dtype, initializer,
                                                         regularizer, reuse, trainable, use_resource,
                                                         caching_device, collections, partitioner))
        return self._true_getter(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                                 reuse=reuse, trainable=trainable, collections=collections,
                                 caching_device=caching_device, partitioner=partitioner, use_resource=use_resource)

    def _true_getter(self, name: str, shape: Any = None, dtype: Any = float32, initializer: Any = None,
                     regularizer: Any = None, reuse: Any = None, trainable: Any = None, collections: Any = None,
                     caching_device: Any = None, partitioner: Any = None, validate_shape: Any = True,
                     use_resource: Any = None, constraint: Any = None, synchronization: Any = None,
                     aggregation: Any = None) -> Any:
        """_VariableStore.get_variable's `_true_getter`: every keyword a custom getter is given, by TF's names
        (those the model has no use for are accepted and ignored); partitioned unless the shape is a scalar."""
        return partitioned_variables.true_getter(self, name, shape, dtype, initializer, reuse, trainable,
                                                 use_resource, partitioner, collections, regularizer, caching_device)

    def _get_single_variable(self, name: str, shape: Any, dtype: Any, initializer: Any, reuse: Any,
                             trainable: Any, use_resource: Any, collections: Any = None,
                             partition_info: Any = None, regularizer: Any = None,
                             caching_device: Any = None) -> Any:
        """_VariableStore._get_single_variable: reuse checks, then a new variable from the initializer."""
        initializing_from_value = initializer is not None and not callable(initializer)
        if shape is not None and initializing_from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = as_dtype(dtype)
        if shape is not None:
            shape = as_shape(shape)
        if name in self._vars:
            return self._existing_variable(name, shape, dtype, reuse)
        if reuse is True:
            raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). Did you "
                             "mean to set reuse=tf.AUTO_REUSE in VarScope?" % name)
        if initializer is None:
            if shape is None:
                raise ValueError(versions.missing_initializer_message(name))
            initializer, initializing_from_value = _default_initializer(name, dtype)
        with init_scope():
            if initializing_from_value:
                init_val, variable_dtype = initializer, None
            else:
                if isinstance(initializer, type):
                    initializer = initializer()
                if shape is not None and shape.is_fully_defined():
                    dims = shape.as_list()

                    def init_val(initializer: Any = initializer, dims: list[int] = dims) -> Any:
                        return initializer(dims, dtype=dtype, partition_info=partition_info)

                    variable_dtype = dtype.base_dtype
                elif _needs_no_arguments(initializer):
                    init_val, variable_dtype = initializer, None
                else:
                    raise ValueError(
                        "The initializer passed is not valid. It should be a callable with no arguments and "
                        "the shape should not be provided or an instance of `tf.keras.initializers.*' and "
                        "`shape` should be fully defined.")
        if use_resource is None:
            use_resource = True
        v = variables.create_variable(initial_value=init_val, trainable=trainable, name=name,
                                      dtype=variable_dtype, shape=shape, use_resource=use_resource,
                                      collections=collections, caching_device=caching_device)
        self._vars[name] = v
        _add_regularization_loss(name, v, regularizer)
        return v

    def _get_default_initializer(self, name: str, dtype: DType) -> tuple[Any, bool]:
        """_VariableStore._get_default_initializer (asked for each part of a partitioned variable too)."""
        return _default_initializer(name, dtype)

    def _existing_variable(self, name: str, shape: Any, dtype: DType, reuse: Any) -> Any:
        """A name already in the store: refused without reuse, else checked for shape and dtype."""
        found_var = self._vars[name]
        if reuse is False:
            message = ("Variable %s already exists, disallowed. Did you mean to set reuse=True or "
                       "reuse=tf.AUTO_REUSE in VarScope?" % name)
            if isinstance(found_var, ResourceVariable):
                raise ValueError(message)
            raise ValueError("%s Originally defined at:\n\n%s" %
                             (message, originally_defined_at(found_var._creation_stack)))
        if shape is not None and not shape.is_compatible_with(found_var.get_shape()):
            raise ValueError("Trying to share variable %s, but specified shape %s and found shape %s." %
                             (name, shape, found_var.get_shape()))
        if not dtype.is_compatible_with(found_var.dtype):
            raise ValueError("Trying to share variable %s, but specified dtype %s and found dtype %s." %
                             (name, dtype.name, found_var.dtype.name))
        return found_var


def _check_custom_getter_callable(custom_getter: Any) -> None:
    """_VariableStore.get_variable refuses a custom getter it cannot call."""
    if custom_getter is not None and not callable(custom_getter):
        raise ValueError("Passed a custom_getter which is not callable: %s" % custom_getter)


def _custom_getter_kwargs(true_getter: Any, name: str, shape: Any, dtype: Any, initializer: Any, regularizer: Any,
                          reuse: Any, trainable: Any, use_resource: Any, caching_device: Any, collections: Any,
                          partitioner: Any) -> dict[str, Any]:
    """_VariableStore.get_variable's `custom_getter_kwargs`: everything by keyword, the true getter as `getter`.

    TF passes `trainable` as validate_synchronization_aggregation_trainable leaves it (None: True), and adds
    `constraint` only for a getter that names it or takes **kwargs; the model's getters all take **kwargs.
    """
    return {"getter": true_getter, "name": name, "shape": shape, "dtype": dtype, "initializer": initializer,
            "regularizer": regularizer, "reuse": reuse, "trainable": True if trainable is None else trainable,
            "collections": collections, "caching_device": caching_device, "partitioner": partitioner,
            "validate_shape": True,
            "use_resource": use_resource, "synchronization": None, "aggregation": None, "constraint": None}


def _maybe_wrap_custom_getter(custom_getter: Any, old_getter: Any) -> Any:
    """_maybe_wrap_custom_getter: a scope's getter over an enclosing one calls it as its `getter`."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter: Any, *args: Any, **kwargs: Any) -> Any:
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)

    return wrapped_custom_getter


class _LazyEvalTensor:
    """variable_scope._LazyEvalTensor: what REGULARIZATION_LOSSES holds, a stand-in for the loss tensor.

    Its master tensor is the loss built when it was made; its name, op, dtype, shape and graph are the master's,
    its repr is its own (an object's), and converting it to a tensor builds the loss ops again (the thunk).
    """

    def __init__(self, thunk: Any) -> None:
        self._thunk = thunk
        self._master_tensor = thunk()

    # TF's _master_property_list and _master_method_list (those the model's tensors have), forwarded
    dtype = property(lambda self: self._master_tensor.dtype)
    graph = property(lambda self: self._master_tensor.graph)
    name = property(lambda self: self._master_tensor.name)
    op = property(lambda self: self._master_tensor.op)
    shape = property(lambda self: self._master_tensor.shape)

    def get_shape(self) -> Any:
        return self._master_tensor.get_shape()

    def __str__(self) -> str:
        return str(self._master_tensor)

    def __repr__(self) -> str:
        return f"<tensorflow.python.ops.variable_scope._LazyEvalTensor object at {hex(id(self))}>"

    def _tensor_conversion_function(self, dtype: Any = None, name: Any = None, as_ref: bool = False) -> Any:
        """_LazyEvalTensor._as_tensor: the loss ops built again."""
        return self._thunk()


def _add_regularization_loss(name: str, v: Any, regularizer: Any) -> None:
    """_VariableStore._get_single_variable's last step, for a new variable only (reuse adds no loss).

    TF calls the regularizer once where get_variable runs (the root name scope) only to see whether it gives a
    loss, then keeps a _LazyEvalTensor whose thunk calls it again under `<name>/Regularizer/` (colocated with the
    variable, which changes no name).
    """
    if not regularizer:
        return
    if regularizer(v) is None:
        return

    def make_regularizer_op() -> Any:
        with name_scope(name + "/Regularizer/"):
            return regularizer(v)

    get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, _LazyEvalTensor(make_regularizer_op))


def _needs_no_arguments(python_callable: Any) -> bool:
    """variable_scope._needs_no_arguments: every argument has a default (`self` of a callable object aside)."""
    spec = inspect.getfullargspec(python_callable)
    num_arguments = len(spec.args)
    if not inspect.isfunction(python_callable) and not isinstance(python_callable, functools.partial):
        num_arguments -= 1
    return num_arguments == len(spec.defaults or ())


def _default_initializer(name: str, dtype: DType) -> tuple[Any, bool]:
    """Floats get glorot_uniform, integers and bools get zeros."""
    if dtype.is_floating:
        return glorot_uniform_initializer(), False
    if dtype.is_integer or dtype.is_bool:
        return zeros_initializer(), False
    raise ValueError("An initializer for variable %s of %s is required" % (name, dtype.base_dtype))


class _VariableScopeStore(threading.local):
    """The current variable scope and the per-name open counts that number default names.

    TF's _VariableScopeStore is a threading.local: the one store object of a graph holds, per thread, its own
    current scope (a new thread starts at the root scope) and its own counts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.current_scope = VariableScope(False)
        self.variable_scopes_count: dict[str, int] = {}

    def open_variable_scope(self, scope_name: str) -> None:
        """Count one more opening of this scope name."""
        self.variable_scopes_count[scope_name] = self.variable_scopes_count.get(scope_name, 0) + 1

    def close_variable_subscopes(self, scope_name: str | None) -> None:
        """Leaving a scope resets the counts of every scope below it."""
        prefix = None if scope_name is None else scope_name + "/"
        for k in self.variable_scopes_count:
            if prefix is None or k[:len(prefix)] == prefix:
                self.variable_scopes_count[k] = 0

    def variable_scope_count(self, scope_name: str) -> int:
        return self.variable_scopes_count.get(scope_name, 0)


def _one_per_graph(key: tuple[str], make: Any) -> Any:
    """TF keeps its stores in a collection of the default graph: the one there, or a new one added to it."""
    graph = get_default_graph()
    found = graph.get_collection(key)  # type: ignore[arg-type]
    if found:
        return found[0]
    store = make()
    graph.add_to_collection(key, store)  # type: ignore[arg-type]
    return store


def get_variable_scope_store() -> _VariableScopeStore:
    """The scope store lives in a collection of the default graph: one per graph."""
    return _one_per_graph(_VARSCOPESTORE_KEY, _VariableScopeStore)


def get_variable_scope() -> VariableScope:
    """The current variable scope of the default graph."""
    return get_variable_scope_store().current_scope


def _get_default_variable_store() -> _VariableStore:
    """The variable store lives in a collection of the default graph: one per graph."""
    return _one_per_graph(_VARSTORE_KEY, _VariableStore)


def get_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                 trainable: Any = None, use_resource: Any = None, reuse: Any = None, collections: Any = None,
                 partitioner: Any = None, regularizer: Any = None, custom_getter: Any = None,
                 caching_device: Any = None) -> Any:
    """tf.compat.v1.get_variable: ask the current variable scope."""
    return get_variable_scope().get_variable(_get_default_variable_store(), name, shape=shape, dtype=dtype,
                                             initializer=initializer, trainable=trainable,
                                             use_resource=use_resource, collections=collections,
                                             partitioner=partitioner, regularizer=regularizer,
                                             custom_getter=custom_getter, caching_device=caching_device)


def get_local_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                       trainable: Any = False, use_resource: Any = None, collections: Any = None,
                       partitioner: Any = None, regularizer: Any = None, custom_getter: Any = None,
                       caching_device: Any = None) -> Any:
    """tf.compat.v1.get_local_variable: get_variable, never trainable, in LOCAL_VARIABLES (and `collections`)."""
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, trainable=False,
                        use_resource=use_resource, collections=local_variable_collections(collections),
                        partitioner=partitioner, regularizer=regularizer, custom_getter=custom_getter,
                        caching_device=caching_device)


def _get_unique_variable_scope(prefix: str) -> str:
    """A default_name scope gets the first `_n` whose full name has not been opened in this graph."""
    var_scope_store = get_variable_scope_store()
    current_scope = get_variable_scope()
    name = naming.scope_variable_name(current_scope.name, prefix)
    if var_scope_store.variable_scope_count(name) == 0:
        return prefix
    idx = 1
    while var_scope_store.variable_scope_count(name + ("_%d" % idx)) > 0:
        idx += 1
    return prefix + ("_%d" % idx)


class _pure_variable_scope:  # noqa: N801 - TF's name
    """Sets the current variable scope without touching name scopes."""

    def __init__(self, name_or_scope: Any, reuse: Any = None, initializer: Any = None,
                 old_name_scope: Any = None, dtype: Any = float32, use_resource: Any = None,
                 partitioner: Any = None, regularizer: Any = None, custom_getter: Any = None,
                 caching_device: Any = None) -> None:
        self._name_or_scope = name_or_scope
        self._regularizer = regularizer
        self._custom_getter = custom_getter
        self._caching_device = caching_device
        self._reuse = reuse
        self._initializer = initializer
        self._old_name_scope = old_name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._partitioner = partitioner
        self._var_store = _get_default_variable_store()
        self._var_scope_store = get_variable_scope_store()
        self._last_variable_scope_object: Any = None
        if isinstance(name_or_scope, VariableScope):
            self._new_name = name_or_scope.name
            scope_object = VariableScope(
                name_or_scope.reuse if not reuse else reuse, name=self._new_name,
                initializer=name_or_scope.initializer, name_scope=name_or_scope._name_scope,
                dtype=name_or_scope.dtype, use_resource=name_or_scope.use_resource,
                partitioner=name_or_scope.partitioner, regularizer=name_or_scope.regularizer,
                custom_getter=name_or_scope.custom_getter, caching_device=name_or_scope.caching_device)
            self._apply_overrides(scope_object, name_or_scope.custom_getter)
            self._cached_variable_scope_object = scope_object

    def _apply_overrides(self, scope_object: VariableScope, enclosing_getter: Any) -> None:
        """The scope's own arguments over what it took from its captured or enclosing scope, in TF's order;
        its custom getter calls the one it replaces (`_maybe_wrap_custom_getter`)."""
        if self._initializer is not None:
            scope_object.set_initializer(self._initializer)
        if self._regularizer is not None:
            scope_object.set_regularizer(self._regularizer)
        if self._caching_device is not None:
            scope_object.set_caching_device(self._caching_device)
        if self._custom_getter is not None:
            scope_object.set_custom_getter(_maybe_wrap_custom_getter(self._custom_getter, enclosing_getter))
        if self._dtype is not None:
            scope_object.set_dtype(self._dtype)
        if self._use_resource is not None:
            scope_object.set_use_resource(self._use_resource)
        if self._partitioner is not None:
            scope_object.set_partitioner(self._partitioner)

    def __enter__(self) -> VariableScope:
        self._old = self._var_scope_store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            self._var_scope_store.open_variable_scope(self._new_name)
            self._old_subscopes = copy.copy(self._var_scope_store.variable_scopes_count)
            scope_object = self._cached_variable_scope_object
        else:
            self._new_name = naming.scope_variable_name(self._old.name, self._name_or_scope)
            self._reuse = self._reuse or self._old.reuse  # reuse is inherited by sub-scopes
            name_scope_str = self._name_or_scope if self._old_name_scope is None else self._old_name_scope
            scope_object = VariableScope(self._reuse, name=self._new_name, initializer=self._old.initializer,
                                         name_scope=name_scope_str, dtype=self._old.dtype,
                                         use_resource=self._old.use_resource, partitioner=self._old.partitioner,
                                         regularizer=self._old.regularizer, custom_getter=self._old.custom_getter,
                                         caching_device=self._old.caching_device)
            self._apply_overrides(scope_object, self._old.custom_getter)
            self._var_scope_store.open_variable_scope(self._new_name)
        self._var_scope_store.current_scope = scope_object
        self._last_variable_scope_object = scope_object
        return scope_object

    def __exit__(self, *exc_info: Any) -> None:
        if self._var_scope_store.current_scope is not self._last_variable_scope_object:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            self._var_scope_store.variable_scopes_count = self._old_subscopes
        else:
            self._var_scope_store.close_variable_subscopes(self._new_name)
        self._var_scope_store.current_scope = self._old


class variable_scope:  # noqa: N801 - TF's name
    """tf.compat.v1.variable_scope: a name scope (unless told not to) plus a pure variable scope."""

    def __init__(self, name_or_scope: Any, default_name: Any = None, values: Any = None,
                 initializer: Any = None, reuse: Any = None, dtype: Any = None, use_resource: Any = None,
                 auxiliary_name_scope: Any = True, partitioner: Any = None, regularizer: Any = None,
                 custom_getter: Any = None, caching_device: Any = None) -> None:
        self._name_or_scope = name_or_scope
        self._regularizer = regularizer
        self._custom_getter = custom_getter
        self._caching_device = caching_device
        self._default_name = default_name
        self._values = values
        self._initializer = initializer
        self._reuse = reuse
        self._dtype = dtype
        self._use_resource = use_resource
        self._partitioner = partitioner
        if self._default_name is None and self._name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if self._reuse is False:
            self._reuse = None  # False means "inherit", like None
        if not (self._reuse is True or self._reuse is None or self._reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if self._values is None:
            self._values = []
        self._graph = get_graph_from_inputs(self._values)  # bound at construction
        self._cached_pure_variable_scope: Any = None
        self._current_name_scope: Any = None
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(f"The auxiliary_name_scope must be `True` or `False`, while get {auxiliary_name_scope}")
        self._auxiliary_name_scope = auxiliary_name_scope

    def __enter__(self) -> VariableScope:
        self._graph_context_manager = self._graph.as_default()
        self._graph_context_manager.__enter__()
        if self._cached_pure_variable_scope is not None:
            if self._current_name_scope is not None:
                self._current_name_scope.__enter__()
            return self._cached_pure_variable_scope.__enter__()
        try:
            return self._enter_scope_uncached()
        except BaseException:
            self._graph_context_manager.__exit__(*sys.exc_info())
            raise

    def _pure(self, name_or_scope: Any, old_name_scope: Any = None, reuse: Any = None) -> _pure_variable_scope:
        return _pure_variable_scope(name_or_scope, reuse=reuse, initializer=self._initializer,
                                    old_name_scope=old_name_scope, dtype=self._dtype,
                                    use_resource=self._use_resource, partitioner=self._partitioner,
                                    regularizer=self._regularizer, custom_getter=self._custom_getter,
                                    caching_device=self._caching_device)

    def _enter_pure(self, pure: _pure_variable_scope) -> VariableScope:
        try:
            entered = pure.__enter__()
        except BaseException:
            pure.__exit__(*sys.exc_info())
            raise
        self._cached_pure_variable_scope = pure
        return entered

    def _enter_scope_uncached(self) -> VariableScope:
        """variable_scope._enter_scope_uncached, branch for branch."""
        if self._auxiliary_name_scope:
            current_name_scope = None
        else:
            current = get_name_scope()
            current_name_scope = name_scope(current + "/" if current else current)
        if self._name_or_scope is not None:
            if not isinstance(self._name_or_scope, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
            if isinstance(self._name_or_scope, str):
                scope_name = self._name_or_scope
            else:
                scope_name = self._name_or_scope.name.split("/")[-1]
            if scope_name or current_name_scope:
                current_name_scope = current_name_scope or name_scope(scope_name)
                try:
                    current_name_scope_name = current_name_scope.__enter__()
                except BaseException:
                    current_name_scope.__exit__(*sys.exc_info())
                    raise
                self._current_name_scope = current_name_scope
                if isinstance(self._name_or_scope, str):
                    old_name_scope = current_name_scope_name
                else:
                    old_name_scope = self._name_or_scope.original_name_scope
                return self._enter_pure(self._pure(self._name_or_scope, old_name_scope, self._reuse))
            self._current_name_scope = None
            return self._enter_pure(self._pure(self._name_or_scope, None, self._reuse))
        if self._reuse:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        current_name_scope = current_name_scope or name_scope(self._default_name)
        try:
            current_name_scope_name = current_name_scope.__enter__()
        except BaseException:
            current_name_scope.__exit__(*sys.exc_info())
            raise
        self._current_name_scope = current_name_scope
        unique_default_name = _get_unique_variable_scope(self._default_name)
        return self._enter_pure(self._pure(unique_default_name, current_name_scope_name))

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self._cached_pure_variable_scope.__exit__(*exc_info)
        finally:
            try:
                if self._current_name_scope:
                    self._current_name_scope.__exit__(*exc_info)
            finally:
                self._graph_context_manager.__exit__(*exc_info)


@contextlib.contextmanager
def variable_op_scope(values: Any, name_or_scope: Any, default_name: Any = None, initializer: Any = None,
                      reuse: Any = None, dtype: Any = None, use_resource: Any = None) -> Iterator[VariableScope]:
    """tf.compat.v1.variable_op_scope: a generator context manager around variable_scope(..., values=values).

    Being a generator matters: when entering fails, the generator's frame (and with it the variable_scope
    and the name scope it may have left entered) is freed, which closes that name scope as in TF.
    """
    with variable_scope(name_or_scope, default_name=default_name, values=values, initializer=initializer,
                        reuse=reuse, dtype=dtype, use_resource=use_resource) as scope:
        yield scope


@contextlib.contextmanager
def variable_creator_scope(variable_creator: Any) -> Iterator[None]:
    """tf.compat.v1.variable_creator_scope (variable_creator_scope_v1): the creator applies, in the default
    graph, to every variable made inside (Variable and get_variable), before the creators of enclosing scopes."""
    with get_default_graph()._variable_creator_scope(variable_creator):
        yield


def default_variable_creator(initial_value: Any = None, trainable: Any = None, name: Any = None, dtype: Any = None,
                             shape: Any = None, use_resource: Any = None, collections: Any = None,
                             caching_device: Any = None) -> Any:
    """A ResourceVariable unless use_resource (or else the current variable scope's) is False: a RefVariable."""
    if use_resource is None:
        use_resource = get_variable_scope().use_resource
    if use_resource is False:
        return RefVariable(initial_value, trainable, name, dtype, shape, collections, caching_device)
    return ResourceVariable(initial_value, trainable, name, dtype, shape, collections, caching_device)


# As TF does (variable_scope.py's last lines): the variables module calls the creator that lives here.
variables.default_variable_creator = default_variable_creator
