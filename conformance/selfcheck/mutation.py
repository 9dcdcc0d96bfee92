"""Source mutation: one textual change to one function, recompiled in its own module and installed in place.

Shared by the TF mutants (conformance/selfcheck/tf_mutants.py: does the suite catch an altered TF rule?) and the model
mutants (conformance/selfcheck/model_mutants.py: how fast does it catch a wrong model?). Nothing is written to disk;
the change lives in the process that applies it.
"""

from __future__ import annotations
import __future__

import contextlib
import importlib
import inspect
import sys
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.files import read_json

Restore = list[tuple[Any, str, Any]]


@dataclass(frozen=True)
class Mutant:
    """One textual change to one function: module, function (or Class.method), old text, new text."""

    name: str
    module: str
    function: str
    old: str
    new: str
    what: str


#: The mutants, as data: {"tf": [...], "model": [...]}, each entry a Mutant's fields.
MUTANTS_FILE = Path(__file__).with_name("mutants.json")


def load_mutants(kind: str) -> tuple[Mutant, ...]:
    """The mutants of one kind ("tf" or "model") from mutants.json, in file order."""
    return tuple(Mutant(**fields) for fields in read_json(MUTANTS_FILE)[kind])


def by_name(mutants: Sequence[Mutant], name: str, kind: str = "mutant") -> Mutant:
    """The mutant called `name`; ValueError naming the known ones otherwise."""
    for mutant in mutants:
        if mutant.name == name:
            return mutant
    raise ValueError(f"unknown {kind} {name!r} (known: {', '.join(m.name for m in mutants)})")


def owner_and_target(mutant: Mutant) -> tuple[Any, str, Any]:
    """The object holding the function (module or class), the attribute name, and the stored value."""
    owner: Any = importlib.import_module(mutant.module)
    parts = mutant.function.split(".")
    for part in parts[:-1]:
        owner = getattr(owner, part)
    return owner, parts[-1], owner.__dict__[parts[-1]]


def original_source(mutant: Mutant) -> str:
    """The dedented source of the function the mutant alters (decorators included)."""
    _, _, stored = owner_and_target(mutant)
    return textwrap.dedent(inspect.getsource(inspect.unwrap(stored)))


def _holders(old: Any, package: str) -> list[tuple[Any, str]]:
    """Every (module, name) of the loaded `package` that holds `old` (functions imported by name elsewhere)."""
    places = []
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == package or module_name.startswith(package + ".")):
            continue
        for attr, value in list(vars(module).items()):
            if value is old:
                places.append((module, attr))
    return places


def apply(mutant: Mutant, kind: str = "mutant") -> Restore:
    """Recompile the function from its altered source and install it wherever it is held; returns what to restore.

    A method is replaced on its class; a module-level function in every module of its package that imported it.
    The old text must occur exactly once, so a mutant cannot silently stop mutating when the source changes.
    """
    owner, attr, stored = owner_and_target(mutant)
    source = original_source(mutant)
    if source.count(mutant.old) != 1:
        raise RuntimeError(f"{kind} {mutant.name}: {mutant.old!r} occurs {source.count(mutant.old)} "
                           f"times in {mutant.module}.{mutant.function} (expected once)")
    module = sys.modules[mutant.module]
    future_annotations = module.__dict__.get("annotations") is __future__.annotations
    code = compile(source.replace(mutant.old, mutant.new), module.__file__ or mutant.module, "exec",
                   flags=__future__.annotations.compiler_flag if future_annotations else 0, dont_inherit=True)
    namespace: dict[str, Any] = {}
    exec(code, module.__dict__, namespace)
    replacement = namespace[attr]
    places = [(owner, attr)] if inspect.isclass(owner) else _holders(stored, mutant.module.split(".")[0])
    restore = [(place, name, getattr(place, name)) for place, name in places]
    for place, name in places:
        setattr(place, name, replacement)
    return restore


def revert(restore: Restore) -> None:
    """Put back what `apply` replaced."""
    for place, name, value in restore:
        setattr(place, name, value)


@contextlib.contextmanager
def applied(mutant: Mutant) -> Iterator[None]:
    """The mutant installed for the duration of the block."""
    restore = apply(mutant)
    try:
        yield
    finally:
        revert(restore)
