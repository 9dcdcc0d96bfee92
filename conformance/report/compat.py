"""Checkpoint compatibility across TF versions, from generated/checkpoint-compat.json.

`python -m conformance.compat table` (also run by `make corpus`) derives it from the recorded traces
(conformance/compat/derive.py); the report only reads it. The template renders it with autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.compat.derive import COMPAT_JSON
from conformance.errors import BadInput
from conformance.files import read_json
from conformance.report.loading import ReportInputError

DEFAULT_PATH = COMPAT_JSON


@dataclass(frozen=True)
class CompatProgram:
    """One program of a pair: its first breaking (or silently changed) key, in one graph."""

    program_id: str
    family: str
    graph: str
    problem: str
    key: str | None
    detail: str


@dataclass(frozen=True)
class CompatPair:
    """A → B: how many programs were compared, differ in their keys, and would not restore."""

    older: str
    newer: str
    compared: int
    without_event: int
    differ: int
    breaking: list[CompatProgram]
    silent: list[CompatProgram]


@dataclass(frozen=True)
class CompatTable:
    """The recorded versions and each consecutive pair."""

    versions: list[str]
    programs: int
    pairs: list[CompatPair]


def _take(data: Any, key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    """data[key] when data is an object holding a value of that kind; else ReportInputError naming the key."""
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise ReportInputError(path, f"not a checkpoint compatibility table ({key!r} missing or of the wrong type)")
    return data[key]


def _program(data: Any, path: Path) -> CompatProgram:
    return CompatProgram(_take(data, "program_id", str, path), _take(data, "family", str, path),
                         _take(data, "graph", str, path), _take(data, "problem", str, path),
                         _take(data, "key", (str, type(None)), path), _take(data, "detail", str, path))


def _pair(data: Any, path: Path) -> CompatPair:
    return CompatPair(_take(data, "from", str, path), _take(data, "to", str, path),
                      _take(data, "compared", int, path), _take(data, "without_event", int, path),
                      _take(data, "differ", int, path),
                      [_program(item, path) for item in _take(data, "breaking", list, path)],
                      [_program(item, path) for item in _take(data, "silent", list, path)])


def load_compat(path: Path) -> CompatTable | None:
    """The table, or None if the file does not exist; ReportInputError if it is not one."""
    if not path.is_file():
        return None
    try:
        data = read_json(path)
    except BadInput as error:
        raise ReportInputError(error.path, error.problem, error.line) from None
    return CompatTable([str(v) for v in _take(data, "versions", list, path)], _take(data, "programs", int, path),
                       [_pair(item, path) for item in _take(data, "pairs", list, path)])
