"""Running the suite when there are no results yet, so `make report` works on a fresh clone."""

from __future__ import annotations

from pathlib import Path

from conformance.launch import Suite
from conformance.launch import run_suite as launch
from conformance.report.loading import result_files


def has_results(results_dir: Path) -> bool:
    """Whether the results directory holds at least one results file."""
    return results_dir.is_dir() and bool(result_files(results_dir))


def report_suite(profile: str, results_dir: Path) -> Suite:
    """The whole suite on xdist with a Hypothesis profile, its rows going to results_dir."""
    return Suite(results_dir=results_dir, profile=profile)


def run_suite(profile: str, results_dir: Path) -> int:
    """Run the suite, writing its rows to results_dir; return pytest's exit code."""
    return launch(report_suite(profile, results_dir)).returncode
