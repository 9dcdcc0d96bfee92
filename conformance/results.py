"""Result rows: append-only JSONL files under reports/results/, flushed row by row."""

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

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class ResultsFileError(ValueError):
    """A results file that cannot be read: the message names the file and the line."""


def read_rows(path: Path) -> list[dict[str, Any]]:
    """All rows of a results file; a bad line raises ResultsFileError naming file and line."""
    rows: list[dict[str, Any]] = []
    if not path.exists():
        return rows
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ResultsFileError(f"{path}:{number}: not valid JSON ({error.msg})") from None
            if not isinstance(row, dict) or "kind" not in row:
                raise ResultsFileError(f"{path}:{number}: not a result row (no 'kind')")
            rows.append(row)
    return rows
