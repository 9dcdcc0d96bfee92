"""Loading the results directory for the report: every results file, read by conformance.results.read_results."""

from __future__ import annotations

from pathlib import Path

from conformance.errors import BadInput
from conformance.files import JsonlFile
from conformance.results import read_results


class ReportInputError(BadInput):
    """Bad input for the report: one line naming the file (and line) and what is wrong."""


def load_file(path: Path) -> JsonlFile:
    """Read one results file (a torn last line is dropped and noted); a file without rows is an error."""
    results = read_results(path)
    if not results.numbered:
        raise ReportInputError(path, "empty results file (no rows)")
    return results


def result_files(results_dir: Path) -> list[Path]:
    """The results files of a directory, sorted by name."""
    return sorted(p for p in results_dir.glob("*.jsonl") if p.is_file())


def load_results(results_dir: Path) -> list[JsonlFile]:
    """Load every results file of a directory; no file at all is an error."""
    if not results_dir.is_dir():
        raise ReportInputError(results_dir, "results directory does not exist")
    files = result_files(results_dir)
    if not files:
        raise ReportInputError(results_dir, "no results files (*.jsonl)")
    return [load_file(path) for path in files]
