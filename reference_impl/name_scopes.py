"""The public name-scope managers of tf.compat.v1: name_scope (v1) and the deprecated op_scope."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from reference_impl.ops import internal_name_scope_v1


class name_scope_v1(contextlib.AbstractContextManager):  # noqa: N801 - TF's name
    """tf.compat.v1.name_scope(name, default_name=None, values=None): argument checks happen at construction."""

    def __init__(self, name: Any, default_name: Any = None, values: Any = None) -> None:
        self._name_scope = internal_name_scope_v1(name, default_name, values)
        self._name = default_name if name is None else name

    @property
    def name(self) -> Any:
        return self._name

    def __enter__(self) -> str:
        return self._name_scope.__enter__()

    def __exit__(self, *exc_info: Any) -> Any:
        return self._name_scope.__exit__(*exc_info)


@contextlib.contextmanager
def op_scope(values: Any, name: Any, default_name: Any = None) -> Iterator[str]:
    """tf.compat.v1.op_scope(values, name, default_name): deprecated, delegates to name_scope on entry."""
    with name_scope_v1(name, default_name=default_name, values=values) as scope:
        yield scope
