"""`make compat`: on a sample of corpus programs, save checkpoints for real on version A and restore them for real on
version B, for each consecutive pair of the matrix and 2.21.0 → tf-nightly, and check the derived table
(conformance/compat/derive.py) against what the real restores showed, program by program.

Each pair's programs are the sample (a few per family, by id, preferring programs that create a variable; plus every
program the derived table flags) and every program that creates a variable and whose recorded trace differs
between the two versions: only those can change their checkpoint keys.

The derived table is read from the recorded corpus traces (generated/traces/tf-<version>.jsonl). A version whose
recorded traces have no `checkpoint` event yet has the sample's traces recorded again in the work directory, by
the same recorder, and the table is derived from those. Exit status: 0 when every checked program agrees, 1 on
any disagreement, 2 on bad input (an unknown version label, a missing venv or trace file).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.compat.derive import (
    DTYPE,
    MISSING,
    NO_CHECKPOINT,
    NO_SAVER,
    PARTITION_SHAPE,
    SHAPE,
    Problem,
    build_table,
    checkpoint_event,
    flagged_programs,
    graph_order,
    graph_verdicts,
)
from conformance.compat.real import job_path, result_path
from conformance.corpus.store import REPO_ROOT, CorpusProgram, load_all
from conformance.corpus.traces import TRACES_DIR, TraceFile, load_trace_file, trace_path
from conformance.errors import BadInput
from conformance.files import read_json, write_atomically
from conformance.matrix.versions import MATRIX_VERSIONS, NIGHTLY, parse_versions
from conformance.program import FAMILIES, walk

#: programs per family in the sample (plus every program the derived table flags)
PER_FAMILY = 3
#: statements that create a saveable (global) variable: the sample prefers programs that have one
VARIABLE_KINDS = frozenset({"get_variable", "variable"})
WORKER_TIMEOUT_S = 1800
AGREE, DISAGREE, UNCHECKED = "agree", "disagree", "unchecked"


class CompatInputError(BadInput):
    """A version label, venv or trace file `make compat` cannot use."""


# ---- versions, venvs and traces ----------------------------------------------------------------------

def default_labels() -> list[str]:
    """Every matrix release, then tf-nightly."""
    return [*MATRIX_VERSIONS, NIGHTLY]


def check_labels(text: str) -> list[str]:
    """The requested labels (default: all), each a matrix release or `nightly`; at least two."""
    labels = parse_versions(text) or default_labels()
    for label in labels:
        if label not in MATRIX_VERSIONS and label != NIGHTLY:
            raise CompatInputError("--versions", f"unknown TF version label {label!r}: expected one of "
                                                 f"{', '.join(default_labels())}")
    if len(labels) < 2:
        raise CompatInputError("--versions", f"need at least two TF versions for a pair, got {' '.join(labels)}")
    order = default_labels()
    return sorted(labels, key=order.index)


def pairs_of(labels: list[str]) -> list[tuple[str, str]]:
    """Each consecutive pair A → B of the labels, in matrix order."""
    return list(zip(labels, labels[1:], strict=False))


def venv_python_of(matrix_dir: Path, label: str) -> Path:
    """The matrix venv's interpreter for a label, built as `make matrix` builds it when it is absent (an existing
    venv is used as it is); CompatInputError naming the venv when it cannot be built."""
    from conformance.matrix.venv import build_venv, venv_dir, venv_python
    from conformance.matrix.versions import UnknownVersion, resolve

    venv = venv_dir(matrix_dir, label)
    if not venv_python(venv).exists():
        print(f"compat: building the matrix venv for TF {label}", flush=True)
        try:
            built = build_venv(resolve(label), matrix_dir, REPO_ROOT, sys.executable)
        except UnknownVersion as error:
            raise CompatInputError("--versions", str(error)) from None
        if not built.ok:
            raise CompatInputError(venv, f"the matrix venv for TF {label} could not be built: {built.reason}")
    return venv_python(venv)


def nightly_version(matrix_dir: Path) -> str:
    """The tf-nightly build installed in the nightly matrix venv (built first if absent), from its build stamp."""
    from conformance.matrix.venv import read_stamp, venv_dir

    venv_python_of(matrix_dir, NIGHTLY)
    venv = venv_dir(matrix_dir, NIGHTLY)
    stamp = read_stamp(venv)
    if not stamp or "==" not in str(stamp.get("requirement", "")):
        raise CompatInputError(venv, "the tf-nightly matrix venv has no build stamp (rebuild it with make matrix)")
    return str(stamp["requirement"]).split("==", 1)[1]


def corpus_traces(traces_dir: Path, version: str, label: str) -> TraceFile:
    """The recorded corpus traces of a version; CompatInputError naming the file when it is missing."""
    path = trace_path(version, traces_dir)
    if not path.is_file():
        raise CompatInputError(path, f"missing trace file for TF {label} (`make corpus TF_VERSIONS={label}` records it)")
    return load_trace_file(path)


def has_events(traces: TraceFile, program_ids: list[str]) -> bool:
    """Whether a trace file holds a checkpoint event for each of the programs."""
    return all(pid in traces.traces and checkpoint_event(traces.traces[pid]) is not None for pid in program_ids)


# ---- the sample --------------------------------------------------------------------------------------

def creates_variables(program: dict[str, Any]) -> bool:
    return any(stmt["op"] in VARIABLE_KINDS for stmt in walk(program["body"]))


def choose_sample(programs: list[CorpusProgram], per_family: int, flagged: list[str]) -> list[CorpusProgram]:
    """Per family, the first `per_family` corpus programs by id that create a variable (then others if too
    few), plus every flagged program; in family order, then by id. Deterministic: no seed is involved."""
    chosen: dict[str, CorpusProgram] = {}
    for family in FAMILIES:
        members = sorted((p for p in programs if p.family == family and p.kind == "corpus"), key=lambda p: p.id)
        preferred = [p for p in members if creates_variables(p.program)] + [p for p in members
                                                                           if not creates_variables(p.program)]
        for item in preferred[:per_family]:
            chosen[item.id] = item
    wanted = set(flagged)
    for item in programs:
        if item.id in wanted:
            chosen[item.id] = item
    order = {family: index for index, family in enumerate(FAMILIES)}
    return sorted(chosen.values(), key=lambda p: (order.get(p.family, len(order)), p.id))


# ---- comparing the derived table with the real restores --------------------------------------------

def shape_text(dims: list[int]) -> str:
    """A shape as TF's Assign error prints it: [4,2], [] for a scalar."""
    return "[" + ",".join(str(d) for d in dims) + "]"


def expected_error(problem: Problem) -> tuple[str, str]:
    """The exception type and the message fragment a real restore must raise for a derived problem."""
    if problem.problem == MISSING:
        return "NotFoundError", f"Key {problem.key} not found in checkpoint"
    if problem.problem in (DTYPE, PARTITION_SHAPE):
        return "InvalidArgumentError", f"tensor_name = {problem.key};"
    if problem.problem == SHAPE:
        assert problem.saved is not None and problem.needed is not None
        return "InvalidArgumentError", ("Assign requires shapes of both tensors to match. "
                                        f"lhs shape= {shape_text(problem.needed[0])} rhs shape= {shape_text(problem.saved[0])}")
    if problem.problem == NO_CHECKPOINT:
        return "ValueError", "The passed save_path is not a valid checkpoint"
    raise ValueError(f"no restore error for {problem.problem}")


def graph_agreement(derived: Problem | None, saved: dict[str, Any] | None, restored: dict[str, Any] | None) -> tuple[str, str]:
    """(agree | disagree | unchecked, why) for one graph: the derived verdict against A's real save and B's real
    restore."""
    if restored is None:
        return DISAGREE, "the real run on B has no such graph"
    if saved is not None and "failed" in saved:
        return UNCHECKED, f"A's save failed: {saved['failed']['type']}"
    if "failed" in restored:
        return UNCHECKED, f"B's run failed: {restored['failed']['type']}"
    if "saver_raised" in restored:
        nothing_saved = saved is None or "saver_raised" in saved
        if (derived is None and nothing_saved) or (derived is not None and derived.problem == NO_SAVER):
            return AGREE, "B's Saver raises" + (" (and A's)" if nothing_saved else "")
        return DISAGREE, f"B's Saver raised {restored['saver_raised']['type']}, derived: {describe(derived)}"
    if derived is None:
        if restored.get("restored"):
            return AGREE, "restores"
        error = restored["restore_raised"]
        return DISAGREE, f"derived: restores; real: {error['type']}: {first_line(error['message'])}"
    if derived.problem == NO_SAVER:
        return DISAGREE, f"derived: {describe(derived)}; real: B's Saver was built"
    if restored.get("restored"):
        return DISAGREE, f"derived: {describe(derived)}; real: restores"
    error = restored["restore_raised"]
    kind, fragment = expected_error(derived)
    if error["type"] == kind and fragment in error["message"]:
        return AGREE, describe(derived)
    return DISAGREE, f"derived: {describe(derived)}; real: {error['type']}: {restore_error_line(error['message'])}"


def describe(problem: Problem | None) -> str:
    return "restores" if problem is None else f"{problem.graph} {problem.problem} {problem.key or ''}".rstrip()


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def restore_error_line(message: str) -> str:
    """The line of a wrapped restore error that names the cause (TF puts it after the node name)."""
    for line in message.splitlines():
        if re.search(r"not found in checkpoint|tensor_name = |Assign requires|not a valid checkpoint", line):
            return line.strip()
    return first_line(message)


def saved_agreement(event: dict[str, Any] | None, saved: dict[str, Any]) -> list[str]:
    """Where A's real checkpoint files hold other keys, shapes or dtypes than A's trace's checkpoint event says."""
    if event is None:
        return []
    problems = []
    for gid, outcome in saved.items():
        recorded = event.get(gid)
        if "saved" in outcome and outcome["saved"] != recorded:
            problems.append(f"{gid}: A's files hold {outcome['saved']}, its trace says {recorded}")
        if "saver_raised" in outcome and isinstance(recorded, list) and recorded:
            problems.append(f"{gid}: A's Saver raised {outcome['saver_raised']['type']}, its trace lists keys")
    return problems


def real_graph_breaks(saved: dict[str, Any] | None, restored: dict[str, Any]) -> bool:
    """Whether the real restore of one graph failed: it raised, or B's Saver raised while A had saved files
    (both Savers raising means there was nothing to restore)."""
    if "restore_raised" in restored:
        return True
    return "saver_raised" in restored and saved is not None and "saved" in saved


@dataclass(frozen=True)
class ProgramCheck:
    """One program of one pair: the derived verdict, the real one, and whether they agree."""

    program_id: str
    family: str
    differs: bool
    derived_breaks: bool
    real_breaks: bool | None
    verdict: str
    why: str


def check_program(item: CorpusProgram, older: list[dict[str, Any]], newer: list[dict[str, Any]],
                  saved: dict[str, Any], restored: dict[str, Any]) -> ProgramCheck:
    """Compare one program's derived verdicts with the real save on A and restore on B, graph by graph."""
    verdicts = graph_verdicts(older, newer)
    if verdicts is None:
        return ProgramCheck(item.id, item.family, False, False, None, UNCHECKED, "a trace has no checkpoint event")
    differs = checkpoint_event(older) != checkpoint_event(newer)
    derived_breaks = any(p is not None for p in verdicts.values())
    if "failed" in saved or "failed" in restored:
        which = "A" if "failed" in saved else "B"
        return ProgramCheck(item.id, item.family, differs, derived_breaks, None, UNCHECKED,
                            f"running the program on {which} failed: {(saved.get('failed') or restored['failed'])['type']}")
    mismatch = saved_agreement(checkpoint_event(older), saved)
    if mismatch:
        return ProgramCheck(item.id, item.family, differs, derived_breaks, None, DISAGREE, "; ".join(mismatch))
    extra = sorted(set(restored) - set(verdicts), key=graph_order)
    if extra:
        return ProgramCheck(item.id, item.family, differs, derived_breaks, None, DISAGREE,
                            f"the real run on B has graphs the trace's checkpoint event lacks: {', '.join(extra)}")
    outcomes = {gid: graph_agreement(problem, saved.get(gid), restored.get(gid)) for gid, problem in verdicts.items()}
    real_breaks = any(real_graph_breaks(saved.get(gid), outcome) for gid, outcome in restored.items())
    for verdict in (DISAGREE, UNCHECKED):
        found = [f"{gid}: {why}" for gid, (v, why) in outcomes.items() if v == verdict]
        if found:
            return ProgramCheck(item.id, item.family, differs, derived_breaks, real_breaks, verdict, "; ".join(found))
    why = "; ".join(f"{gid}: {why}" for gid, (_, why) in outcomes.items())
    return ProgramCheck(item.id, item.family, differs, derived_breaks, real_breaks, AGREE, why)


# ---- running it --------------------------------------------------------------------------------------

def run_worker(python: Path, label: str, work: Path, record: bool) -> None:
    """One venv's worker (conformance/compat/real.py) on its job; a failure raises RuntimeError."""
    cmd = [str(python), "-m", "conformance.compat", "worker", "--label", label, "--work", str(work)]
    if record:
        cmd.append("--record")
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=WORKER_TIMEOUT_S,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"})
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the TF {label} worker failed (exit {proc.returncode}): {last}")


def changed_programs(older: TraceFile, newer: TraceFile, programs: list[CorpusProgram]) -> list[CorpusProgram]:
    """The programs that create a variable and whose recorded traces differ between two versions: the only ones
    whose checkpoint keys can differ (a trace holds every variable's name, shape and dtype, and every op)."""
    return [p for p in programs if creates_variables(p.program)
            and p.id in older.traces and p.id in newer.traces and older.traces[p.id] != newer.traces[p.id]]


@dataclass
class Plan:
    """What one `make compat` run does: the pairs and each pair's programs, each version's venv, its traces and
    whether the sample's traces must be recorded again (the recorded ones have no checkpoint event)."""

    labels: list[str]
    pairs: dict[tuple[str, str], list[CorpusProgram]]
    pythons: dict[str, Path]
    versions: dict[str, str]
    traces: dict[str, TraceFile]
    record: dict[str, bool]

    def programs_of(self, label: str) -> list[CorpusProgram]:
        """Every program a version runs: those of each pair it is part of, once each, in order."""
        chosen = {p.id: p for pair, items in self.pairs.items() if label in pair for p in items}
        return list(chosen.values())

    def job(self, label: str) -> dict[str, Any]:
        """The worker's job: the programs to save, and which programs to restore from which earlier version."""
        return {"programs": [p.program for p in self.programs_of(label)],
                "restore": {a: [p.id for p in items] for (a, b), items in self.pairs.items() if b == label}}


def plan(versions_text: str, per_family: int, traces_dir: Path, matrix_dir: Path) -> Plan:
    """Check every input first (labels, trace files, venvs), then choose each pair's programs: the sample (a few
    per family, plus every program the derived table flags), and the programs whose traces changed in the pair."""
    labels = check_labels(versions_text)
    versions = {label: label if label != NIGHTLY else nightly_version(matrix_dir) for label in labels}
    traces = {label: corpus_traces(traces_dir, versions[label], label) for label in labels}
    pythons = {label: venv_python_of(matrix_dir, label) for label in labels}
    programs = load_all()
    flagged = flagged_programs(build_table([traces[label] for label in labels], programs))
    sample = choose_sample(programs, per_family, flagged)
    pairs = {}
    for a, b in pairs_of(labels):
        chosen = {p.id: p for p in sample + changed_programs(traces[a], traces[b], programs)}
        pairs[(a, b)] = list(chosen.values())
    the_plan = Plan(labels, pairs, pythons, versions, traces, {})
    the_plan.record.update({label: not has_events(traces[label], [p.id for p in the_plan.programs_of(label)])
                            for label in labels})
    return the_plan


def run_check(versions_text: str = "", per_family: int = PER_FAMILY, traces_dir: Path = TRACES_DIR,
              matrix_dir: Path | None = None, work_dir: Path | None = None, report: Path | None = None) -> int:
    """The whole `make compat`; returns the exit status (0 agree, 1 disagreement)."""
    from tabulate import tabulate

    the_plan = plan(versions_text, per_family, traces_dir, matrix_dir or REPO_ROOT / ".matrix")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="compat-") as temporary:
        work = work_dir or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        sizes = ", ".join(f"{a} → {b}: {len(items)}" for (a, b), items in the_plan.pairs.items())
        print(f"compat: programs per pair (the sample, plus those whose traces changed): {sizes}", flush=True)
        for label in the_plan.labels:
            if the_plan.record[label]:
                print(f"compat: the recorded traces of TF {label} have no checkpoint event for these programs: "
                      "recording their traces in the work directory", flush=True)
            write_atomically(job_path(work, label), json.dumps(the_plan.job(label)) + "\n")
            run_worker(the_plan.pythons[label], label, work, the_plan.record[label])
        real = {label: read_json(result_path(work, label)) for label in the_plan.labels}
        traces = {label: (load_trace_file(trace_path(the_plan.versions[label], work / "traces"))
                          if the_plan.record[label] else the_plan.traces[label]) for label in the_plan.labels}
        checks = {(a, b): [check_program(item, traces[a].traces[item.id], traces[b].traces[item.id],
                                         real[a]["saved"][item.id], real[b]["restored"][a][item.id])
                           for item in items]
                  for (a, b), items in the_plan.pairs.items()}
    rows = [summary_row(a, b, items, the_plan.versions) for (a, b), items in checks.items()]
    print(tabulate(rows, headers=["A → B", "programs", "keys differ", "derived: not restoring", "real: not restoring",
                                  "agree", "disagree", "unchecked"]))
    status = 0
    for (a, b), items in checks.items():
        for check in items:
            if check.verdict != AGREE or check.derived_breaks:
                print(f"{check.verdict.upper()} {a} → {b} {check.family} {check.program_id}: {check.why}")
            status |= check.verdict == DISAGREE
    if report is not None:
        write_atomically(report, json.dumps({"pairs": [dict(zip(["pair", "programs", "keys_differ", "derived_not_restoring",
                                                                  "real_not_restoring", "agree", "disagree",
                                                                  "unchecked"], row, strict=True)) for row in rows],
                                             "seconds": round(time.perf_counter() - started, 1)}, indent=1) + "\n")
    print(f"compat: {'disagreement' if status else 'the derived table agrees with every real restore checked'} "
          f"({time.perf_counter() - started:.0f} s)")
    return int(status)


def summary_row(older: str, newer: str, items: list[ProgramCheck], versions: dict[str, str]) -> list[Any]:
    """One pair's counts."""
    shown = f"{older} → {newer}" + (f" ({versions[newer]})" if newer == NIGHTLY else "")
    return [shown, len(items), sum(c.differs for c in items), sum(c.derived_breaks for c in items if c.verdict != UNCHECKED),
            sum(bool(c.real_breaks) for c in items if c.verdict != UNCHECKED),
            sum(c.verdict == AGREE for c in items), sum(c.verdict == DISAGREE for c in items),
            sum(c.verdict == UNCHECKED for c in items)]


def main_check(argv_versions: str, per_family: int, traces_dir: Path, work_dir: Path | None,
               report: Path | None) -> int:
    try:
        return run_check(argv_versions, per_family, traces_dir, work_dir=work_dir, report=report)
    except RuntimeError as error:
        print(f"compat: error: {error}", file=sys.stderr)
        return 2
