"""Result rows: append-only JSONL files under reports/results/, flushed row by row, put in order at run end."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULT_RESULTS_DIR = Path("reports/results")


def results_dir() -> Path:
    """The results directory: $CONFORMANCE_RESULTS_DIR or reports/results."""
    return Path(os.environ.get("CONFORMANCE_RESULTS_DIR", DEFAULT_RESULTS_DIR))


def results_path(tf_version: str, directory: Path | None = None) -> Path:
    """Where the rows of one TF version go: tf-<version>.jsonl."""
    return (directory or results_dir()) / f"tf-{tf_version}.jsonl"


def encode_row(row: dict[str, Any]) -> bytes:
    """One row as one compact, key-sorted JSON line."""
    return (json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


class ResultsWriter:
    """Appends rows to one JSONL file; each row is a single O_APPEND write, so xdist workers can share it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, row: dict[str, Any]) -> None:
        os.write(self._fd, encode_row(row))

    def truncate(self) -> None:
        """Empty the file (a new run of this version replaces the last one)."""
        os.ftruncate(self._fd, 0)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class BadInput(ValueError):
    """Input that cannot be used: the message is one line, `file:line: problem` (or `file: problem`)."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {problem}")


class ResultsFileError(BadInput):
    """A results file that cannot be read: the message names the file and the line."""


def _no_constant(name: str) -> Any:
    """Reject NaN and Infinity: they are not JSON."""
    raise ValueError(f"{name} is not JSON")


def numbered_jsonl(path: Path, error: type[BadInput] = BadInput) -> list[tuple[int, dict[str, Any]]]:
    """(line number, JSON object) for every non-blank line; anything else raises `error` naming file and line."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise error(path, f"cannot read ({exc.strerror})") from None
    objects: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(content.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError:
            raise error(path, "not UTF-8", number) from None
        except json.JSONDecodeError as exc:
            raise error(path, f"not valid JSON ({exc.msg} at column {exc.colno})", number) from None
        except ValueError as exc:
            raise error(path, f"not valid JSON ({exc})", number) from None
        if not isinstance(value, dict):
            raise error(path, f"expected a JSON object, got {type(value).__name__}", number)
        objects.append((number, value))
    return objects


def read_jsonl(path: Path, error: type[BadInput] = BadInput) -> list[dict[str, Any]]:
    """Every non-blank line of a JSONL file as a JSON object; anything else raises `error` naming file and line."""
    return [value for _, value in numbered_jsonl(path, error)]


def read_rows(path: Path) -> list[dict[str, Any]]:
    """All rows of a results file (none if it does not exist); a bad line raises ResultsFileError."""
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = []
    for number, row in numbered_jsonl(path, ResultsFileError):
        if "kind" not in row:
            raise ResultsFileError(path, "not a result row (no 'kind')", number)
        rows.append(row)
    return rows


#: Where each kind of row goes in a finished file.
_KIND_ORDER = {"run_start": 0, "program": 1, "claim": 2, "run_end": 3}


def run_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in a deterministic order: run_start, programs by test (each test's own order kept), claims, run_end.

    xdist workers append as they finish, so the file order varies between runs; one test always runs in one
    worker, so sorting stably by test gives the same order every time.
    """
    return sorted(rows, key=lambda row: (_KIND_ORDER.get(row["kind"], 2),
                                         str(row.get("test", "")) if row["kind"] == "program" else ""))


def put_in_order(path: Path) -> None:
    """Rewrite a finished results file in run_order, atomically: a killed rewrite leaves the old file whole."""
    rows = read_rows(path)
    temporary = path.with_name(f".{path.name}.ordering")
    with temporary.open("wb") as handle:
        handle.write(b"".join(encode_row(row) for row in run_order(rows)))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
