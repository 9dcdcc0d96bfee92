"""One uv virtualenv per matrix TF version, under .matrix/tf-<label>, built once and reused."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conformance.errors import BadInput
from conformance.files import read_json, write_atomically
from conformance.matrix.versions import TFRelease, file_label

STAMP_NAME = ".matrix-stamp.json"
_BOX_CHARS = "×╰─▶│├ "


@dataclass(frozen=True)
class BuildResult:
    """How building (or reusing) one venv went."""

    ok: bool
    reused: bool
    seconds: float
    reason: str | None = None


def venv_dir(matrix_dir: Path, label: str) -> Path:
    """The venv directory of one matrix label: .matrix/tf-<label>."""
    return matrix_dir / f"tf-{file_label(label)}"


def venv_python(venv: Path) -> Path:
    """The interpreter of a venv."""
    return venv / "bin" / "python"


def build_log(matrix_dir: Path, label: str) -> Path:
    """Where the install output of one label is kept."""
    return matrix_dir / "logs" / f"tf-{file_label(label)}-build.log"


def uv_command() -> list[str]:
    """How to run uv: the uv on PATH, else `python3 -m uv`."""
    found = shutil.which("uv")
    if found:
        return [found]
    return [shutil.which("python3") or sys.executable, "-m", "uv"]


def project_digest(repo_root: Path) -> str:
    """A digest of pyproject.toml: a change of the project's dependencies forces a reinstall."""
    return hashlib.sha256((repo_root / "pyproject.toml").read_bytes()).hexdigest()[:16]


def wanted_stamp(release: TFRelease, repo_root: Path, python: str) -> dict[str, str]:
    """What a venv must have been built from to be reused."""
    return {"requirement": release.requirement, "project": project_digest(repo_root), "python": python}


def read_stamp(venv: Path) -> dict[str, str] | None:
    """The stamp a finished build left in a venv, if any."""
    try:
        return read_json(venv / STAMP_NAME)
    except BadInput:
        return None


def is_reusable(venv: Path, stamp: dict[str, str]) -> bool:
    """Whether a venv exists and was built from exactly this stamp."""
    return venv_python(venv).exists() and read_stamp(venv) == stamp


def create_command(venv: Path, python: str) -> list[str]:
    """`uv venv` for a new venv."""
    return [*uv_command(), "venv", "--quiet", "--python", python, str(venv)]


def install_command(venv: Path, release: TFRelease, repo_root: Path) -> list[str]:
    """`uv pip install` of the TF distribution plus the project (editable, dev extra, without the tf extra)."""
    cmd = [*uv_command(), "pip", "install", "--python", str(venv_python(venv))]
    if release.prerelease:
        cmd += ["--prerelease", "allow"]
    return [*cmd, release.requirement, "-e", f"{repo_root}[dev]"]


def failure_reason(release: TFRelease, output: str, returncode: int) -> str:
    """A one-line reason from uv's error output."""
    lines = [line.strip(_BOX_CHARS) for line in output.splitlines()]
    detail = " ".join(line for line in lines if line and not line.startswith(("Using ", "Resolved ", "warning:")))
    detail = detail.removeprefix("error: ")[:400] or f"exit status {returncode}"
    return f"could not install {release.requirement}: {detail}"


def run_logged(cmd: list[str], log: Path) -> subprocess.CompletedProcess[str]:
    """Run a command, appending the command line and its output to a log."""
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    with log.open("a") as fh:
        fh.write(f"$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}[exit {proc.returncode}]\n")
    return proc


def build_venv(release: TFRelease, matrix_dir: Path, repo_root: Path, python: str) -> BuildResult:
    """Create or refresh .matrix/tf-<label> for a release; reuse it untouched when its stamp matches."""
    started = time.monotonic()
    venv = venv_dir(matrix_dir, release.label)
    stamp = wanted_stamp(release, repo_root, python)
    if is_reusable(venv, stamp):
        return BuildResult(ok=True, reused=True, seconds=time.monotonic() - started)
    log = build_log(matrix_dir, release.label)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    (venv / STAMP_NAME).unlink(missing_ok=True)
    steps = [] if venv_python(venv).exists() else [create_command(venv, python)]
    for cmd in [*steps, install_command(venv, release, repo_root)]:
        proc = run_logged(cmd, log)
        if proc.returncode != 0:
            reason = failure_reason(release, proc.stderr or proc.stdout, proc.returncode)
            return BuildResult(ok=False, reused=False, seconds=time.monotonic() - started, reason=reason)
    write_atomically(venv / STAMP_NAME, json.dumps(stamp, sort_keys=True) + "\n")
    return BuildResult(ok=True, reused=False, seconds=time.monotonic() - started)
