"""Where the checkout's own directories are: one REPO_ROOT for every module and test."""

from __future__ import annotations

from pathlib import Path

#: the checkout (or the editable install's source tree)
REPO_ROOT = Path(__file__).resolve().parents[1]
