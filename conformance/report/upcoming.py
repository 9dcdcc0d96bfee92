"""Upcoming changes in tf-nightly, from generated/upcoming/index.json (written by conformance/corpus/upcoming.py).

The report opens with them: each change group between the newest release and the nightly, with its upstream-ready
issue text (title, shrunk repro script, both versions' outputs). The template renders them with autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.corpus.upcoming import UPCOMING_INDEX
from conformance.errors import BadInput
from conformance.files import read_json
from conformance.report.loading import ReportInputError

DEFAULT_PATH = UPCOMING_INDEX


@dataclass(frozen=True)
class UpcomingChange:
    """One change group, as an issue text."""

    title: str
    what: str
    summary: str
    programs: list[str]
    script: str
    old_output: str
    new_output: str
    diff: str
    file: str


@dataclass(frozen=True)
class UpcomingChanges:
    """The release → nightly pair and its change groups."""

    old: str | None
    new: str | None
    compared: int
    changed: int
    groups: list[UpcomingChange]


def _take(data: Any, key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    """data[key] when data is an object holding a value of that kind; else ReportInputError naming the key."""
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise ReportInputError(path, f"not an upcoming-changes index ({key!r} missing or of the wrong type)")
    return data[key]


def _change(data: Any, path: Path) -> UpcomingChange:
    text = {key: _take(data, key, str, path)
            for key in ("title", "what", "summary", "script", "old_output", "new_output", "diff", "file")}
    return UpcomingChange(programs=[str(p) for p in _take(data, "programs", list, path)], **text)


def load_upcoming(path: Path) -> UpcomingChanges | None:
    """The upcoming changes, or None if the index does not exist; ReportInputError if it is not one."""
    if not path.is_file():
        return None
    try:
        data = read_json(path)
    except BadInput as error:
        raise ReportInputError(error.path, error.problem, error.line) from None
    return UpcomingChanges(_take(data, "old", (str, type(None)), path), _take(data, "new", (str, type(None)), path),
                           _take(data, "compared", int, path), _take(data, "changed", int, path),
                           [_change(item, path) for item in _take(data, "groups", list, path)])
