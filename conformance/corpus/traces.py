"""Recorded TF traces of the corpus: generated/traces/tf-<version>.jsonl, one file per TF version.

A file starts with a header row (TF version, trace format, recorder digest), then one row per program:
`{"kind": "trace", "program_id": ..., "trace": [...]}`, sorted by program id. Recording runs inside each
matrix venv (`.matrix/tf-<label>`, the same venvs as `make matrix`) and rewrites a file atomically, keeping
the rows that are still fresh: only missing or stale traces are recorded again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.checkpoint import real_save_disagreements
from conformance.corpus.store import GENERATED, REPO_ROOT, CorpusError, CorpusProgram, load_all
from conformance.errors import BadInput
from conformance.files import read_jsonl, write_atomically
from conformance.runner import execute

TRACES_DIR = GENERATED / "traces"
#: Bump when the runner's trace shape changes in a way that makes every recorded trace stale.
TRACE_FORMAT = 1
#: The files whose code decides what a trace holds: a recorded file made by other sources is stale (a note in the
#: fast lane; the harness's own line numbers no longer matter, see mask_harness_frames).
RECORDER_SOURCES = ("conformance/runner.py", "conformance/kinds.py", "conformance/trace.py", "conformance/values.py",
                    "conformance/determinism.py", "conformance/checkpoint.py", "conformance/corpus/traces.py")
#: The header's record of the programs whose real save disagreed with their `checkpoint` event (program id ->
#: [{graph, mapping, saved}]); a test requires it empty.
CHECKPOINT_DISAGREEMENTS = "checkpoint_disagreements"
#: header key: programs with a graph the Saver's mapping accepts but whose variables cannot be initialized to save
CHECKPOINT_UNSAVEABLE = "checkpoint_unsaveable"
CHECKOUT_MARK = "<repo>"


def trace_program(program: dict[str, Any], backend: Any) -> list[dict[str, Any]]:
    """The one call site that records (TF) and replays (model) corpus traces, with the checkout path and the
    harness's own frames masked."""
    return record_program(program, backend, real_save=False)[0]


def record_program(program: dict[str, Any], backend: Any,
                   real_save: bool = True) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The trace (as trace_program gives it) and, with `real_save` (recording on TF), where a real save of each
    graph disagrees with the trace's `checkpoint` event, and which graphs could not be saved at all
    (conformance/checkpoint.py real_save_disagreements)."""
    execution = execute(program, backend)
    disagreements: list[dict[str, Any]] = []
    unsaveable: list[dict[str, Any]] = []
    if real_save:
        event = next(event for event in execution.trace if event["op"] == "checkpoint")["ok"]
        graphs = sorted(execution.graphs.items(), key=lambda item: int(item[0][1:]))
        disagreements, unsaveable = real_save_disagreements(backend, graphs, event)
    return _mask_strings(execution.trace), _mask_strings(disagreements), _mask_strings(unsaveable)


def mask_checkout(text: str) -> str:
    """Replace this checkout's absolute path with <repo>, so traces recorded here replay in any clone."""
    return text.replace(str(REPO_ROOT), CHECKOUT_MARK)


#: One frame of the harness in a quoted stack, with the source line that TF 2.12 and 2.13 echo after it.
_HARNESS_FRAME = r'  File "<repo>/conformance/[^"\n]*", line \d+, in [^\n]*\n(    (?!File )[^\n]*\n)?'
_HARNESS_FRAMES = re.compile(f"(?:{_HARNESS_FRAME})+")
HARNESS_FRAMES_MARK = '  File "<repo>/conformance/…", line N\n'
#: Stands for the echoed source lines, so that TF's echoing them (2.12, 2.13) or not stays visible.
ECHOED_SOURCE_MARK = "    …\n"


def mask_harness_frames(text: str) -> str:
    """A run of the harness's own frames (RefVariable messages quote their creation stack) becomes one fixed line,
    plus one fixed line if TF echoed their source lines, so recorded traces do not depend on the harness's line
    numbers or call depth; TF's and the model's frames stay. Live runs compare unmasked: both sides are called
    from the same lines."""
    return _HARNESS_FRAMES.sub(_harness_frames_mark, text)


def _harness_frames_mark(frames: re.Match[str]) -> str:
    echoed = any(line.startswith("    ") for line in frames.group(0).splitlines())
    return HARNESS_FRAMES_MARK + (ECHOED_SOURCE_MARK if echoed else "")


def _mask_strings(value: Any) -> Any:
    if isinstance(value, str):
        return mask_harness_frames(mask_checkout(value))
    if isinstance(value, list):
        return [_mask_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: _mask_strings(item) for key, item in value.items()}
    return value


def recorder_digest() -> str:
    """A digest of the recorder's sources: traces recorded by other sources are stale."""
    digest = hashlib.sha256(str(TRACE_FORMAT).encode())
    for name in RECORDER_SOURCES:
        digest.update((REPO_ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def trace_path(version: str, directory: Path = TRACES_DIR) -> Path:
    return directory / f"tf-{version}.jsonl"


@dataclass
class TraceFile:
    """A parsed trace file: its header and the traces by program id."""

    path: Path
    header: dict[str, Any]
    traces: dict[str, list[dict[str, Any]]]

    @property
    def tf_version(self) -> str:
        return self.header["tf_version"]

    def is_fresh(self) -> bool:
        return self.header.get("trace_format") == TRACE_FORMAT and self.header.get("recorder") == recorder_digest()


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) of a trace file, which is only written whole: a bad or unterminated line is named."""
    try:
        return read_jsonl(path, whole=True).numbered
    except BadInput as error:
        raise CorpusError(error.path, error.problem, error.line) from None


def load_trace_file(path: Path) -> TraceFile:
    """Read and check a trace file: a header first, then trace rows with a program id and a list of events."""
    header: dict[str, Any] | None = None
    traces: dict[str, list[dict[str, Any]]] = {}
    for number, row in _rows(path):
        if header is None:
            if row.get("kind") != "header" or not isinstance(row.get("tf_version"), str):
                raise CorpusError(path, "the first row must be the header (kind 'header', tf_version)", number)
            header = row
            continue
        if row.get("kind") != "trace" or not isinstance(row.get("program_id"), str) \
                or not isinstance(row.get("trace"), list):
            raise CorpusError(path, "not a trace row (kind 'trace', program_id, trace list)", number)
        traces[row["program_id"]] = row["trace"]
    if header is None:
        raise CorpusError(path, "empty trace file (no header)", 1)
    return TraceFile(path=path, header=header, traces=traces)


def load_trace_files(directory: Path = TRACES_DIR) -> list[TraceFile]:
    """Every recorded version's traces, oldest version first."""
    from reference_impl.versions import parse_version

    files = [load_trace_file(path) for path in directory.glob("tf-*.jsonl")]
    return sorted(files, key=lambda f: (parse_version(f.tf_version), f.tf_version))


def write_trace_file(path: Path, header: dict[str, Any], traces: dict[str, list[dict[str, Any]]]) -> None:
    """Write atomically: a killed recording never leaves a half-written file."""
    rows = [{"kind": "trace", "program_id": pid, "trace": traces[pid]} for pid in sorted(traces)]
    write_atomically(path, json.dumps(header, sort_keys=True) + "\n" + "".join(
        json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n" for row in rows))


# ---- recording -------------------------------------------------------------------------------------

def missing(existing: TraceFile | None, programs: list[CorpusProgram]) -> list[CorpusProgram]:
    """Programs with no fresh trace in a file (all of them when the file is stale or absent)."""
    if existing is None or not existing.is_fresh():
        return list(programs)
    return [p for p in programs if p.id not in existing.traces]


def record_here(out_dir: Path) -> int:
    """Inside a TF venv: record this TF's traces of every corpus and regression program that lacks one."""
    from conformance.backend import load_backend
    from reference_impl.versions import installed_tf_version

    version = installed_tf_version()
    if version is None:
        raise CorpusError(sys.executable, "TensorFlow is not installed in this interpreter: record inside a matrix venv")
    started = time.perf_counter()
    programs = load_all()
    path = trace_path(version, out_dir)
    existing = load_trace_file(path) if path.exists() else None
    todo = missing(existing, programs)
    wanted = {p.id for p in programs}
    traces = {pid: t for pid, t in (existing.traces.items() if existing and existing.is_fresh() else ()) if pid in wanted}
    disagreements = {pid: d for pid, d in (existing.header.get(CHECKPOINT_DISAGREEMENTS, {}).items()
                                           if existing and existing.is_fresh() else ()) if pid in traces}
    unsaveable = {pid: u for pid, u in (existing.header.get(CHECKPOINT_UNSAVEABLE, {}).items()
                                        if existing and existing.is_fresh() else ()) if pid in traces}
    tf = load_backend("tf") if todo else None
    for item in todo:
        traces[item.id], disagreement, unsaved = record_program(item.program, tf)
        if unsaved:
            unsaveable[item.id] = [{"graph": u["graph"], "raised": u["raised"]["type"]} for u in unsaved]
        if disagreement:
            disagreements[item.id] = disagreement
            print(f"checkpoint: {item.id}: the real save disagrees with the mapping: {json.dumps(disagreement)}",
                  file=sys.stderr)
    header = {"kind": "header", "tf_version": version, "trace_format": TRACE_FORMAT, "recorder": recorder_digest(),
              "python": sys.version.split()[0], "programs": len(traces),
              CHECKPOINT_DISAGREEMENTS: dict(sorted(disagreements.items())),
              CHECKPOINT_UNSAVEABLE: dict(sorted(unsaveable.items()))}
    write_trace_file(path, header, traces)
    print(json.dumps({"tf_version": version, "recorded": len(todo), "kept": len(traces) - len(todo),
                      CHECKPOINT_DISAGREEMENTS: len(disagreements), CHECKPOINT_UNSAVEABLE: len(unsaveable),
                      "seconds": round(time.perf_counter() - started, 1)}))
    return 0


def record_versions(versions_text: str, directory: Path = TRACES_DIR) -> int:
    """Record every requested matrix version in its own venv; 0 when all are complete, 2 on any failure.

    Each label is resolved on the registry first, so its venv is rebuilt when the project's dependencies changed or
    the registry serves a newer tf-nightly; a nightly's traces are named by its build, and the traces of older
    nightly builds are removed once the newer one is recorded (the change log then ends release → newest nightly).
    """
    import subprocess

    from tabulate import tabulate

    from conformance.matrix.venv import build_venv, venv_dir, venv_python
    from conformance.matrix.versions import NIGHTLY, UnknownVersion, default_labels, parse_versions, resolve

    labels = parse_versions(versions_text) or default_labels()
    programs = load_all()
    matrix_dir = REPO_ROOT / ".matrix"
    rows, status = [], 0
    for label in labels:
        started = time.perf_counter()
        try:
            release = resolve(label)
        except UnknownVersion as error:
            raise CorpusError("--versions", str(error)) from None
        shown = f"{label} ({release.version})" if label == NIGHTLY else label
        path = trace_path(release.version, directory)
        existing = load_trace_file(path) if path.exists() else None
        built = build_venv(release, matrix_dir, REPO_ROOT, sys.executable)
        if not built.ok:
            rows.append([shown, len(programs), 0, f"venv failed: {built.reason}", ""])
            status = 2
            continue
        if not missing(existing, programs):
            rows.append([shown, len(programs), 0, "fresh", f"{time.perf_counter() - started:.1f}"])
        else:
            proc = subprocess.run([str(venv_python(venv_dir(matrix_dir, label))), "-m", "conformance.corpus", "record",
                                   "--out", str(directory)], cwd=REPO_ROOT, capture_output=True, text=True, check=False,
                                  env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"})
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                rows.append([shown, len(programs), 0, f"failed: {last}", ""])
                status = 2
                continue
            summary = json.loads(proc.stdout.strip().splitlines()[-1])
            disagreeing = summary.get(CHECKPOINT_DISAGREEMENTS, 0)
            rows.append([shown, len(programs), summary["recorded"],
                         f"recorded; {disagreeing} checkpoint disagreement(s) (header)" if disagreeing else "recorded",
                         f"{time.perf_counter() - started:.1f}"])
            status = 2 if disagreeing else status
        if label == NIGHTLY:
            for older in directory.glob("tf-*.dev*.jsonl"):
                if older != path:
                    older.unlink()
                    rows.append([older.name, "", "", "removed: an older nightly build", ""])
    print(tabulate(rows, headers=["TF", "programs", "recorded now", "status", "seconds"]))
    return status
