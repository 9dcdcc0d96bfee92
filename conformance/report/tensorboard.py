"""TensorBoard event files of TF's graphs for each divergence, written only where TensorFlow is importable."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.runs import version_key

TF_DISTRIBUTIONS = ("tensorflow", "tensorflow-cpu", "tf-nightly", "tf-nightly-cpu", "tensorflow-intel")
SUBDIR = "tensorboard"

Executor = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class BoardNote:
    """What happened to one divergence's event files: a link and command if written, else why not."""

    link: str | None
    command: str | None
    message: str


@dataclass(frozen=True)
class BoardOutcome:
    """Notes per (version, program_id) and one line for the page about TensorBoard as a whole."""

    notes: dict[tuple[str, str], BoardNote]
    summary: str
    available: bool


def installed_tf_version() -> str | None:
    """The installed TensorFlow distribution's version, read without importing TF."""
    for name in TF_DISTRIBUTIONS:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def import_tf() -> Any | None:
    """`tensorflow.compat.v1` set up as the suite uses it (the runner's backend), or None if TF cannot be imported."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        from conformance.backend import load_backend

        return load_backend("tf")
    except Exception:  # noqa: BLE001 - a broken TF install is "not importable"
        return None


def import_executor() -> Executor | None:
    """`conformance.runner.execute`, or None while the runner is not available."""
    try:
        return importlib.import_module("conformance.runner").execute
    except (ImportError, AttributeError):
        return None


def safe_dirname(program_id: str) -> str:
    """A program id made safe as one directory name."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", program_id).strip(".") or "program"


def write_graph_events(graphs: dict[str, Any], logdir: Path, tf: Any) -> list[str]:
    """Write one event file per graph (subdirectory named by graph id); return the graph ids written."""
    written = []
    for graph_id, graph in sorted(graphs.items()):
        with graph.as_default():
            writer = tf.summary.FileWriter(str(logdir / safe_dirname(graph_id)), graph=graph)
            writer.close()
        written.append(graph_id)
    return written


def board_for(row: dict[str, Any], out_dir: Path, tf: Any, execute: Executor) -> BoardNote:
    """Re-run one divergent program on TF and write its graphs' event files."""
    logdir = out_dir / SUBDIR / safe_dirname(row["program_id"])
    try:
        graphs = execute(row["program"], tf).graphs
        written = write_graph_events(graphs, logdir, tf)
    except Exception as error:  # noqa: BLE001 - the page reports the failure instead
        return BoardNote(None, None, f"not written: re-running the program on TF raised {type(error).__name__}: {error}")
    link = f"{SUBDIR}/{logdir.name}/"
    return BoardNote(link, f"tensorboard --logdir {logdir}", f"graphs {', '.join(written) or '(none)'} written")


def write_boards(
    divergences: list[tuple[str, dict[str, Any]]],
    out_dir: Path,
    tf: Any | None = None,
    execute: Executor | None = None,
    tf_version: str | None = None,
) -> BoardOutcome:
    """Write event files for the divergences of the installed TF version; explain every one not written."""
    if not divergences:
        shutil.rmtree(out_dir / SUBDIR, ignore_errors=True)
        return BoardOutcome({}, "No divergences, so no TensorBoard graphs.", tf is not None)
    tf_version = tf_version or installed_tf_version()
    tf = tf if tf is not None else (import_tf() if tf_version else None)
    if tf is None:
        why = "TensorFlow is not importable in the environment that built this report"
        notes = {(v, r["program_id"]): BoardNote(None, None, f"not written: {why}") for v, r in divergences}
        return BoardOutcome(notes, f"No TensorBoard event files: {why}.", False)
    execute = execute or import_executor()
    shutil.rmtree(out_dir / SUBDIR, ignore_errors=True)
    notes = {(v, r["program_id"]): _note(v, r, out_dir, tf, execute, tf_version) for v, r in divergences}
    written = sum(1 for n in notes.values() if n.link)
    summary = f"TensorBoard event files written for {written} of {len(notes)} divergences (TF {tf_version})."
    return BoardOutcome(notes, summary, True)


def _note(
    version: str, row: dict[str, Any], out_dir: Path, tf: Any, execute: Executor | None, tf_version: str | None
) -> BoardNote:
    """The note of one divergence: written, or why not (other TF version, no runner, no program)."""
    if tf_version is None or version_key(version) != version_key(tf_version):
        return BoardNote(None, None, f"not written: recorded on TF {version}, this report ran with TF {tf_version}")
    if execute is None:
        return BoardNote(None, None, "not written: conformance.runner is not available")
    if not isinstance(row.get("program"), dict):
        return BoardNote(None, None, "not written: the row has no program")
    return board_for(row, out_dir, tf, execute)
