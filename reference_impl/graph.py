"""The Graph: its name registry, its name-scope stack, its operations, finalize, and the default-graph stack."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from reference_impl import naming
from reference_impl.versions import graph_repr_is_pybind


class Graph:
    """A tf.Graph as far as naming is concerned: every piece of naming state is kept per graph."""

    #: Graph.building_function: a function graph (reference_impl/control_flow.py) sets it
    building_function = False

    def capture(self, tensor: Any) -> Any:
        """Only a function graph captures (reference_impl/control_flow.py); a graph never calls this."""
        raise NotImplementedError

    def __init__(self) -> None:
        self._names_in_use: dict[str, int] = {}
        self._thread_local = _GraphThreadState()
        self._operations: list[Any] = []
        self._nodes_by_name: dict[str, Any] = {}
        self._finalized = False
        self._collections: dict[str, list[Any]] = {}
        #: Graph._functions: the names of the functions in the graph's library (cond branches register theirs)
        self._functions: set[str] = set()

    @property
    def _variable_creator_stack(self) -> Sequence[tuple[int, Any]]:
        """Graph._variable_creator_stack: (priority, creator) pairs, lowest priority first, kept in
        Graph._thread_local, so each thread has its own (empty in a new thread)."""
        return self._thread_local.variable_creator_stack

    @_variable_creator_stack.setter
    def _variable_creator_stack(self, stack: Sequence[tuple[int, Any]]) -> None:
        self._thread_local.variable_creator_stack = stack

    @contextlib.contextmanager
    def _variable_creator_scope(self, creator: Any, priority: int = 100) -> Iterator[None]:
        """Graph._variable_creator_scope: push a creator (kept sorted by priority, stably), pop it on exit."""
        old = self._variable_creator_stack
        new = sorted([*old, (priority, creator)], key=lambda item: item[0])
        self._variable_creator_stack = new
        try:
            yield
        finally:
            if self._variable_creator_stack is not new:
                raise RuntimeError("Exiting variable_creator_scope without proper nesting.")
            self._variable_creator_stack = old

    # ---- names -------------------------------------------------------------------------------
    @property
    def _name_stack(self) -> str:
        """Graph._name_stack: kept in Graph._thread_local, so each thread has its own ("" in a new thread)."""
        return self._thread_local.name_stack

    @_name_stack.setter
    def _name_stack(self, name_stack: str) -> None:
        self._thread_local.name_stack = name_stack

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """Prefix with the stack; on a case-insensitive collision append the first free `_n`."""
        name = naming.prefixed_by_stack(self._name_stack, name)
        key = naming.name_key(name)
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base_key = key
            while key in self._names_in_use:
                key = naming.numbered(base_key, i)
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = naming.numbered(name, i - 1)
        return name

    def name_scope(self, name: str | bytes | None) -> contextlib.AbstractContextManager[str]:
        """Validate, then: None/'' resets to the root, 'x/' re-enters exactly, others are uniquified."""
        return _one_shot(NameStackScope(self, name))

    def get_name_scope(self) -> str:
        """The current name stack, without a trailing slash."""
        return self._name_stack

    # ---- operations ----------------------------------------------------------------------------
    def get_operations(self) -> list[Any]:
        """Operations in creation order."""
        return list(self._operations)

    def get_operation_by_name(self, name: str) -> Any:
        try:
            return self._nodes_by_name[name]
        except KeyError:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.") from None

    def _check_not_finalized(self) -> None:
        """A finalized graph refuses new operations (name scopes and unique_name still work)."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    def _check_unique_node_name(self, name: str) -> None:
        """The C++ graph keys nodes by their exact (case-sensitive) name and refuses duplicates (before it runs the
        op's shape function)."""
        if name in self._nodes_by_name:
            raise ValueError(f"Duplicate node name in graph: '{name}'")

    def _add_node(self, op: Any) -> None:
        self._check_unique_node_name(op.name)
        self._nodes_by_name[op.name] = op
        self._operations.append(op)

    def finalize(self) -> None:
        """Make the graph read-only for new operations."""
        self._finalized = True

    @property
    def finalized(self) -> bool:
        return self._finalized

    # ---- collections (the variable stores live here) -----------------------------------------
    def get_collection(self, key: Any, scope: str | None = None) -> list[Any]:
        """Graph.get_collection: a copy of the collection, filtered by `scope` (collection_items_matching)."""
        collection = self._collections.get(key)
        if collection is None:
            return []
        if scope is None:
            return list(collection)
        return collection_items_matching(collection, scope)

    def get_collection_ref(self, key: Any) -> list[Any]:
        """Graph.get_collection_ref: the collection's own list, created empty if missing (no finalize check)."""
        return self._collections.setdefault(key, [])

    def get_all_collection_keys(self) -> list[str]:
        """Graph.get_all_collection_keys: the string keys only (the variable stores use tuple keys)."""
        return [key for key in self._collections if isinstance(key, str)]

    def add_to_collection(self, key: Any, value: Any) -> None:
        """Adding to a collection is a modification: refused once the graph is finalized."""
        self._check_not_finalized()
        self._collections.setdefault(key, []).append(value)

    def add_to_collections(self, keys: Any, value: Any) -> None:
        """Graph.add_to_collections: a string is one key; other iterables go through a set (duplicates once)."""
        for key in (keys,) if isinstance(keys, str) else set(keys):
            self.add_to_collection(key, value)

    # ---- default graph ---------------------------------------------------------------------------
    def as_default(self) -> contextlib.AbstractContextManager[Graph]:
        """Push this graph on the default-graph stack for the block."""
        return _one_shot(DefaultGraphController(self))

    def __repr__(self) -> str:
        """TF's Graph repr: pybind's PyGraph<id> on 2.13, the default object repr on other versions."""
        if graph_repr_is_pybind():
            return f"PyGraph<{id(self)}>"
        return f"<tensorflow.python.framework.ops.Graph object at {hex(id(self))}>"


class _GraphThreadState(threading.local):
    """Graph._thread_local: the naming state each thread has of its own, with a new thread's starting values as
    class attributes (read as plain attributes, no per-access default lookup)."""

    name_stack: str = ""
    variable_creator_stack: tuple[tuple[int, Any], ...] = ()


def collection_items_matching(collection: list[Any], scope: str) -> list[Any]:
    """Graph.get_collection's scope filter: `re.match(scope, item.name)`, a regex anchored at the start only.

    So scope "a" keeps "ab/v:0" as well as "a/v:0"; items without a `name` are left out.
    """
    regex = re.compile(scope)
    found = []
    for item in collection:
        try:
            if regex.match(item.name):
                found.append(item)
        except AttributeError:
            pass
    return found


class NameStackScope:
    """The body of Graph.name_scope: on entry set the graph's name stack, on exit restore it.

    TF's Graph.name_scope is a generator context manager; the model's internals use this class directly (it is
    several times cheaper), and the public method wraps it so that it can be entered only once, as in TF.
    """

    __slots__ = ("_graph", "_name", "_old_stack")

    def __init__(self, graph: Graph, name: str | bytes | None) -> None:
        self._graph = graph
        self._name = name
        self._old_stack: str | None = None  # set while entered; exit is a no-op otherwise, as for a generator

    def __enter__(self) -> str:
        graph, name = self._graph, self._name
        old_stack = graph._name_stack
        if name:
            if isinstance(name, bytes):
                name = name.decode()
            error = naming.scope_name_error(name, at_root=not old_stack)
            if error:
                raise ValueError(error)
        self._old_stack = old_stack
        if not name:
            new_stack = returned_scope = ""
        elif naming.is_exact_scope(name):
            new_stack, returned_scope = naming.name_from_scope_name(name), name
        else:
            new_stack = graph.unique_name(name)
            returned_scope = new_stack + "/"
        graph._name_stack = new_stack
        return returned_scope

    def __exit__(self, *exc_info: Any) -> None:
        if self._old_stack is not None:
            self._graph._name_stack = self._old_stack
            self._old_stack = None

    def __del__(self) -> None:
        """Dropped while entered: restore the stack, as a collected generator's `finally` does in TF.

        This is TF quirk `reentered_name_scope_manager_exits_first_entry`: entering a tf.compat.v1.name_scope
        object again replaces its Graph.name_scope generator, and collecting the old one restores the old stack.
        """
        self.__exit__(None, None, None)


class DefaultGraphController:
    """The body of Graph.as_default: push the graph; on exit pop it, enforcing nesting as TF's DefaultStack does.

    The model's internals use it directly; the public Graph.as_default wraps it like NameStackScope.
    """

    __slots__ = ("_graph", "_entered")

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._entered = False  # exit is a no-op unless entered, as for a generator

    def __enter__(self) -> Graph:
        _default_graph_stack.stack.append(self._graph)
        self._entered = True
        return self._graph

    def __del__(self) -> None:
        """Dropped while entered: TF's collected generator runs its `finally` (a nesting violation is only printed)."""
        try:
            self.__exit__(None, None, None)
        except AssertionError:
            pass

    def __exit__(self, *exc_info: Any) -> None:
        if not self._entered:
            return
        self._entered = False
        stack = _default_graph_stack.stack
        if stack:
            if stack[-1] is not self._graph:
                raise AssertionError("Nesting violated for default stack of %s objects" % type(self._graph))
            stack.pop()


@contextlib.contextmanager
def _one_shot(body: Any) -> Iterator[Any]:
    """A generator context manager around `body`, so the public object behaves as TF's (entered only once)."""
    value = body.__enter__()
    try:
        yield value
    finally:
        body.__exit__(None, None, None)


class _DefaultGraphStack(threading.local):
    """A stack of default graphs over a lazily created global default graph.

    ops._DefaultGraphStack is a threading.local (stack.DefaultStack): each thread has its own stack and its own
    global default graph, so a new thread starts with an empty stack and a new default graph of its own.
    """

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Graph] = []
        self._global_default_graph: Graph | None = None

    def get_default(self) -> Graph:
        """The innermost `as_default` graph, else the global default graph."""
        if self.stack:
            return self.stack[-1]
        return self.global_default()

    def global_default(self) -> Graph:
        """_DefaultGraphStack._GetGlobalDefaultGraph: the global default graph, created on first use."""
        if self._global_default_graph is None:
            self._global_default_graph = Graph()
        return self._global_default_graph

    def is_cleared(self) -> bool:
        return not self.stack

    def reset(self) -> None:
        self.stack = []
        self._global_default_graph = None


_default_graph_stack = _DefaultGraphStack()


def get_default_graph() -> Graph:
    """The graph that new operations go to when no input says otherwise."""
    return _default_graph_stack.get_default()


def reset_default_graph() -> None:
    """Clear the global default graph; refused while a graph is nested by `as_default`."""
    if not _default_graph_stack.is_cleared():
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
                             "cleared graph, exit the nesting and create a new graph.")
    _default_graph_stack.reset()


def get_name_scope() -> str:
    """The current name scope of the default graph."""
    return get_default_graph().get_name_scope()
