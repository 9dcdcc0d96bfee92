"""Benchmarks: `python -m conformance.selfcheck.bench [--quick] [--out reports/bench.json] [--only KEY ...]` (`make bench`).

Every figure that compares two things measures both in the same process, interleaved chunk by chunk (ABBA
order), so that the noise of a shared machine falls on both sides alike. Figures per program are per distinct
program: the measured programs are distinct (`distinct`), and a suite run's throughput counts its distinct programs
(conformance.runs.distinct_programs), not its rows, which repeat programs. The figures, their goals and the
machine they were taken on go to reports/bench.json; a table is printed. No figure is ever asserted in a test.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.errors import BAD_INPUT_EXIT, BadInput
from conformance.files import read_json, write_atomically
from conformance.launch import FAST_LANE_ARGS, Suite, start_suite
from conformance.paths import REPO_ROOT, REPORTS_DIR
from conformance.program import FAMILIES, count_statements, program_id
from conformance.sampling import sample_programs

DEFAULT_OUT = REPORTS_DIR / "bench.json"
QUICK_OUT = REPORTS_DIR / "bench-quick.json"
FORMAT = 1
SAMPLE_SEED = 0


@dataclass(frozen=True)
class Goal:
    """What a figure measures, its unit, and the bound it should meet (None: a reference figure).

    With `relative_to`, the bound is a fraction of another number of the same measurement: `bound` times the
    figure's details[relative_to] (e.g. half the speedup bound that an inert backend allows).
    """

    what: str
    unit: str
    op: str | None = None  # "<=" or ">="
    bound: float | None = None
    relative_to: str | None = None

    def limit(self, details: dict[str, Any] | None = None) -> float | None:
        """The bound the value is compared with: `bound`, or `bound` times details[relative_to] (None when the
        details lack it)."""
        if self.bound is None or self.relative_to is None:
            return self.bound
        reference = (details or {}).get(self.relative_to)
        return None if reference is None else self.bound * reference

    def met(self, value: float | None, details: dict[str, Any] | None = None) -> bool | None:
        """Whether `value` meets the goal; None when there is no goal, False when there is no value (or no
        reference for a relative goal)."""
        if self.op is None or self.bound is None:
            return None
        limit = self.limit(details)
        if value is None or limit is None:
            return False
        return value <= limit if self.op == "<=" else value >= limit

    @property
    def text(self) -> str:
        """`<= 1.1`, `>= 0.5 x speedup_bound`; empty for a reference figure."""
        if self.op is None:
            return ""
        return f"{self.op} {self.bound:g}" + (f" x {self.relative_to}" if self.relative_to else "")

    def describe(self, details: dict[str, Any] | None = None) -> str:
        """The goal's text, with the bound a relative goal comes to when the details give its reference."""
        limit = self.limit(details)
        return self.text + (f" = {limit:.4g}" if self.relative_to and limit is not None else "")


#: one goal for the median time to detect a planted model bug, both ways (issue 17)
DETECT_GOAL_S = 10.0
#: one goal for the speedup of two xdist workers over one, on either profile
XDIST_GOAL = 1.8

GOALS: dict[str, Goal] = {
    "tf_floor_programs_per_s": Goal("distinct programs executed straight on TF (rendered scripts, compiled once)",
                                    "programs/s"),
    "harness_programs_per_s": Goal("the same distinct programs through check_program + a results row, one core",
                                   "programs/s"),
    "harness_overhead_ratio": Goal("floor throughput / harness throughput", "ratio", "<=", 1.10),
    # a reference figure: its goal (>= 100) was retired, the scripts measure has the goal
    "model_speedup": Goal("TF time / model time, execute() on the same programs", "ratio"),
    "model_speedup_scripts": Goal("TF time / model time, the programs' repro scripts alone (no harness), against "
                                  "half the bound an inert backend of zero cost allows (speedup_bound)", "ratio",
                                  ">=", 0.5, relative_to="speedup_bound"),
    "xdist_speedup_2": Goal("suite throughput (distinct programs / wall time) with -n 2 / with -n 1, ci profile",
                            "ratio", ">=", XDIST_GOAL),
    "xdist_speedup_2_nightly": Goal("the same on the nightly profile (10x the programs; `make bench-nightly`, "
                                    "run once a night by .github/workflows/nightly.yml)", "ratio", ">=", XDIST_GOAL),
    "rss_growth_mb_10k": Goal("RSS growth of one process over 10,000 program runs (the distinct programs cycled) "
                              "after warm-up", "MB", "<=", 50),
    "time_to_detect_median_s": Goal("median wall time until the live suite (-x, one process) reports a planted "
                                    "model bug", "s", "<=", DETECT_GOAL_S),
    "time_to_detect_fast_lane_median_s": Goal(
        "median wall time until `make test`'s order reports a planted model bug: the fast lane (-x), then the live "
        "suite (-x) if the fast lane passes", "s", "<=", DETECT_GOAL_S),
    "shrunk_statements_median": Goal("median statements in the shrunk program of those bugs", "statements",
                                     "<=", 6),
    "checkpoint_event_ms_tf": Goal("the `checkpoint` end event on TF (the Saver's mapping of every graph), per "
                                   "program", "ms/program"),
    "checkpoint_event_ms_model": Goal("the `checkpoint` end event on the model, per program", "ms/program"),
}
#: which measurement produces which keys
GROUPS: dict[str, tuple[str, ...]] = {
    "floor": ("tf_floor_programs_per_s", "harness_programs_per_s", "harness_overhead_ratio"),
    "model": ("model_speedup", "model_speedup_scripts"),
    "xdist": ("xdist_speedup_2",),
    "xdist_nightly": ("xdist_speedup_2_nightly",),
    "rss": ("rss_growth_mb_10k",),
    "detect": ("time_to_detect_median_s", "time_to_detect_fast_lane_median_s", "shrunk_statements_median"),
    "checkpoint": ("checkpoint_event_ms_tf", "checkpoint_event_ms_model"),
}
#: measured only when asked for (`--only`, `make bench-nightly`): its suite runs are ten times the ci ones
ON_REQUEST_GROUPS = ("xdist_nightly",)
#: what `make bench` measures
DEFAULT_GROUPS = [group for group in GROUPS if group not in ON_REQUEST_GROUPS]


@dataclass(frozen=True)
class Config:
    """How much to measure: the full run (`make bench`) or a smoke run (`--quick`)."""

    mode: str
    per_family: int | None  # programs per family from the sample (None: all of the corpus)
    rounds: int
    chunk: int
    rss_programs: int
    rss_warmup: int
    suite_profile: str
    suite_repeats: int
    nightly_profile: str  # the profile of xdist_speedup_2_nightly
    detect_profile: str
    mutants: int | None  # None: every model mutant
    detect_timeout_s: float = 600.0


FULL = Config("full", per_family=None, rounds=5, chunk=20, rss_programs=10_000, rss_warmup=1_000,
              suite_profile="ci", suite_repeats=2, nightly_profile="nightly", detect_profile="ci", mutants=None)
QUICK = Config("quick", per_family=3, rounds=1, chunk=9, rss_programs=100, rss_warmup=20,
               suite_profile="dev", suite_repeats=1, nightly_profile="dev", detect_profile="dev", mutants=1)
#: a suite run of the xdist figures that takes longer is killed (a nightly-profile run with -n 1 takes minutes)
XDIST_TIMEOUT_S = 3 * 3600.0
#: without a corpus, this many programs per family are drawn from the strategies
SAMPLE_PER_FAMILY = 40


class BenchError(BadInput):
    """A benchmark that cannot run; the message is one line."""


# ---- programs --------------------------------------------------------------------------------------

def load_programs(per_family: int | None) -> tuple[list[dict[str, Any]], str]:
    """The distinct programs of the frozen corpus (generated/programs/) when there is one, else of the strategies
    sample; and their source."""
    corpus = _corpus_programs()
    if corpus:
        if per_family is not None:
            corpus = [p for family in FAMILIES for p in [q for q in corpus if q["family"] == family][:per_family]]
        return distinct(corpus), "generated/programs (frozen corpus)"
    count = SAMPLE_PER_FAMILY if per_family is None else per_family
    return (distinct(sample_programs(count, SAMPLE_SEED)),
            f"conformance.strategies sample, seed {SAMPLE_SEED}, {count} per family")


def distinct(programs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first program of each program id, in order: a figure per program is per distinct program."""
    first: dict[str, dict[str, Any]] = {}
    for program in programs:
        first.setdefault(program_id(program), program)
    return list(first.values())


def _corpus_programs() -> list[dict[str, Any]]:
    from conformance.corpus import store as corpus

    if not corpus.PROGRAMS_DIR.is_dir():
        return []
    try:
        return [entry.program for entry in corpus.load_corpus(corpus.PROGRAMS_DIR)]
    except corpus.CorpusError as error:
        raise BenchError(error.path, error.problem, error.line) from None


# ---- measuring -------------------------------------------------------------------------------------

def machine_facts() -> dict[str, Any]:
    """The machine and the software the figures were taken with."""
    from importlib.metadata import PackageNotFoundError, version

    def package(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    from reference_impl.versions import installed_tf_version

    return {"host": platform.node(), "cpu_count": os.cpu_count(), "cpu_model": _cpu_model(),
            "platform": platform.platform(), "python": platform.python_version(),
            "tensorflow": installed_tf_version(), "hypothesis": package("hypothesis"),
            "pytest_xdist": package("pytest-xdist"), "loadavg_start": _loadavg()}


def _cpu_model() -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or None


def _loadavg() -> list[float] | None:
    with contextlib.suppress(OSError, AttributeError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


def rss_kb() -> int:
    """This process's resident set size (VmRSS), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@contextlib.contextmanager
def _stdout_to_devnull() -> Iterator[None]:
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        yield


def interleaved(sides: dict[str, Callable[[Sequence[Any]], None]], items: Sequence[Any], chunk: int,
                rounds: int) -> dict[str, Any]:
    """Time each side on the same chunks, alternating which goes first (ABBA); one untimed warm-up round.

    Returns the total seconds per side and the per-round ratio of the second side to the first.
    """
    names = list(sides)
    chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    for part in chunks:  # warm-up: imports, caches, first-use costs
        for name in names:
            sides[name](part)
    totals = dict.fromkeys(names, 0.0)
    round_ratios = []
    for _ in range(rounds):
        this_round = dict.fromkeys(names, 0.0)
        gc.collect()
        for index, part in enumerate(chunks):
            order = names if index % 2 == 0 else names[::-1]
            for name in order:
                started = time.perf_counter()
                sides[name](part)
                this_round[name] += time.perf_counter() - started
        for name in names:
            totals[name] += this_round[name]
        round_ratios.append(round(this_round[names[1]] / this_round[names[0]], 4))
    return {"seconds": {k: round(v, 4) for k, v in totals.items()}, "round_ratios": round_ratios,
            "programs_per_side": len(items) * rounds}


def measure_floor(programs: list[dict[str, Any]], config: Config) -> dict[str, Any]:
    """TF floor (the repro scripts on TF, as script_side runs them) against the harness (check_program + a results row)."""
    from conformance.backend import load_backend
    from conformance.check import check_program
    from conformance.results import ResultsWriter

    tf, model = load_backend("tf"), load_backend("model")
    floor = script_side(tf, programs)

    with tempfile.TemporaryDirectory(prefix="bench-results-") as scratch:
        writer = ResultsWriter(Path(scratch) / "tf-bench.jsonl")

        def harness(part: Sequence[dict[str, Any]]) -> None:
            for program in part:
                writer.write({"run_id": "bench", "tf_version": "bench", **check_program(program, tf, model)})

        try:
            timing = interleaved({"floor": floor, "harness": harness}, programs, config.chunk, config.rounds)
        finally:
            writer.close()
    count = timing["programs_per_side"]
    floor_rate = count / timing["seconds"]["floor"]
    harness_rate = count / timing["seconds"]["harness"]
    details = {**timing, "round_ratios_median": statistics.median(timing["round_ratios"])}
    return {"tf_floor_programs_per_s": (round(floor_rate, 1), details),
            "harness_programs_per_s": (round(harness_rate, 1), details),
            "harness_overhead_ratio": (round(floor_rate / harness_rate, 4), details)}


def measure_model(programs: list[dict[str, Any]], config: Config) -> dict[str, Any]:
    """execute() on TF against execute() on the model, then the repro scripts alone on each, same programs."""
    from conformance.backend import load_backend
    from conformance.runner import execute

    tf, model = load_backend("tf"), load_backend("model")

    def side(backend: Any) -> Callable[[Sequence[dict[str, Any]]], None]:
        def run(part: Sequence[dict[str, Any]]) -> None:
            for program in part:
                execute(program, backend)
        return run

    timing = interleaved({"model": side(model), "tf": side(tf)}, programs, config.chunk, config.rounds)
    script_sides = {"model": script_side(model, programs), "tf": script_side(tf, programs),
                    "inert": script_side(InertBackend(), programs)}
    scripts = interleaved(script_sides, programs, config.chunk, config.rounds)
    script_speedup, script_details = _speedup(scripts)
    inert_ms = 1000 * scripts["seconds"]["inert"] / scripts["programs_per_side"]
    script_details.update(inert_ms_per_program=round(inert_ms, 4),
                          speedup_bound=round(script_details["tf_ms_per_program"] / inert_ms, 2))
    calls = {name: python_calls_per_program(run, programs) for name, run in script_sides.items()}
    script_details.update(call_floor(script_details, calls))
    return {"model_speedup": _speedup(timing), "model_speedup_scripts": (script_speedup, script_details)}


def python_calls_per_program(run: Callable[[Sequence[dict[str, Any]]], None],
                             programs: Sequence[dict[str, Any]]) -> float:
    """The Python function calls a side makes per program outside the scripts' own code (counted by
    sys.setprofile in one untimed pass): the model's, or TF's Python layer and what it calls."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call" and not frame.f_code.co_filename.startswith("<program "):
            calls += 1

    sys.setprofile(count)
    try:
        run(programs)
    finally:
        sys.setprofile(None)
    return calls / len(programs)


def call_floor(details: dict[str, Any], calls: dict[str, float]) -> dict[str, Any]:
    """model_speedup_scripts in Python calls. The model's time over the inert backend's, divided by the calls it
    makes beyond the inert backend's, is what one call of the model costs; the goal's time per program, at that
    cost, allows `model_calls_within_goal` calls. Beside TF's own count, this is how far the goal would take the
    model from mirroring TF's call structure."""
    model_ms, inert_ms = details["model_ms_per_program"], details["inert_ms_per_program"]
    per_call_us = 1000 * (model_ms - inert_ms) / max(calls["model"] - calls["inert"], 1.0)
    limit = GOALS["model_speedup_scripts"].limit(details)
    goal_ms = details["tf_ms_per_program"] / limit if limit else None
    within = None if goal_ms is None else calls["inert"] + max(goal_ms - inert_ms, 0.0) * 1000 / per_call_us
    return {"python_calls_per_program": {name: round(count, 1) for name, count in calls.items()},
            "model_us_per_call": round(per_call_us, 4),
            "goal_ms_per_program": None if goal_ms is None else round(goal_ms, 4),
            "model_calls_within_goal": None if within is None else round(within, 1)}


def measure_checkpoint(programs: list[dict[str, Any]], config: Config) -> dict[str, Any]:
    """The `checkpoint` event alone, on the graphs each program left (executed once per backend, untimed ABBA
    aside): ms per program on TF and on the model, beside execute()'s own ms per program (the event included).
    The TF figure's details also give what the corpus recorder's real save costs per program (one pass, last:
    it adds a Saver to every graph)."""
    from conformance.backend import load_backend
    from conformance.checkpoint import keys_by_graph, real_save_disagreements
    from conformance.runner import execute

    backends = {"model": load_backend("model"), "tf": load_backend("tf")}
    graphs: dict[str, list[list[tuple[str, Any]]]] = {}
    execute_ms: dict[str, float] = {}
    for name, backend in backends.items():
        started = time.perf_counter()
        graphs[name] = [sorted(execute(program, backend).graphs.items(), key=lambda item: int(item[0][1:]))
                        for program in programs]
        execute_ms[name] = 1000 * (time.perf_counter() - started) / len(programs)

    def side(name: str) -> Callable[[Sequence[int]], None]:
        def run(part: Sequence[int]) -> None:
            for index in part:
                keys_by_graph(backends[name], graphs[name][index])
        return run

    timing = interleaved({"model": side("model"), "tf": side("tf")}, list(range(len(programs))), config.chunk,
                         config.rounds)
    started = time.perf_counter()
    for program_graphs in graphs["tf"]:
        real_save_disagreements(backends["tf"], program_graphs, keys_by_graph(backends["tf"], program_graphs))
    real_save_ms = 1000 * (time.perf_counter() - started) / len(programs)
    figures = {}
    for name in backends:
        event_ms = 1000 * timing["seconds"][name] / timing["programs_per_side"]
        details = {**timing, "execute_ms_per_program": round(execute_ms[name], 4),
                   "share_of_execute": round(event_ms / execute_ms[name], 4)}
        if name == "tf":
            details["real_save_ms_per_program"] = round(real_save_ms, 4)
        figures[f"checkpoint_event_ms_{name}"] = (round(event_ms, 4), details)
    return figures


class InertBackend:
    """A backend that does nothing: every call, attribute and operator gives itself back.

    Only for the scripts' floor: what a repro script costs with a backend of zero cost (its try/except, prints
    and values loop). TF's time divided by this floor bounds any model's speedup on the scripts measure.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> InertBackend:
        return self

    def __getattr__(self, name: str) -> InertBackend:
        return self

    def __enter__(self) -> InertBackend:
        return self

    def __exit__(self, *exc_info: Any) -> bool:
        return False

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __add__(self, other: Any) -> InertBackend:
        return self

    __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __add__

    def __neg__(self) -> InertBackend:
        return self


def _speedup(timing: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    details = {**timing, "round_ratios_median": statistics.median(timing["round_ratios"]),
               "tf_ms_per_program": round(1000 * timing["seconds"]["tf"] / timing["programs_per_side"], 4),
               "model_ms_per_program": round(1000 * timing["seconds"]["model"] / timing["programs_per_side"], 4)}
    return round(timing["seconds"]["tf"] / timing["seconds"]["model"], 2), details


def script_side(backend: Any, programs: list[dict[str, Any]]) -> Callable[[Sequence[dict[str, Any]]], None]:
    """Each program's repro script, compiled once, run with `tf` bound to the backend and its output discarded.

    This is the backend's own cost: the statements, their printing and the Session values, without the
    trace-building harness that execute() adds on both sides.
    """
    from conformance.program import program_id
    from conformance.render import render_script

    import_line = "import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf\n"
    compiled = {}
    for program in programs:
        script = render_script(program)
        if not script.startswith(import_line):
            raise BenchError(f"repro script of {program_id(program)}", f"does not start with {import_line.strip()!r}")
        compiled[id(program)] = compile(script[len(import_line):], f"<program {program_id(program)}>", "exec")

    def run(part: Sequence[dict[str, Any]]) -> None:
        with _stdout_to_devnull():
            for program in part:
                exec(compiled[id(program)], {"__name__": "__bench__", "tf": backend})
    return run


@dataclass
class Watched:
    """A pytest run watched through its results file: exit code, wall time, and when rows appeared."""

    exit: int
    wall_s: float
    first_program_s: float | None = None
    last_program_s: float | None = None
    first_failure_s: float | None = None
    output: str = ""


def watched_pytest(suite: Suite, timeout: float = 1800.0) -> Watched:
    """Run the suite, polling the new rows of its results directory every 0.1 s."""
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        proc = start_suite(suite, stdout=output, stderr=subprocess.STDOUT)
        watched = Watched(exit=0, wall_s=0.0)
        seen = -1
        counter = _RowCounter(suite.results_dir)
        while proc.poll() is None:
            now = time.perf_counter() - started
            programs, failing = counter.poll()
            if programs and watched.first_program_s is None:
                watched.first_program_s = now
            if programs != seen:
                seen, watched.last_program_s = programs, now if programs else None
            if failing and watched.first_failure_s is None:
                watched.first_failure_s = now
            if now > timeout:
                proc.kill()
            time.sleep(0.1)
        watched.wall_s = time.perf_counter() - started
        watched.exit = proc.returncode
        output.seek(0)
        watched.output = output.read()[-3000:]
    return watched


class _RowCounter:
    """Counts program and failing rows in a results directory, reading only the bytes added since last time."""

    def __init__(self, results_dir: Path) -> None:
        self.results_dir = results_dir
        self.offsets: dict[Path, int] = {}
        self.programs = self.failing = 0

    def poll(self) -> tuple[int, int]:
        for path in self.results_dir.glob("*.jsonl"):
            with contextlib.suppress(OSError), path.open("rb") as handle:
                offset = self.offsets.get(path, 0)
                if handle.seek(0, os.SEEK_END) < offset:  # truncated at the start of a run
                    offset, self.programs, self.failing = 0, 0, 0
                handle.seek(offset)
                chunk = handle.read()
                complete = chunk[:chunk.rfind(b"\n") + 1]
                self.offsets[path] = offset + len(complete)
                self.programs += complete.count(b'"kind":"program"')
                self.failing += complete.count(b'"status":"diverge"') + complete.count(b'"status":"broken"')
        return self.programs, self.failing


def _program_rows(results_dir: Path) -> list[dict[str, Any]]:
    from conformance.results import read_rows
    return [row for path in sorted(results_dir.glob("*.jsonl")) for row in read_rows(path)
            if row.get("kind") == "program"]


def suite_programs(results_dir: Path) -> tuple[int, int]:
    """A suite run's program rows and its distinct programs (conformance.runs.distinct_programs)."""
    from conformance.runs import distinct_programs

    rows = _program_rows(results_dir)
    return len(rows), len(distinct_programs(rows))


def measure_xdist(config: Config) -> dict[str, Any]:
    """`xdist_speedup_2`: the speedup of two workers on the ci profile (`make bench`)."""
    return {"xdist_speedup_2": xdist_speedup(config.suite_profile, config.suite_repeats)}


def measure_xdist_nightly(config: Config) -> dict[str, Any]:
    """`xdist_speedup_2_nightly`: the same on the nightly profile, whose 10x programs amortise the fixed costs."""
    return {"xdist_speedup_2_nightly": xdist_speedup(config.nightly_profile, config.suite_repeats)}


def xdist_speedup(profile: str, repeats: int) -> tuple[float, dict[str, Any]]:
    """The differential suite with -n 1 and -n 2, alternated; throughput = distinct programs / wall time (its
    rows, which repeat programs, are recorded beside).

    The details also give the steady state (first to last program row), which leaves out the fixed costs of
    starting pytest, importing TF in each worker and ending the run."""
    runs: list[dict[str, Any]] = []
    order = [1, 2, 2, 1] * ((repeats + 1) // 2)
    for workers in order[:2 * repeats]:
        with tempfile.TemporaryDirectory(prefix="bench-xdist-") as scratch:
            run = watched_pytest(Suite(Path(scratch), profile=profile, workers=str(workers),
                                       args=("tests/suite/test_differential.py", "-q")), timeout=XDIST_TIMEOUT_S)
            rows, programs = suite_programs(Path(scratch))
        if run.exit not in (0, 1) or not rows:
            last = run.output.strip().splitlines()[-1] if run.output.strip() else "no output"
            raise BenchError(f"pytest -n {workers}", f"exited {run.exit} with {rows} program rows: {last}")
        steady = (run.last_program_s or 0.0) - (run.first_program_s or 0.0)
        runs.append({"workers": workers, "wall_s": round(run.wall_s, 3), "programs": programs, "rows": rows,
                     "programs_per_s": round(programs / run.wall_s, 2), "exit": run.exit, "loadavg": _loadavg(),
                     "first_program_s": _round(run.first_program_s), "last_program_s": _round(run.last_program_s),
                     "steady_programs_per_s": round(programs / steady, 2) if steady > 0 else None})

    def rate(workers: int, seconds: Callable[[dict[str, Any]], float]) -> float:
        mine = [r for r in runs if r["workers"] == workers]
        return sum(r["programs"] for r in mine) / sum(seconds(r) for r in mine)

    whole = {n: rate(n, lambda r: r["wall_s"]) for n in (1, 2)}
    steady_rate = {n: rate(n, _steady_s) for n in (1, 2)}
    return round(whole[2] / whole[1], 3), {
        "profile": profile, "runs": runs, "programs_per_s": {str(k): round(v, 2) for k, v in whole.items()},
        "steady_state_speedup": round(steady_rate[2] / steady_rate[1], 3), **fixed_cost_bound(runs)}


def _steady_s(run: dict[str, Any]) -> float:
    """A suite run's time from its first program row to its last."""
    return (run["last_program_s"] or 0.0) - (run["first_program_s"] or 0.0)


def fixed_cost_bound(runs: list[dict[str, Any]]) -> dict[str, float]:
    """What the fixed costs of a run allow: with -n 1, the seconds outside the programs (pytest's start, the TF
    import, the first draw; after the last row, the end of the run) stay whole with two workers, which at best
    halve the rest. The speedup two perfect workers could reach is (fixed + steady) / (fixed + steady / 2)."""
    one = [r for r in runs if r["workers"] == 1]
    fixed = statistics.mean(r["wall_s"] - _steady_s(r) for r in one)
    steady = statistics.mean(_steady_s(r) for r in one)
    return {"fixed_s_1": round(fixed, 2), "steady_s_1": round(steady, 2),
            "speedup_bound_from_fixed_costs": round((fixed + steady) / (fixed + steady / 2), 3)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def measure_rss(programs: list[dict[str, Any]], config: Config) -> dict[str, Any]:
    """A fresh process runs `rss_programs` programs through check_program after a warm-up; RSS growth in MB."""
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as scratch:
        sample = Path(scratch) / "programs.json"
        sample.write_text(json.dumps(programs))
        proc = subprocess.run([sys.executable, "-m", "conformance.selfcheck.bench", "--rss-child", str(sample),
                               str(config.rss_warmup), str(config.rss_programs)],
                              cwd=REPO_ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError("the RSS process", f"exited {proc.returncode}: {last}")
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    growth_mb = (child["rss_end_kb"] - child["rss_start_kb"]) / 1024
    per_10k = growth_mb * 10_000 / config.rss_programs
    return {"rss_growth_mb_10k": (round(per_10k, 2), {**child, "growth_mb": round(growth_mb, 2),
                                                      "scaled_to_10k": config.rss_programs != 10_000})}


def rss_child(sample: Path, warmup: int, count: int) -> dict[str, Any]:
    """In the RSS process: warm up, then run `count` programs (cycling the sample), sampling VmRSS."""
    from conformance.backend import load_backend
    from conformance.check import check_program
    from conformance.results import ResultsWriter

    programs = read_json(sample)
    tf, model = load_backend("tf"), load_backend("model")
    writer = ResultsWriter(sample.with_name("rows.jsonl"))

    def run(n: int, offset: int) -> None:
        for i in range(n):
            writer.write(check_program(programs[(offset + i) % len(programs)], tf, model))

    run(warmup, 0)
    gc.collect()
    start = rss_kb()
    samples = []
    step = max(1, count // 10)
    done = 0
    while done < count:
        n = min(step, count - done)
        run(n, warmup + done)
        done += n
        samples.append([done, rss_kb()])
    gc.collect()
    writer.close()
    return {"warmup": warmup, "programs": count, "rss_start_kb": start, "rss_end_kb": rss_kb(),
            "samples_kb": samples}


def measure_detection(config: Config) -> dict[str, Any]:
    """Each model mutant, two ways, back to back: the live suite with -x until it reports a divergence (and the
    shrunk program's length), and `make test`'s order, the fast lane first (conformance.launch.fast_lane)."""
    from conformance.selfcheck.model_mutants import MODEL_MUTANT_ENV, MODEL_MUTANTS

    mutants = MODEL_MUTANTS if config.mutants is None else MODEL_MUTANTS[:config.mutants]
    baseline = fast_lane_run(None, config)  # the unmutated model must pass the fast lane
    lanes, results = [], []
    for mutant in mutants:
        lanes.append(fast_lane_run(mutant.name, config))
        results.append(detect_one(mutant.name, config, MODEL_MUTANT_ENV))
        print(f"  {mutant.name}: {_detect_line(results[-1])}; fast lane: {_lane_line(lanes[-1])}",
              file=sys.stderr, flush=True)
    _confirm(results)
    first = [fast_lane_first(mutant.name, lane, live, baseline)
             for mutant, lane, live in zip(mutants, lanes, results, strict=True)]
    caught = [r for r in results if r["caught"]]
    lengths = [r["statements"] for r in caught]
    details = {"profile": config.detect_profile, "mutants": results, "caught": len(caught),
               "masked": sum(1 for r in results if "masked_by" in r), "total": len(results),
               "tf_import_s": _tf_import_seconds()}
    lane_details = {"profile": config.detect_profile, "fast_lane_args": list(FAST_LANE_ARGS),
                    "fast_lane_pass_s": baseline["wall_s"], "mutants": first,
                    "caught": sum(1 for r in first if r["caught"]),
                    "caught_by_fast_lane": sum(1 for r in first if r.get("stage") == "fast lane"),
                    "total": len(first)}
    return {"time_to_detect_median_s": (median_detection_time(results), details),
            "time_to_detect_fast_lane_median_s": (median_detection_time(first), lane_details),
            "shrunk_statements_median": (statistics.median(lengths) if lengths else None, details)}


def median_detection_time(results: list[dict[str, Any]]) -> float | None:
    """The median wall time of the catches; a missed mutant has no detection time: it counts as infinitely slow,
    so the median cannot hide it (None when the median is a miss, or there are no mutants)."""
    times = [r["wall_s"] if r["caught"] else float("inf") for r in results]
    median = statistics.median(times) if times else None
    return None if median is None or median == float("inf") else round(median, 2)


def fast_lane_run(mutant: str | None, config: Config) -> dict[str, Any]:
    """The fast lane as `make test` runs it, with a model mutant (None: the unmutated model): its wall time, exit
    status and first failing test. BenchError if it neither passes nor fails a test (exit other than 0 or 1)."""
    from conformance.launch import fast_lane, run_suite
    from conformance.selfcheck.model_mutants import MODEL_MUTANT_ENV

    with tempfile.TemporaryDirectory(prefix="bench-lane-") as scratch:
        suite = fast_lane(Path(scratch), config.detect_profile, args=("-p", "conformance.selfcheck.model_mutants"),
                          env={MODEL_MUTANT_ENV: mutant or ""})  # empty: no mutant, whatever the bench inherited
        started = time.perf_counter()
        try:
            proc = run_suite(suite, capture_output=True, timeout=config.detect_timeout_s)
        except subprocess.TimeoutExpired:
            raise BenchError(f"the fast lane ({mutant or 'no mutant'})",
                             f"did not end within {config.detect_timeout_s:g} s") from None
        wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        last = (proc.stderr.strip() or proc.stdout.strip() or "no output").splitlines()[-1]
        raise BenchError(f"the fast lane ({mutant or 'no mutant'})", f"exited {proc.returncode}: {last}")
    failed = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("FAILED ")]
    return {"wall_s": round(wall, 2), "exit": proc.returncode, "failed_test": failed[0] if failed else None}


def fast_lane_first(mutant: str, lane: dict[str, Any], live: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    """`make test`'s wait for one mutant: the fast lane's wall time when it fails, else the fast lane's plus the
    live suite's (measured by detect_one, confirmed by _confirm). When the fast lane fails without any mutant,
    `make test` never reaches the suite and its failure says nothing about the mutant: nothing is caught."""
    result: dict[str, Any] = {"mutant": mutant, "fast_lane_s": lane["wall_s"]}
    if baseline["exit"] != 0:
        return {**result, "caught": False, "wall_s": lane["wall_s"],
                "masked_by": f"the fast lane fails on the unmutated model: {baseline['failed_test']}"}
    if lane["exit"] == 1:
        return {**result, "caught": True, "stage": "fast lane", "wall_s": lane["wall_s"],
                "failed_test": lane["failed_test"]}
    return {**result, "caught": live["caught"], "stage": "suite", "suite_s": live["wall_s"],
            "wall_s": round(lane["wall_s"] + live["wall_s"], 2), **({"masked_by": live["masked_by"]}
                                                                  if "masked_by" in live else {})}


def _lane_line(lane: dict[str, Any]) -> str:
    if lane["exit"] == 0:
        return f"passed in {lane['wall_s']:.1f}s"
    return f"{lane['failed_test']} failed after {lane['wall_s']:.1f}s"


def _confirm(results: list[dict[str, Any]]) -> None:
    """A catch counts only if the unmutated model passes the shrunk program: else a real divergence stopped
    the suite (-x) before the mutant could be found, and the mutant is recorded as not detected."""
    from conformance.backend import load_backend
    from conformance.check import check_program

    tf, model = load_backend("tf"), load_backend("model")
    for result in results:
        if result["caught"]:
            replay = check_program(result["program"], tf, model)
            if replay["status"] != "pass":
                result.update(caught=False, masked_by=(replay.get("diff") or {}).get("summary")
                              or replay.get("reason"))


def _detect_line(result: dict[str, Any]) -> str:
    if not result["caught"]:
        return f"no divergence after {result['wall_s']:.1f}s"
    return (f"{result['status']} in {result['family']} after {result['wall_s']:.1f}s "
            f"(row at {result['row_s']}s), {result['statements']} statements")


def detect_one(name: str, config: Config, env_name: str) -> dict[str, Any]:
    """Run the suite with one model mutant and -x: wall time until pytest exits (the user's wait) and until the
    failing row was written; the shrunk program from that row."""
    with tempfile.TemporaryDirectory(prefix="bench-detect-") as scratch:
        suite = Suite(Path(scratch), profile=config.detect_profile, workers="0", env={env_name: name},
                      args=("tests/suite/test_differential.py", "-x", "-q", "-p", "conformance.selfcheck.model_mutants"))
        run = watched_pytest(suite, timeout=config.detect_timeout_s)
        failing = [r for r in _program_rows(Path(scratch)) if r["status"] in ("diverge", "broken")]
    result: dict[str, Any] = {"mutant": name, "caught": bool(failing), "wall_s": round(run.wall_s, 2),
                              "row_s": _round(run.first_failure_s), "exit": run.exit}
    if failing:
        row = failing[0]
        result.update(status=row["status"], family=row["family"], statements=count_statements(row["program"]),
                      summary=(row.get("diff") or {}).get("summary") or row.get("reason"),
                      program=row["program"])
    return result


def _tf_import_seconds() -> float:
    """Wall time of a bare `import tensorflow.compat.v1` in a fresh process: the fixed cost of every run."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tensorflow.compat.v1"], capture_output=True,
                   env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    return round(time.perf_counter() - started, 2)


# ---- the document ----------------------------------------------------------------------------------

def figure(key: str, value: float | None, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """One figure as stored in bench.json: value, unit, goal and whether it is met, with its measurement and,
    when the measurement gives one, the floor that bounds it."""
    goal = GOALS[key]
    floor = FLOORS.get(key)
    return {"value": value, "unit": goal.unit, "what": goal.what, "goal": goal.describe(details) or None,
            "met": goal.met(value, details), "measured": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "loadavg": _loadavg(), "floor": floor(details or {}) if floor else None, "details": details or {}}


def _call_floor_text(details: dict[str, Any]) -> str | None:
    calls = details.get("python_calls_per_program")
    if not calls or details.get("model_calls_within_goal") is None:
        return None
    return (f"the goal's {details['goal_ms_per_program']} ms a program allows {details['model_calls_within_goal']:.0f} "
            f"Python calls at the model's {details['model_us_per_call']} us each; the model makes {calls['model']:.0f}, "
            f"TF's Python {calls['tf']:.0f}")


def _detection_floor_text(details: dict[str, Any]) -> str | None:
    caught = [r["wall_s"] for r in details.get("mutants", []) if r.get("caught")]
    if not caught:
        return None
    import_text = (f"a process that only imports TF takes {details['tf_import_s']} s (start, import, exit); "
                   if "tf_import_s" in details else "")
    return f"{import_text}the fastest of {len(caught)} catches took {min(caught)} s"


def _fixed_cost_floor_text(details: dict[str, Any]) -> str | None:
    if "speedup_bound_from_fixed_costs" not in details:
        return None
    return (f"{details['fixed_s_1']} s of fixed costs per run (start, TF import, end) allow at most "
            f"{details['speedup_bound_from_fixed_costs']}")


#: the floor each figure's measurement gives, as one line (stored with the figure, printed when it is missed)
FLOORS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "model_speedup_scripts": _call_floor_text,
    "time_to_detect_median_s": _detection_floor_text,
    "time_to_detect_fast_lane_median_s": _detection_floor_text,
    "xdist_speedup_2": _fixed_cost_floor_text,
    "xdist_speedup_2_nightly": _fixed_cost_floor_text,
}


def document(config: Config, machine: dict[str, Any], programs: dict[str, Any],
             figures: dict[str, dict[str, Any]], started: float) -> dict[str, Any]:
    """The whole bench.json."""
    return {"format": FORMAT, "kind": "bench", "mode": config.mode,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "duration_s": round(time.time() - started, 1),
            "machine": {**machine, "loadavg_end": _loadavg()}, "programs": programs,
            "figures": {key: figures[key] for key in GOALS if key in figures}}


def table(doc: dict[str, Any]) -> str:
    """The figures as a terminal table."""
    from tabulate import tabulate

    rows = []
    for key, fig in doc["figures"].items():
        met = {True: "yes", False: "NO", None: ""}[fig["met"]]
        rows.append([key, "n/a" if fig["value"] is None else fig["value"], fig["unit"], fig["goal"] or "", met])
    machine = doc["machine"]
    head = (f"{doc['mode']} bench on {machine['cpu_count']} x {machine['cpu_model']}, TF {machine['tensorflow']}, "
            f"Python {machine['python']}, load {machine['loadavg_start']} -> {machine['loadavg_end']}")
    missed = [f"{key} misses its goal; floor: {fig['floor']}" for key, fig in doc["figures"].items()
              if fig["met"] is False and fig.get("floor")]
    return "\n".join([head, tabulate(rows, headers=["figure", "value", "unit", "goal", "met"]), *missed])


@dataclass
class Plan:
    """Which groups of figures to measure."""

    groups: list[str] = field(default_factory=lambda: list(DEFAULT_GROUPS))


def plan_for(only: list[str]) -> Plan:
    """The groups that produce the requested keys (when none are requested, every group but those measured on
    request only)."""
    if not only:
        return Plan()
    unknown = [key for key in only if key not in GOALS]
    if unknown:
        raise BenchError(None, f"unknown figure {unknown[0]!r} (known: {', '.join(GOALS)})")
    return Plan([group for group, keys in GROUPS.items() if any(key in keys for key in only)])


def run(config: Config, plan: Plan, out: Path) -> dict[str, Any]:
    started = time.time()
    # A partial run (--only) keeps the figures already recorded in `out`; each figure carries its own time. A
    # full run keeps only those it does not measure (the nightly xdist figure) from a bench file of its mode.
    if plan.groups == DEFAULT_GROUPS:
        figures = on_request_figures(out, config)
    else:
        figures = earlier_figures(out, config)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    machine = machine_facts()
    programs, source = load_programs(config.per_family)
    program_facts = {"source": source, "count": len(programs),
                     "statements_mean": round(statistics.mean(count_statements(p) for p in programs), 2)}
    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "floor": lambda: measure_floor(programs, config),
        "model": lambda: measure_model(programs, config),
        "xdist": lambda: measure_xdist(config),
        "xdist_nightly": lambda: measure_xdist_nightly(config),
        "rss": lambda: measure_rss(programs, config),
        "detect": lambda: measure_detection(config),
        "checkpoint": lambda: measure_checkpoint(programs, config),
    }
    for group in plan.groups:
        print(f"bench: {group} ...", file=sys.stderr, flush=True)
        for key, (value, details) in steps[group]().items():
            figures[key] = figure(key, value, details)
        doc = document(config, machine, program_facts, figures, started)
        _write(out, doc)  # after every group, so an interrupted run keeps what it measured
    return doc


def earlier_figures(out: Path, config: Config) -> dict[str, dict[str, Any]]:
    """The figures of an existing bench file of the same mode; BenchError if it is not one."""
    if not out.exists():
        return {}
    try:
        doc = read_json(out)
    except BadInput as error:
        raise BenchError(out, f"not a bench file ({error.problem}); give another --out") from None
    if not isinstance(doc, dict) or doc.get("kind") != "bench" or not isinstance(doc.get("figures"), dict):
        raise BenchError(out, "not a bench file (no 'kind': 'bench' with figures); give another --out")
    if doc.get("mode") != config.mode:
        raise BenchError(out, f"holds a {doc.get('mode')} run, this is a {config.mode} run; give another --out")
    return {key: fig for key, fig in doc["figures"].items() if key in GOALS}


def on_request_figures(out: Path, config: Config) -> dict[str, dict[str, Any]]:
    """The figures of the groups measured on request only, from `out` if it is a bench file of this mode (a full
    run replaces any other file whole, as before)."""
    try:
        earlier = earlier_figures(out, config)
    except BenchError:
        return {}
    wanted = {key for group in ON_REQUEST_GROUPS for key in GROUPS[group]}
    return {key: fig for key, fig in earlier.items() if key in wanted}


def _write(out: Path, doc: dict[str, Any]) -> None:
    """Write bench.json atomically: an interrupted run leaves the last whole file."""
    write_atomically(out, json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.selfcheck.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (dev profile, few programs)")
    parser.add_argument("--out", type=Path, help=f"where to write the JSON ({DEFAULT_OUT}; --quick: {QUICK_OUT})")
    parser.add_argument("--only", action="append", default=[], metavar="KEY",
                        help="measure only this figure (repeatable; comma-separated keys work too)")
    parser.add_argument("--rss-child", nargs=3, metavar=("SAMPLE", "WARMUP", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        sample, warmup, count = args.rss_child
        print(json.dumps(rss_child(Path(sample), int(warmup), int(count))))
        return 0
    if args.out is None:
        args.out = QUICK_OUT if args.quick else DEFAULT_OUT
    try:
        plan = plan_for([key for item in args.only for key in item.split(",") if key])
        if args.out.exists() and args.out.is_dir():
            raise BenchError(args.out, "is a directory, expected a JSON file path")
        doc = run(QUICK if args.quick else FULL, plan, args.out)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return BAD_INPUT_EXIT
    print(table(doc))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
