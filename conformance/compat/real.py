"""Inside one matrix venv: save each sample program's checkpoints for real, and restore other versions' for real.

`python -m conformance.compat worker --label L --work DIR [--record]` reads its job, DIR/jobs/<L>.json
(`{"programs": [PROGRAM, ...], "restore": {A: [program id, ...]}}`), runs each program on this venv's TF with
conformance.runner.execute, and writes DIR/real/<L>.json:

* `saved`: per program and graph, what a default `tf.train.Saver()` wrote after every global variable was
  initialized: `{"saved": [[key, dims, dtype], ...]}` read back from the files, `{"saver_raised": ERROR}` when
  building the Saver failed (no files are written), or `{"failed": ERROR}` when initializing or saving failed;
* `restored`: per source label A, and each program A's list names, per graph, what `Saver.restore(sess, A's
  files)` did on a fresh run of the program: `{"restored": true}`, `{"saver_raised": ERROR}`,
  `{"restore_raised": ERROR}` or `{"failed": ERROR}`.

A graph the program finalized is unfinalized first (`Graph._unsafe_unfinalize`): the harness adds the Saver after
the program, where a user would have built it before finalizing. With `--record`, the job's traces are also
recorded (conformance.corpus.traces.trace_program) into DIR/traces/tf-<version>.jsonl.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from conformance.files import read_json, write_atomically
from conformance.program import program_id

#: how much of an error message a result keeps
MESSAGE_LIMIT = 4000


def checkpoint_prefix(work: Path, label: str, pid: str, gid: str) -> Path:
    """Where version `label` saves graph `gid` of program `pid`."""
    return work / "checkpoints" / label / pid / gid / "ckpt"


def result_path(work: Path, label: str) -> Path:
    return work / "real" / f"{label}.json"


def job_path(work: Path, label: str) -> Path:
    return work / "jobs" / f"{label}.json"


def error_of(error: BaseException) -> dict[str, str]:
    """An exception as a result holds it: its type and its message without TF's Python creation stacks (which
    can push the kernel's message, naming the key, far down), cut to MESSAGE_LIMIT."""
    from conformance.trace import strip_creation_stacks

    return {"type": type(error).__name__, "message": strip_creation_stacks(str(error))[:MESSAGE_LIMIT]}


def build_saver(tf: Any, graph: Any) -> Any:
    """A default `tf.train.Saver()` of `graph` (unfinalized first if the program finalized it)."""
    if graph.finalized:
        graph._unsafe_unfinalize()
    with graph.as_default():
        return tf.train.Saver()


def read_back(tf: Any, prefix: str) -> list[list[Any]]:
    """The sorted [key, dims, dtype] a written checkpoint holds."""
    reader = tf.train.load_checkpoint(prefix)
    shapes, dtypes = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
    return [[key, list(shapes[key]), dtypes[key].name] for key in sorted(shapes)]


def initialize(tf: Any, graph: Any, session: Any) -> None:
    """Run every global variable's own initializer (adding no op); one by one if running them together fails."""
    initializers = [v.initializer for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)]
    try:
        session.run(initializers)
    except Exception:  # noqa: BLE001 - retried one by one, which raises the failing one's error
        for op in initializers:
            session.run(op)


def save_graph(tf: Any, graph: Any, prefix: Path) -> dict[str, Any]:
    """Initialize and save one graph's checkpoint for real."""
    try:
        saver = build_saver(tf, graph)
    except Exception as error:  # noqa: BLE001 - recorded
        return {"saver_raised": error_of(error)}
    try:
        prefix.parent.mkdir(parents=True, exist_ok=True)
        with tf.Session(graph=graph) as session:
            initialize(tf, graph, session)
            written = saver.save(session, str(prefix), write_meta_graph=False, write_state=False)
        return {"saved": read_back(tf, written)}
    except Exception as error:  # noqa: BLE001 - recorded
        return {"failed": error_of(error)}


def restore_graph(tf: Any, graph: Any, saver: Any, prefix: Path) -> dict[str, Any]:
    """Restore one graph from another version's files for real."""
    try:
        with tf.Session(graph=graph) as session:
            saver.restore(session, str(prefix))
        return {"restored": True}
    except Exception as error:  # noqa: BLE001 - recorded
        return {"restore_raised": error_of(error)}


def save_program(tf: Any, program: dict[str, Any], work: Path, label: str) -> dict[str, Any]:
    """Run a program and save each of its graphs; {"failed": ERROR} if running it failed."""
    from conformance.runner import execute

    pid = program_id(program)
    try:
        graphs = execute(program, tf).graphs
    except Exception as error:  # noqa: BLE001 - recorded
        return {"failed": error_of(error)}
    return {gid: save_graph(tf, graph, checkpoint_prefix(work, label, pid, gid)) for gid, graph in sorted(graphs.items())}


def restore_program(tf: Any, program: dict[str, Any], work: Path, sources: list[str]) -> dict[str, dict[str, Any]]:
    """Run a program once, build each graph's Saver, and restore every source version's files into it."""
    from conformance.runner import execute

    pid = program_id(program)
    try:
        graphs = execute(program, tf).graphs
    except Exception as error:  # noqa: BLE001 - recorded
        return {source: {"failed": error_of(error)} for source in sources}
    outcomes: dict[str, dict[str, Any]] = {source: {} for source in sources}
    for gid, graph in sorted(graphs.items()):
        try:
            saver = build_saver(tf, graph)
        except Exception as error:  # noqa: BLE001 - recorded
            for source in sources:
                outcomes[source][gid] = {"saver_raised": error_of(error)}
            continue
        for source in sources:
            outcomes[source][gid] = restore_graph(tf, graph, saver, checkpoint_prefix(work, source, pid, gid))
    return outcomes


def record_sample(tf: Any, programs: list[dict[str, Any]], work: Path, version: str) -> Path:
    """Record the sample's traces as the corpus records them, into DIR/traces/tf-<version>.jsonl."""
    from conformance.corpus.traces import (
        TRACE_FORMAT,
        recorder_digest,
        trace_path,
        trace_program,
        write_trace_file,
    )

    traces = {program_id(p): trace_program(p, tf) for p in programs}
    path = trace_path(version, work / "traces")
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"kind": "header", "tf_version": version, "trace_format": TRACE_FORMAT, "recorder": recorder_digest(),
              "python": sys.version.split()[0], "programs": len(traces), "sample": True}
    write_trace_file(path, header, traces)
    return path


def run_worker(label: str, work: Path, record: bool) -> int:
    """Save every program of this label's job (record their traces if asked), and restore the sources' files."""
    from conformance.backend import load_backend
    from reference_impl.versions import installed_tf_version

    started = time.perf_counter()
    version = installed_tf_version()
    if version is None:
        print("compat worker: TensorFlow is not installed in this interpreter", file=sys.stderr)
        return 2
    job = read_json(job_path(work, label))
    programs: list[dict[str, Any]] = job["programs"]
    restore: dict[str, list[str]] = job["restore"]
    tf = load_backend("tf")
    if record:
        record_sample(tf, programs, work, version)
    saved = {program_id(p): save_program(tf, p, work, label) for p in programs}
    restored: dict[str, dict[str, Any]] = {source: {} for source in restore}
    for program in programs:
        pid = program_id(program)
        sources = [source for source, ids in restore.items() if pid in ids]
        if sources:
            for source, outcome in restore_program(tf, program, work, sources).items():
                restored[source][pid] = outcome
    path = result_path(work, label)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps({"label": label, "tf_version": version, "saved": saved, "restored": restored},
                                      sort_keys=True) + "\n")
    print(json.dumps({"label": label, "tf_version": version, "programs": len(programs),
                      "seconds": round(time.perf_counter() - started, 1)}))
    return 0
