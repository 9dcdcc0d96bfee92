"""Reading result rows from JSONL files, checking each row's shape, with file and line in every error."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    },
    "run_end": {"reason": (str, None), "duration_s": (int, float, None), "counts": (dict, None)},
    "claim": {
        "tf_version": (str, None),
        "text": (str, None),
        "code": (str, None),
        "note": (str, None),
        "expected": (dict, None),
        "observed": (dict, None),
    },
}


class ReportInputError(Exception):
    """Bad input for the report: one line naming the file (and line) and what is wrong."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        """Keep the parts; the message reads `path:line: message`."""
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Row:
    """One parsed result row and where it came from."""

    data: dict[str, Any]
    path: str
    line: int

    @property
    def kind(self) -> str:
        """The row's kind: run_start, program, run_end or claim."""
        return str(self.data["kind"])


@dataclass(frozen=True)
class LoadedFile:
    """The rows of one results file, plus a note if its last line was cut off by a killed run."""

    path: str
    rows: list[Row]
    truncated_tail: bool


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
    return any(t is not None and isinstance(value, t) for t in types)


def check_row(data: Any) -> str | None:
    """Why a decoded JSON value is not a valid result row, or None if it is."""
    if not isinstance(data, dict):
        return f"expected a JSON object, got {type(data).__name__}"
    kind = data.get("kind")
    if kind not in KINDS:
        return f"unknown row kind {kind!r} (expected one of {', '.join(KINDS)})"
    for key, types in REQUIRED[kind].items():
        if key not in data:
            return f"{kind} row lacks {key!r}"
        if not _has_type(data[key], types):
            return f"{kind} row: {key!r} must be {_type_names(types)}"
    for key, types in OPTIONAL[kind].items():
        if key in data and not _has_type(data[key], types):
            return f"{kind} row: {key!r} must be {_type_names(types)}"
    return _check_status(kind, data)


def _check_status(kind: str, data: dict[str, Any]) -> str | None:
    """Why a program or run_end row's status is not one the formats allow, or None."""
    if kind == "program" and data["status"] not in PROGRAM_STATUSES:
        return f"program row: unknown status {data['status']!r}"
    if kind == "run_end" and data["status"] not in RUN_STATUSES:
        return f"run_end row: unknown status {data['status']!r}"
    return None


def decode_line(raw: bytes, path: str, line: int) -> dict[str, Any]:
    """Decode and check one JSONL line, raising ReportInputError naming the file and line."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportInputError(path, "not UTF-8", line) from None
    except json.JSONDecodeError as error:
        raise ReportInputError(path, f"invalid JSON ({error.msg} at column {error.colno})", line) from None
    problem = check_row(data)
    if problem:
        raise ReportInputError(path, problem, line)
    return data


def split_lines(content: bytes) -> tuple[list[bytes], bool]:
    """Split file content into lines; also say whether the last line lacks its newline."""
    lines = content.split(b"\n")
    unterminated = lines[-1] != b""
    if not unterminated:
        lines.pop()
    return lines, unterminated


def load_file(path: Path) -> LoadedFile:
    """Read one results file. A cut-off, undecodable last line (a killed run) is dropped and noted."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ReportInputError(path, f"cannot read ({error.strerror})") from None
    lines, unterminated = split_lines(content)
    rows: list[Row] = []
    truncated = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        last = number == len(lines)
        try:
            rows.append(Row(decode_line(raw, str(path), number), str(path), number))
        except ReportInputError:
            if not (last and unterminated):
                raise
            truncated = True
    if not rows:
        raise ReportInputError(path, "empty results file (no rows)")
    return LoadedFile(str(path), rows, truncated)


def result_files(results_dir: Path) -> list[Path]:
    """The results files of a directory, sorted by name."""
    return sorted(p for p in results_dir.glob("*.jsonl") if p.is_file())


def load_results(results_dir: Path) -> list[LoadedFile]:
    """Load every results file of a directory; no file at all is an error."""
    if not results_dir.is_dir():
        raise ReportInputError(results_dir, "results directory does not exist")
    files = result_files(results_dir)
    if not files:
        raise ReportInputError(results_dir, "no results files (*.jsonl)")
    return [load_file(path) for path in files]
