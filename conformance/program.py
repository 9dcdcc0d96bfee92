"""Programs: JSON-serialisable trees of statements, their families, ids and round trip.

The statement kinds, their families and arguments are in the registry, conformance/kinds.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from conformance.kinds import BLOCK_KINDS, FAMILIES, KINDS

FORMAT = 1


class ProgramError(ValueError):
    """A program that does not follow the format."""


def walk(body: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every statement in pre-order."""
    for stmt in body:
        yield stmt
        if "body" in stmt:
            yield from walk(stmt["body"])


def count_statements(program: dict[str, Any]) -> int:
    """How many statements a program has, nested ones included."""
    return sum(1 for _ in walk(program["body"]))


def canonical_json(program: dict[str, Any]) -> str:
    """The one serialisation used for hashing and storage: sorted keys, compact."""
    return json.dumps(program, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def program_id(program: dict[str, Any]) -> str:
    """A stable content hash of a program (16 hex digits)."""
    return hashlib.sha256(canonical_json(program).encode()).hexdigest()[:16]


def loads(text: str) -> dict[str, Any]:
    """Parse and validate a program."""
    program = json.loads(text)
    validate(program)
    return program


def dumps(program: dict[str, Any]) -> str:
    return canonical_json(program)


def validate(program: Any) -> None:
    """Check the shape of a program: format, family, unique ids, known kinds."""
    if not isinstance(program, dict) or program.get("format") != FORMAT:
        raise ProgramError("not a program (format must be %d)" % FORMAT)
    if program.get("family") not in FAMILIES:
        raise ProgramError(f"unknown family {program.get('family')!r}")
    if not isinstance(program.get("body"), list):
        raise ProgramError("body must be a list")
    seen: set[str] = set()
    for stmt in walk(program["body"]):
        if not isinstance(stmt, dict) or stmt.get("op") not in KINDS:
            raise ProgramError(f"unknown statement {stmt!r:.80}")
        sid = stmt.get("id")
        if not isinstance(sid, str) or sid in seen:
            raise ProgramError(f"missing or duplicate statement id {sid!r}")
        seen.add(sid)
        if stmt["op"] in BLOCK_KINDS and not isinstance(stmt.get("body"), list):
            raise ProgramError(f"block {sid} has no body")
