"""Known divergences: a reviewed plain-text file; an entry that matches nothing in a full run is stale."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from conformance.errors import BadInput
from conformance.program import FAMILIES
from reference_impl.versions import is_tf_version, parse_version

DEFAULT_PATH = Path(__file__).with_name("known_divergences.txt")
FORMAT = "family | versions | match | reason"
COMPARISONS = {">=": tuple.__ge__, "<=": tuple.__le__, "==": tuple.__eq__, ">": tuple.__gt__, "<": tuple.__lt__}


@dataclass(frozen=True)
class Expectation:
    """One reviewed divergence: family, TF version range, a substring of the diff summary, and why."""

    family: str
    versions: str
    match: str
    reason: str
    line: int

    def applies_to(self, family: str, tf_version: str, difference: dict[str, Any]) -> bool:
        """Same family, version in range, and `match` found in the diff summary or in TF's side of the diff."""
        return (family == self.family and version_in_range(tf_version, self.versions)
                and self.match in difference_text(difference))

    def as_row(self) -> dict[str, Any]:
        """The entry as JSON: its line in the file and its four fields."""
        return asdict(self)


def difference_text(difference: dict[str, Any]) -> str:
    """What an expectation's `match` is looked for in: the one-line summary, then TF's event as JSON."""
    return difference["summary"] + "\n" + json.dumps(difference.get("tf"), sort_keys=True, ensure_ascii=False)


def expected(entries: list[Expectation], family: str, tf_version: str,
             difference: dict[str, Any] | None) -> Expectation | None:
    """The first reviewed entry that covers this divergence, if any."""
    if difference is None:
        return None
    return next((e for e in entries if e.applies_to(family, tf_version, difference)), None)


def version_clauses(spec: str) -> list[tuple[str, tuple[int, int, int]]]:
    """'*' -> []; '>=2.12,<2.15' -> [('>=', (2, 12, 0)), ('<', (2, 15, 0))]; ValueError naming a bad clause."""
    if spec.strip() == "*":
        return []
    clauses = []
    for clause in (part.strip() for part in spec.split(",")):
        operator = next((op for op in COMPARISONS if clause.startswith(op)), None)
        bound = clause[len(operator):].strip() if operator else ""
        if operator is None or not is_tf_version(bound):
            raise ValueError(f"bad version clause {clause!r} (expected e.g. '*', '>=2.12,<2.15' or '==2.21.0')")
        clauses.append((operator, parse_version(bound)))
    return clauses


def version_in_range(version: str, spec: str) -> bool:
    """'*' or comma-separated clauses like '>=2.12,<2.15' or '==2.21.0'."""
    v = parse_version(version)
    return all(COMPARISONS[op](v, bound) for op, bound in version_clauses(spec))


def parse_entry(text: str, path: Path, line: int) -> Expectation:
    """One line `family | versions | match | reason` (BadInput naming file and line if it is malformed)."""
    parts = [part.strip() for part in text.split("|")]
    if len(parts) != 4 or not all(parts):
        raise BadInput(path, f"expected '{FORMAT}'", line)
    family, versions, match, reason = parts
    if family not in FAMILIES:
        raise BadInput(path, f"unknown family {family!r} (known: {', '.join(FAMILIES)})", line)
    try:
        version_clauses(versions)
    except ValueError as error:
        raise BadInput(path, str(error), line) from None
    return Expectation(family, versions, match, reason, line)


def load(path: Path = DEFAULT_PATH) -> list[Expectation]:
    """Every entry of a known-divergences file; '#' starts a comment; BadInput (file:line) on a malformed line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(path, f"cannot read ({getattr(error, 'strerror', None) or error})") from None
    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        content = raw.split("#", 1)[0].strip()
        if content:
            entries.append(parse_entry(content, path, number))
    return entries


def stale(entries: list[Expectation], matched: Iterable[int],
          compared: Iterable[tuple[str, str]]) -> list[Expectation] | None:
    """Entries that matched nothing although the run compared their family at a version in their range.

    `matched` holds the lines of the entries that matched; `compared` the (family, TF version) pairs whose
    programs the run compared in full. None when some family was not compared: a partial run judges nothing.
    """
    compared = set(compared)
    if not set(FAMILIES) <= {family for family, _ in compared}:
        return None
    lines = set(matched)
    return [entry for entry in entries if entry.line not in lines
            and any(family == entry.family and version_in_range(version, entry.versions)
                    for family, version in compared)]
