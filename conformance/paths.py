"""Where the checkout's own directories are: one REPO_ROOT for every module and test, and where results go."""

from __future__ import annotations

import os
from pathlib import Path

#: the checkout (or the editable install's source tree)
REPO_ROOT = Path(__file__).resolve().parents[1]
#: what the tool writes: results, the report, benchmarks
REPORTS_DIR = REPO_ROOT / "reports"
RESULTS_DIR_ENV = "CONFORMANCE_RESULTS_DIR"
DEFAULT_RESULTS_DIR = REPORTS_DIR / "results"


def results_dir() -> Path:
    """The results directory, absolute: $CONFORMANCE_RESULTS_DIR (relative to the current directory when it is
    relative), else reports/results in the checkout, wherever the command runs from."""
    configured = os.environ.get(RESULTS_DIR_ENV)
    return Path(configured).absolute() if configured else DEFAULT_RESULTS_DIR
