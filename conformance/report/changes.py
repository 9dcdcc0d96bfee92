"""TF's own behaviour changes across versions, from generated/tf-behaviour-changes.json.

`python -m conformance.corpus changes` (conformance/corpus/changes.py) writes the log twice: as JSON for the
report and as Markdown for people. The report reads only the JSON; the template renders it with autoescape, so
the file can never inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.corpus.changes import CHANGES_JSON
from conformance.errors import BadInput
from conformance.files import read_json
from conformance.report.loading import ReportInputError

DEFAULT_PATH = CHANGES_JSON


@dataclass(frozen=True)
class ChangedProgram:
    """One corpus program whose TF trace differs between two versions, at its first differing event."""

    program_id: str
    family: str
    event: str | None
    before: str
    after: str


@dataclass(frozen=True)
class ChangeGroup:
    """The programs of a version pair that changed the same way."""

    what: str
    programs: list[ChangedProgram]


@dataclass(frozen=True)
class VersionPair:
    """Two consecutive recorded TF versions and the programs whose traces differ between them."""

    older: str
    newer: str
    compared: int
    changed: int
    groups: list[ChangeGroup]


@dataclass(frozen=True)
class ChangeLog:
    """The whole log: the recorded versions, how many programs were compared, and each consecutive pair."""

    versions: list[str]
    programs: int
    pairs: list[VersionPair]


def _take(data: Any, key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    """data[key] when data is an object holding a value of that kind; else ReportInputError naming the key."""
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise ReportInputError(path, f"not a behaviour-change log ({key!r} missing or of the wrong type)")
    return data[key]


def _program(data: Any, path: Path) -> ChangedProgram:
    """One changed program of a group."""
    event = data.get("event") if isinstance(data, dict) else None
    return ChangedProgram(_take(data, "program_id", str, path), _take(data, "family", str, path),
                          None if event is None else str(event), _take(data, "before", str, path),
                          _take(data, "after", str, path))


def _group(data: Any, path: Path) -> ChangeGroup:
    """One group of a version pair."""
    return ChangeGroup(_take(data, "what", str, path),
                       [_program(item, path) for item in _take(data, "programs", list, path)])


def _pair(data: Any, path: Path) -> VersionPair:
    """One version pair."""
    return VersionPair(_take(data, "from", str, path), _take(data, "to", str, path),
                       _take(data, "compared", int, path), _take(data, "changed", int, path),
                       [_group(item, path) for item in _take(data, "groups", list, path)])


def load_changes(path: Path) -> ChangeLog | None:
    """The behaviour-change log, or None if it does not exist; ReportInputError if it is not one."""
    if not path.is_file():
        return None
    try:
        data = read_json(path)
    except BadInput as error:
        raise ReportInputError(error.path, error.problem, error.line) from None
    return ChangeLog([str(v) for v in _take(data, "versions", list, path)], _take(data, "programs", int, path),
                     [_pair(item, path) for item in _take(data, "pairs", list, path)])
