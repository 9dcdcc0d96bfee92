"""pytest plugin: Hypothesis profiles, the backend under test, result rows, known divergences, the summary."""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from conformance import expectations as expectations_mod
from conformance import inflight
from conformance.results import BadInput, ResultsWriter, put_in_order, results_path
from reference_impl.versions import imitated_version, installed_tf_version

CI_EXAMPLES = 250
#: Every phase but `explain`: it replays the failing example under a line tracer, which is slow on TF's Python
#: (about 20 s per failure, half of the time to report a divergence; see README, Performance).
PHASES = tuple(phase for phase in Phase if phase is not Phase.explain)
settings.register_profile("dev", max_examples=20, deadline=None, database=None, derandomize=True,
                          phases=PHASES, suppress_health_check=list(HealthCheck))
settings.register_profile("ci", max_examples=CI_EXAMPLES, deadline=None, database=None, derandomize=True,
                          phases=PHASES, suppress_health_check=list(HealthCheck))
settings.register_profile("nightly", max_examples=CI_EXAMPLES * 10, deadline=None, database=None,
                          derandomize=True, phases=PHASES, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TF_MODULE_ENV = "CONFORMANCE_TF_MODULE"
BAD_INPUT = 2
TF_MISSING = ("TensorFlow is not installed: run `make test`, or `pip install -e '.[tf]'` "
              "(tensorflow-cpu==2.21.0)")


def tf_module_name() -> str:
    """The module under test: $CONFORMANCE_TF_MODULE, default tensorflow.compat.v1."""
    return os.environ.get(TF_MODULE_ENV, "tensorflow.compat.v1")


def tf_version() -> str:
    return installed_tf_version() or "none"


def tf_install_problem() -> str | None:
    """Why the module under test cannot be imported, found without importing it; None when it looks installed.

    Both the distribution's metadata and the `tensorflow` package must be there: metadata left behind by a
    removed or half-copied package would otherwise pass the first check and fail at collection.
    """
    name = tf_module_name()
    if name != "tensorflow.compat.v1":
        if importlib.util.find_spec(name.split(".")[0]) is None:
            return f"{TF_MODULE_ENV}={name}: no such module"
        return None
    version = installed_tf_version()
    if version is None:
        return TF_MISSING
    if importlib.util.find_spec("tensorflow") is None:
        return (f"TensorFlow {version} is registered as installed but its `tensorflow` package is missing "
                f"(a broken install): reinstall it, e.g. `pip install --force-reinstall -e '.[tf]'`")
    return None


def pytest_report_header(config: pytest.Config) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k.startswith(("CONFORMANCE_", "REFERENCE_TF"))}
    return [f"tf-scope-conformance: TF {tf_version()} ({tf_module_name()}), model imitates "
            f"{imitated_version()}, env {env}"]


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and tf_version() != "none":
        os.environ.setdefault("REFERENCE_TF_VERSION", tf_version())
    config._conformance = RunState(config)  # type: ignore[attr-defined]
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(XdistController(config._conformance), "conformance-xdist-controller")
        config.pluginmanager.register(HarnessErrorWatcher(config._conformance), "conformance-harness-errors")


class RunState:
    """Per-process run bookkeeping: the results file, pending divergences, matched expectations."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.is_worker = hasattr(config, "workerinput")
        self.writer: ResultsWriter | None = None
        self.started = time.time()
        self.expectations = expectations_mod.load()
        self.matched: set[int] = set()
        self.profile = (config.getoption("hypothesis_profile", None) or os.environ.get("HYPOTHESIS_PROFILE")
                        or "ci")
        self.watch: inflight.Watch | None = None
        self.timeout_s: float | None = None
        self.harness_errors: list[str] = []  # differential tests that failed outside their body

    @property
    def seed(self) -> int:
        """The run's seed: $CONFORMANCE_SEED, default 0 (BadInput if it is not an integer)."""
        text = os.environ.get("CONFORMANCE_SEED", "0")
        try:
            return int(text)
        except ValueError:
            raise BadInput("CONFORMANCE_SEED", f"must be an integer, got {text!r}") from None

    @property
    def run_id(self) -> str:
        return f"tf-{tf_version()}-{self.profile}-seed{self.seed}"

    def open(self, truncate: bool) -> ResultsWriter:
        """The results file, opened for appending; `truncate` empties it for a new run (after checks pass)."""
        if self.writer is None:
            path = results_path(tf_version())
            try:
                self.writer = ResultsWriter(path)
                if truncate:
                    self.writer.truncate()
            except OSError as error:
                self.writer = None
                raise BadInput(path, f"cannot write results ({error.strerror}); set CONFORMANCE_RESULTS_DIR "
                               "to a writable directory") from None
        return self.writer

    def write(self, row: dict[str, Any]) -> None:
        self.open(truncate=False).write({"run_id": self.run_id, "tf_version": tf_version(), **row})

    def start_watch(self) -> inflight.Watch:
        """The watchdog of this process: in an xdist worker it records programs ahead and catches fatal signals."""
        if self.watch is None:
            worker = self.config.workerinput["workerid"] if self.is_worker else None  # type: ignore[attr-defined]
            self.watch = inflight.Watch(results_path(tf_version()) if worker else None, worker)
        return self.watch

    def running(self, program: dict[str, Any], test: str) -> Any:
        """Context: the program is in flight (recorded ahead, time-limited) while it runs."""
        if self.timeout_s is None:
            self.timeout_s = inflight.program_timeout()
        return self.start_watch().running(program, test, self.timeout_s)

    def hold(self, row: dict[str, Any]) -> None:
        """Keep a failing row on disk while Hypothesis shrinks it (a crash meanwhile still records it)."""
        if self.watch is not None:
            self.watch.hold(row)

    def release(self) -> None:
        """The held failing row has been written."""
        if self.watch is not None:
            self.watch.release()


def _bad_input(message: str) -> None:
    """Stop the session with one line on stderr and exit status 2, before anything recorded is touched."""
    sys.stderr.write(f"conformance: error: {message}\n")
    sys.stderr.flush()
    pytest.exit(message, returncode=BAD_INPUT)


def _uses_tf(session: pytest.Session) -> bool:
    return any(item.get_closest_marker("tf") for item in session.items)


def pytest_collection_finish(session: pytest.Session) -> None:
    state: RunState = session.config._conformance  # type: ignore[attr-defined]
    if state.is_worker and _uses_tf(session):
        state.start_watch()  # before TF is imported, so a crash while importing it is reported too
    if state.is_worker or state.writer is not None or not _uses_tf(session):
        return
    problem = tf_install_problem()
    if problem:
        _bad_input(problem)
    try:
        _start_run(state)
    except BadInput as error:
        _bad_input(str(error))


class XdistController:
    """The xdist controller collects nothing itself: it learns from the workers' collections whether TF tests
    run (then it opens the run, or stops when TF is missing), and records the program of a worker that died."""

    def __init__(self, state: RunState) -> None:
        self.state = state

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        if self.state.writer is not None or not any("test_differential" in test for test in ids):
            return
        problem = tf_install_problem()
        if problem:
            _bad_input(problem)
        try:
            _start_run(self.state)
        except BadInput as error:
            _bad_input(str(error))

    @pytest.hookimpl(optionalhook=True)
    def pytest_handlecrashitem(self, crashitem: str, report: pytest.TestReport, sched: Any) -> None:
        worker = getattr(getattr(getattr(report, "node", None), "gateway", None), "id", None)
        if self.state.writer is None or worker is None:
            return
        results_file = results_path(tf_version())
        if not inflight.in_flight(results_file, worker) and "test_differential" not in crashitem:
            return
        from conformance.render import render_script

        rows = inflight.crash_rows(results_file, worker, crashitem, render_script)
        for row in rows:
            self.state.write(row)
        broken = rows[-1]
        report.longrepr = (f"{report.longrepr}: {broken['reason']} (recorded as broken, program "
                           f"{broken['program_id']})")


def _start_run(state: RunState) -> None:
    """Check the settings, truncate this version's results file and write the run_start row (or BadInput)."""
    import hypothesis

    inflight.program_timeout()
    seed = state.seed
    state.open(truncate=True)
    state.write({"kind": "run_start", "model_version": imitated_version(), "python": platform.python_version(),
                 "hypothesis": hypothesis.__version__, "packages": {"tensorflow": tf_version()},
                 "seed": seed, "profile": state.profile,
                 "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(state.started)),
                 "host": platform.node()})


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state: RunState = session.config._conformance  # type: ignore[attr-defined]
    if state.watch is not None:
        state.watch.close()
    if state.is_worker:
        if _writes_the_claims(state):
            _write_claims(state)
        return
    if state.writer is None:
        return
    if not _has_claim_rows(results_path(tf_version())):
        _write_claims(state)
    counts = family_counts(results_path(tf_version()))
    reason = broken_run_reason(exitstatus, state.harness_errors, counts)
    state.write({"kind": "run_end", "status": "broken" if reason else "complete", "reason": reason,
                 "duration_s": round(time.time() - state.started, 3), "counts": counts})
    state.writer.close()
    inflight.clear(results_path(tf_version()))
    try:
        put_in_order(results_path(tf_version()))
    except BadInput as error:  # the rows stay as written, in the order they came
        warnings.warn(f"results left unordered: {error}", stacklevel=1)


def _writes_the_claims(state: RunState) -> bool:
    """Worker gw0 checks the claims when it already has TF loaded: the controller would import TF only for
    them, serially after every worker has finished (about 6 s; see README, Performance)."""
    return (state.config.workerinput["workerid"] == "gw0"  # type: ignore[attr-defined]
            and state.writer is not None and "tensorflow" in sys.modules)


def _has_claim_rows(path: Path) -> bool:
    """Whether this run's results file already holds the claims (written by worker gw0)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return any('"kind":"claim"' in line for line in handle)


def _write_claims(state: RunState) -> None:
    """The seed's claims, checked once per run on the TF under test (the report shows them per version)."""
    from conformance.backend import load_backend
    from conformance.seed_claims import claim_rows

    try:
        rows = claim_rows(load_backend("tf"), state.run_id, tf_version())
    except Exception as error:  # noqa: BLE001 - reported, and the run's own rows stay intact
        warnings.warn(f"seed claims could not be checked: {type(error).__name__}: {error}", stacklevel=1)
        return
    for row in rows:
        state.write(row)


def broken_run_reason(exitstatus: int, harness_errors: list[str], counts: dict[str, dict[str, int]]) -> str | None:
    """Why a run is `broken` rather than `complete`; a run is never recorded as zero results.

    Broken: pytest stopped abnormally (exit status other than 0 or 1), a differential test failed in
    collection, setup or teardown (the harness, not TF or the model), or no program ran at all.
    """
    if exitstatus not in (0, 1):
        return f"pytest exit status {exitstatus}"
    if harness_errors:
        more = f" (and {len(harness_errors) - 1} more)" if len(harness_errors) > 1 else ""
        return f"harness error: {harness_errors[0]}{more}"
    if not sum(c["programs"] for c in counts.values()):
        return "no program ran"
    return None


class HarnessErrorWatcher:
    """Notes differential tests that fail outside their body: collection, setup or teardown (the harness).

    Registered on the process that writes the results (xdist forwards the workers' reports to it). A worker
    that dies inside a program is not a harness error: the program is recorded `broken` and the run goes on.
    """

    def __init__(self, state: RunState) -> None:
        self.state = state

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # "???" is xdist's report for a test whose worker died: that program is already a `broken` row.
        if report.failed and report.when in ("setup", "teardown") and "test_differential" in report.nodeid:
            self.state.harness_errors.append(harness_error_line(report.nodeid, report.when, report.longrepr))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and "test_differential" in report.nodeid:
            self.state.harness_errors.append(harness_error_line(report.nodeid, "collect", report.longrepr))


def harness_error_line(nodeid: str, when: str, longrepr: Any) -> str:
    """`nodeid (phase): the last 'E ' line of the report` (else its last line)."""
    text = str(longrepr).strip()
    errors = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
    detail = errors[-1] if errors else (text.splitlines()[-1] if text else "?")
    return f"{nodeid} ({when}): {detail}"


def family_counts(path: Path) -> dict[str, dict[str, int]]:
    """Programs, divergences and broken per family, from a results file."""
    from conformance.results import read_rows
    counts: dict[str, dict[str, int]] = {}
    for row in read_rows(path):
        if row.get("kind") != "program":
            continue
        c = counts.setdefault(row["family"], {"programs": 0, "diverge": 0, "broken": 0, "xfail": 0})
        c["programs"] += 1
        if row["status"] in c:
            c[row["status"]] += 1
    return dict(sorted(counts.items()))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state: RunState = config._conformance  # type: ignore[attr-defined]
    if state.is_worker or state.writer is None:
        return
    from tabulate import tabulate
    counts = family_counts(results_path(tf_version()))
    rows = [[fam, c["programs"], c["diverge"], c["broken"], c["xfail"]] for fam, c in counts.items()]
    total = [sum(r[i] for r in rows) for i in range(1, 5)]
    rows.append(["total", *total])
    terminalreporter.write_sep("=", f"conformance: TF {tf_version()} vs model {imitated_version()}")
    terminalreporter.write_line(tabulate(rows, headers=["family", "programs", "diverge", "broken", "xfail"]))
    terminalreporter.write_line(f"results: {results_path(tf_version())}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "test_differential" in item.nodeid:
            item.add_marker(pytest.mark.tf)


@pytest.fixture(scope="session")
def run_state(pytestconfig: pytest.Config) -> RunState:
    return pytestconfig._conformance  # type: ignore[attr-defined]
