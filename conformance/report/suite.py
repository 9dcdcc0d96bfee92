"""Running the suite when there are no results yet, so `make report` works on a fresh clone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conformance.report.loading import result_files


def has_results(results_dir: Path) -> bool:
    """Whether the results directory holds at least one results file."""
    return results_dir.is_dir() and bool(result_files(results_dir))


def suite_command(profile: str) -> list[str]:
    """The pytest command that runs the whole suite on xdist with a Hypothesis profile."""
    return [sys.executable, "-m", "pytest", "-n", "auto", f"--hypothesis-profile={profile}"]


def run_suite(profile: str, results_dir: Path) -> int:
    """Run the suite, writing its rows to results_dir; return pytest's exit code."""
    env = {**os.environ, "CONFORMANCE_RESULTS_DIR": str(results_dir)}
    return subprocess.run(suite_command(profile), env=env, check=False).returncode
