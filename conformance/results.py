"""Result rows: append-only JSONL files under reports/results/, flushed row by row, put in order at run end.

The rows' shapes are docs/formats.md's "Result rows"; `check_row` is their one definition, `read_results` the
one way to read a results file back (the torn-line policy of conformance/files.py applies).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from conformance.errors import BadInput
from conformance.files import JsonlFile, Row, read_jsonl, write_atomically
from conformance.paths import results_dir

KINDS = ("run_start", "program", "run_end", "claim")
PROGRAM_STATUSES = ("pass", "diverge", "broken", "xfail")
RUN_STATUSES = ("complete", "broken")

# Keys every row of a kind must carry, with the JSON types they may have (None means null is allowed).
REQUIRED: dict[str, dict[str, tuple[type | None, ...]]] = {
    "run_start": {"run_id": (str,), "tf_version": (str,)},
    "program": {"run_id": (str,), "family": (str,), "status": (str,), "program_id": (str,)},
    "run_end": {"run_id": (str,), "status": (str,)},
    "claim": {"run_id": (str,), "claim_id": (str,), "holds": (bool,)},
}
OPTIONAL: dict[str, dict[str, tuple[type | None, ...]]] = {
    "run_start": {
        "model_version": (str, None),
        "python": (str, None),
        "hypothesis": (str, None),
        "packages": (dict, None),
        "seed": (int, str, None),
        "profile": (str, None),
        "started": (str, None),
        "host": (str, None),
        "settings": (dict, None),
    },
    "program": {
        "test": (str, None),
        "program": (dict, None),
        "diff": (dict, None),
        "tf_trace": (list, None),
        "model_trace": (list, None),
        "repro": (str, None),
        "reason": (str, None),
        "duration_s": (int, float, None),
        "shard": (int, None),
        "not_run": (int, None),
    },
    "run_end": {"reason": (str, None), "duration_s": (int, float, None), "counts": (dict, None),
                "stale_known_divergences": (list, None)},
    "claim": {
        "tf_version": (str, None),
        "text": (str, None),
        "code": (str, None),
        "note": (str, None),
        "expected": (dict, None),
        "observed": (dict, None),
    },
}


def results_path(tf_version: str, directory: Path | None = None) -> Path:
    """Where the rows of one TF version go: tf-<version>.jsonl."""
    return (directory or results_dir()) / f"tf-{tf_version}.jsonl"


def encode_row(row: Row) -> bytes:
    """One row as one compact, key-sorted JSON line."""
    return (json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


class ResultsWriter:
    """Appends rows to one JSONL file; each row is a single O_APPEND write, so xdist workers can share it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, row: Row) -> None:
        os.write(self._fd, encode_row(row))

    def truncate(self) -> None:
        """Empty the file (a new run of this version replaces the last one)."""
        os.ftruncate(self._fd, 0)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class ResultsFileError(BadInput):
    """A results file that cannot be read: the message names the file and the line."""


def _type_names(types: tuple[type | None, ...]) -> str:
    """Human names for a tuple of allowed JSON types."""
    names = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "array"}
    return " or ".join("null" if t is None else names.get(t, t.__name__) for t in types)


def _has_type(value: Any, types: tuple[type | None, ...]) -> bool:
    """Whether a JSON value has one of the allowed types (bool is not an integer here)."""
    if value is None:
        return None in types
    if isinstance(value, bool):
        return bool in types
    return type(value) in types or any(t is not None and isinstance(value, t) for t in types)


def check_row(row: Row) -> str | None:
    """Why a JSON object is not a valid result row, or None if it is."""
    kind = row.get("kind")
    if kind not in KINDS:
        return f"unknown row kind {kind!r} (expected one of {', '.join(KINDS)})"
    for key, types in REQUIRED[kind].items():
        if key not in row:
            return f"{kind} row lacks {key!r}"
        if not _has_type(row[key], types):
            return f"{kind} row: {key!r} must be {_type_names(types)}"
    for key, types in OPTIONAL[kind].items():
        if key in row and not _has_type(row[key], types):
            return f"{kind} row: {key!r} must be {_type_names(types)}"
    return _check_status(kind, row)


def _check_status(kind: str, row: Row) -> str | None:
    """Why a program or run_end row's status is not one the formats allow, or None."""
    if kind == "program" and row["status"] not in PROGRAM_STATUSES:
        return f"program row: unknown status {row['status']!r}"
    if kind == "run_end" and row["status"] not in RUN_STATUSES:
        return f"run_end row: unknown status {row['status']!r}"
    return None


def read_results(path: Path) -> JsonlFile:
    """A results file's rows, each a valid result row; a torn last line is dropped and noted (files.read_jsonl),
    any other bad line or row raises ResultsFileError naming the file and line."""
    try:
        results = read_jsonl(path)
    except BadInput as error:
        raise ResultsFileError(error.path, error.problem, error.line) from None
    for number, row in results.numbered:
        problem = check_row(row)
        if problem:
            raise ResultsFileError(path, problem, number)
    return results


def read_rows(path: Path) -> list[Row]:
    """All rows of a results file (none if it does not exist), by read_results."""
    return read_results(path).rows if path.exists() else []


#: Where each kind of row goes in a finished file.
_KIND_ORDER = {"run_start": 0, "program": 1, "claim": 2, "run_end": 3}


def run_order(rows: list[Row]) -> list[Row]:
    """Rows in a deterministic order: run_start, programs by test (each test's own order kept), claims, run_end.

    xdist workers append as they finish, so the file order varies between runs; one test always runs in one
    worker, so sorting stably by test gives the same order every time.
    """
    return sorted(rows, key=lambda row: (_KIND_ORDER.get(row["kind"], 2),
                                         str(row.get("test", "")) if row["kind"] == "program" else ""))


def put_in_order(path: Path) -> None:
    """Rewrite a finished results file in run_order, atomically: a killed rewrite leaves the old file whole."""
    write_in_order(path, read_rows(path))


def put_read_rows_in_order(path: Path, read: JsonlFile, appended: list[Row]) -> None:
    """put_in_order for a file already read (`read`) to which only `appended` was written since: the file is not
    read again. A file read with a torn last line is read again (the rows appended after it make it a bad line,
    which put_in_order reports as before)."""
    if read.torn_tail is not None:
        put_in_order(path)
        return
    write_in_order(path, read.rows + appended)


def write_in_order(path: Path, rows: list[Row]) -> None:
    """Write the rows in run_order, atomically and durably."""
    write_atomically(path, b"".join(encode_row(row) for row in run_order(rows)), durable=True)
