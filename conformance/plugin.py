"""pytest plugin: the run's settings, the backend under test, result rows, known divergences, the summary."""

from __future__ import annotations

import importlib.util
import platform
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from conformance import expectations as expectations_mod
from conformance import inflight, settings
from conformance.backend import load_backend, tf_module_name
from conformance.errors import BadInput, refuse
from conformance.results import ResultsWriter, put_read_rows_in_order, read_results, results_path
from conformance.runs import Run, group_runs, not_run_text
from conformance.shards import Shard, budget_of_test
from reference_impl.versions import imitated_version, installed_tf_version

settings.register_profiles()

BAD_INPUT = 2
TF_MISSING = ("TensorFlow is not installed: run `make test`, or `pip install -e '.[tf]'` "
              "(tensorflow-cpu==2.21.0)")
#: The differential suite: one test per shard of each statement family (conformance/shards.py),
#: `tests/suite/test_differential.py::test_family[ops-shard3]`.
DIFFERENTIAL_MODULE = "tests/suite/test_differential.py"
DIFFERENTIAL_TEST = f"{DIFFERENTIAL_MODULE}::test_family"
#: User properties a test puts on its report; xdist forwards reports to the process that writes the results.
MATCHED = "conformance_known_divergence"  # the line of the known-divergence entry that matched
#: [family, TF version] or [family, TF version, shard, shards]: the test compares that family's programs (or that
#: shard of them) at that version
COMPARED = "conformance_compared"
RUN_STATE = pytest.StashKey["RunState"]()


def is_differential_test(nodeid: str) -> bool:
    """Whether a test (or collector) id is the differential suite: its module, its test function or a family's test."""
    return nodeid in (DIFFERENTIAL_MODULE, DIFFERENTIAL_TEST) or nodeid.startswith(f"{DIFFERENTIAL_TEST}[")


def run_state_of(config: pytest.Config) -> RunState:
    """This process's run state (made when the run started, see pytest_cmdline_main)."""
    return config.stash[RUN_STATE]


def tf_version() -> str:
    return installed_tf_version() or "none"


def tf_install_problem() -> str | None:
    """Why the module under test cannot be imported, found without importing it; None when it looks installed.

    Both the distribution's metadata and the `tensorflow` package must be there: metadata left behind by a
    removed or half-copied package would otherwise pass the first check and fail at collection.
    """
    name = tf_module_name()
    if name != settings.REAL_TF_MODULE:
        if importlib.util.find_spec(name.split(".")[0]) is None:
            return f"{settings.TF_MODULE.name}={name}: no such module"
        return None
    version = installed_tf_version()
    if version is None:
        return TF_MISSING
    if importlib.util.find_spec("tensorflow") is None:
        return (f"TensorFlow {version} is registered as installed but its `tensorflow` package is missing "
                f"(a broken install): reinstall it, e.g. `pip install --force-reinstall -e '.[tf]'`")
    return None


def option_overrides(config: pytest.Config) -> dict[str, str | None]:
    """The command-line options that override settings, by the variable's name (None when not given)."""
    return {setting.name: config.getoption(setting.option, None) for setting in settings.SETTINGS if setting.option}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(str(settings.KNOWN_DIVERGENCES.option), metavar="PATH", default=None,
                     help=f"the known-divergences file (overrides ${settings.KNOWN_DIVERGENCES.name}; default "
                          f"{expectations_mod.DEFAULT_PATH})")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """Check every setting before anything runs: a bad value is one line on stderr and exit status 2."""
    if config.option.help or config.option.version:
        return None
    try:
        config.stash[RUN_STATE] = RunState(config)
    except BadInput as error:
        return refuse("conformance", error)
    return None


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"tf-scope-conformance: TF {tf_version()} ({tf_module_name()}), model imitates {imitated_version()}",
            "settings (conformance/settings.py):", *settings.describe(option_overrides(config))]


def pytest_configure(config: pytest.Config) -> None:
    if RUN_STATE not in config.stash:  # --help or --version
        return
    state = run_state_of(config)
    hypothesis_settings.load_profile(state.profile)
    if not state.is_worker:
        config.pluginmanager.register(XdistController(state), "conformance-xdist-controller")
        config.pluginmanager.register(HarnessErrorWatcher(state), "conformance-harness-errors")
        config.pluginmanager.register(KnownDivergenceWatcher(state), "conformance-known-divergences")


class RunState:
    """Per-process run bookkeeping: the checked settings, the results file, the known divergences and their use."""

    def __init__(self, config: pytest.Config) -> None:
        overrides = option_overrides(config)
        self.config = config
        self.is_worker = hasattr(config, "workerinput")
        self.settings = settings.check_all(overrides)  # BadInput on the first malformed value
        self.seed: int = settings.SEED.value()
        self.profile: str = settings.PROFILE.value(overrides.get(settings.PROFILE.name))
        self.timeout_s: float = settings.PROGRAM_TIMEOUT.value()
        self.known_divergences: Path = settings.KNOWN_DIVERGENCES.value(overrides.get(settings.KNOWN_DIVERGENCES.name))
        self.expectations = expectations_mod.load(self.known_divergences)
        self.writer: ResultsWriter | None = None
        self.started = time.time()
        self.watch: inflight.Watch | None = None
        self.harness_errors: list[str] = []  # differential tests that failed outside their body
        self.matched: set[int] = set()  # lines of the known-divergence entries that matched, in any process
        self.compared: set[tuple[str, str]] = set()  # (family, TF version) that passing tests compared in full
        self.compared_shards: dict[tuple[str, str], set[int]] = {}  # (family, TF version) -> its passing shards
        self.stale: list[expectations_mod.Expectation] | None = None  # None: the run did not judge the entries
        self.finished: Run | None = None  # the run as its results file holds it when it ended (the controller)

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
                raise BadInput(path, f"cannot write results ({error.strerror}); set {settings.RESULTS_DIR.name} "
                               "to a writable directory") from None
        return self.writer

    def write(self, row: dict[str, Any]) -> dict[str, Any]:
        """Append a row, with the run's id and TF version; the row as written."""
        written = {"run_id": self.run_id, "tf_version": tf_version(), **row}
        self.open(truncate=False).write(written)
        return written

    def start_watch(self) -> inflight.Watch:
        """The watchdog of this process: in an xdist worker it records programs ahead and catches fatal signals."""
        if self.watch is None:
            worker = self.config.workerinput["workerid"] if self.is_worker else None  # type: ignore[attr-defined]
            self.watch = inflight.Watch(results_path(tf_version()) if worker else None, worker)
        return self.watch

    def running(self, program: dict[str, Any], test: str, shard: int | None = None, not_run: int | None = None) -> Any:
        """Context: the program is in flight (recorded ahead, time-limited) while it runs; `not_run` is how many
        programs its shard still has to run after it."""
        return self.start_watch().running(program, test, self.timeout_s, shard, not_run)

    def hold(self, row: dict[str, Any]) -> None:
        """Keep a failing row on disk while Hypothesis shrinks it (a crash meanwhile still records it)."""
        if self.watch is not None:
            self.watch.hold(row)

    def release(self) -> None:
        """The held failing row has been written."""
        if self.watch is not None:
            self.watch.release()

    def known_divergence(self, item: pytest.Item, family: str, tf_version: str,
                         difference: dict[str, Any] | None) -> expectations_mod.Expectation | None:
        """The reviewed entry that covers this divergence, if any; the match is noted on the test's report."""
        entry = expectations_mod.expected(self.expectations, family, tf_version, difference)
        if entry is not None:
            _note(item, MATCHED, entry.line)
        return entry

    def note_compared(self, item: pytest.Item, families: list[str] | tuple[str, ...], tf_version: str,
                      shard: Shard | None = None) -> None:
        """Note on the test's report that it compares every program it draws of these families at this version
        (of one shard: the family counts as compared once every shard of it passed)."""
        for family in families:
            _note(item, COMPARED, [family, tf_version] + ([shard.index, shard.count] if shard else []))

    def take_notes(self, report: pytest.TestReport) -> None:
        """Read a test's notes: entries that matched, and what it compared if it passed."""
        for key, value in report.user_properties:
            if key == MATCHED:
                self.matched.add(int(value))  # type: ignore[call-overload]
            elif key == COMPARED and report.passed:
                family, version, *shard = value  # type: ignore[misc]
                if shard:
                    index, count = shard
                    passing = self.compared_shards.setdefault((family, version), set())
                    passing.add(index)
                    if len(passing) < count:
                        continue
                self.compared.add((family, version))


def _note(item: pytest.Item, key: str, value: Any) -> None:
    """Put a user property on the test's report, once."""
    if (key, value) not in item.user_properties:
        item.user_properties.append((key, value))


def _bad_input(message: str) -> None:
    """Stop the session with one line on stderr and exit status 2, before anything recorded is touched."""
    sys.stderr.write(f"conformance: error: {message}\n")
    sys.stderr.flush()
    pytest.exit(message, returncode=BAD_INPUT)


def _runs_the_suite(session: pytest.Session) -> bool:
    """Whether this session runs differential tests (then it records a run)."""
    return any(is_differential_test(item.nodeid) for item in session.items)


def pytest_collection_finish(session: pytest.Session) -> None:
    state = run_state_of(session.config)
    if state.is_worker and _runs_the_suite(session):
        state.start_watch()  # before TF is imported, so a crash while importing it is reported too
    if state.is_worker or state.writer is not None or not _runs_the_suite(session):
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
        if self.state.writer is not None or not any(is_differential_test(test) for test in ids):
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
        if not inflight.in_flight(results_file, worker) and not is_differential_test(crashitem):
            return
        from conformance.render import render_script

        rows = inflight.crash_rows(results_file, worker, crashitem, render_script,
                                   budget_of_test(crashitem, self.state.profile))
        for row in rows:
            self.state.write(row)
        broken = rows[-1]
        lost = f"; {not_run_text(broken['not_run'])} of its shard" if broken.get("not_run") else ""
        report.longrepr = (f"{report.longrepr}: {broken['reason']} (recorded as broken, program "
                           f"{broken['program_id']}{lost})")


def _start_run(state: RunState) -> None:
    """Truncate this version's results file and write the run_start row (BadInput if it cannot be written)."""
    import hypothesis

    state.open(truncate=True)
    state.write({"kind": "run_start", "model_version": imitated_version(), "python": platform.python_version(),
                 "hypothesis": hypothesis.__version__, "packages": {"tensorflow": tf_version()},
                 "seed": state.seed, "profile": state.profile, "settings": state.settings,
                 "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(state.started)),
                 "host": platform.node()})


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = run_state_of(session.config)
    if state.watch is not None:
        state.watch.close()
    if state.is_worker:
        if _writes_the_claims(state):
            _write_claims(state)
        return
    state.stale = expectations_mod.stale(state.expectations, state.matched, state.compared)
    if state.writer is None:
        return
    path = results_path(tf_version())
    if not _has_claim_rows(path):
        _write_claims(state)
    # The file is read once: for the counts, the terminal summary and the rewrite in order (a nightly file of
    # 35,000 rows takes seconds to read, all of them after the last program).
    read = read_results(path)
    runs = group_runs([read])
    state.finished = runs[-1] if runs else None
    counts = state.finished.counts if state.finished is not None else {}
    reason = broken_run_reason(exitstatus, state.harness_errors, counts)
    end = state.write({"kind": "run_end", "status": "broken" if reason else "complete", "reason": reason,
                       "duration_s": round(time.time() - state.started, 3), "counts": counts, **_stale_field(state)})
    if state.finished is not None and state.finished.run_id == end["run_id"]:
        state.finished.end = end
    state.writer.close()
    inflight.clear(path)
    try:
        put_read_rows_in_order(path, read, [end])
    except BadInput as error:  # the rows stay as written, in the order they came
        warnings.warn(f"results left unordered: {error}", stacklevel=1)


def _writes_the_claims(state: RunState) -> bool:
    """Worker gw0 checks the claims when it already has the module under test loaded: the controller would
    import TF only for them, serially after every worker has finished (about 6 s; see docs/performance.md)."""
    return (state.config.workerinput["workerid"] == "gw0"  # type: ignore[attr-defined]
            and state.writer is not None and tf_module_name() in sys.modules)


def _has_claim_rows(path: Path) -> bool:
    """Whether this run's results file already holds the claims (written by worker gw0)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return any('"kind":"claim"' in line for line in handle)


def _write_claims(state: RunState) -> None:
    """The seed's claims, checked once per run on the TF under test (the report shows them per version)."""
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
    collection, setup or teardown (the harness, not TF or the model), a worker crashed or hung with programs of
    its shard still to run (`N programs not run after a crash (family n, ...)`), or no program ran at all.
    """
    if exitstatus not in (0, 1):
        return f"pytest exit status {exitstatus}"
    if harness_errors:
        more = f" (and {len(harness_errors) - 1} more)" if len(harness_errors) > 1 else ""
        return f"harness error: {harness_errors[0]}{more}"
    lost = {family: c["not_run"] for family, c in counts.items() if c.get("not_run")}
    if lost:
        return (f"{not_run_text(sum(lost.values()))} "
                f"({', '.join(f'{family} {number}' for family, number in lost.items())})")
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
        if report.failed and report.when in ("setup", "teardown") and is_differential_test(report.nodeid):
            self.state.harness_errors.append(harness_error_line(report.nodeid, report.when, report.longrepr))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and is_differential_test(report.nodeid):
            self.state.harness_errors.append(harness_error_line(report.nodeid, "collect", report.longrepr))


def _stale_field(state: RunState) -> dict[str, Any]:
    """The run_end field listing the stale known-divergence entries, when the run judged them."""
    if state.stale is None:
        return {}
    return {"stale_known_divergences": [{"file": str(state.known_divergences), **entry.as_row()}
                                        for entry in state.stale]}


class KnownDivergenceWatcher:
    """Gathers, where the results are written, which known divergences matched and what the tests compared
    (notes on the reports, forwarded by xdist), and warns about stale entries in the terminal summary."""

    def __init__(self, state: RunState) -> None:
        self.state = state

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call":
            self.state.take_notes(report)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for entry in self.state.stale or []:
            terminalreporter.write_line(
                f"STALE known divergence {self.state.known_divergences}:{entry.line} ({entry.family} | "
                f"{entry.versions} | {entry.match}): matched nothing although every family ran; remove the entry "
                f"or fix its match", yellow=True)


def harness_error_line(nodeid: str, when: str, longrepr: Any) -> str:
    """`nodeid (phase): the last 'E ' line of the report` (else its last line)."""
    text = str(longrepr).strip()
    errors = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
    detail = errors[-1] if errors else (text.splitlines()[-1] if text else "?")
    return f"{nodeid} ({when}): {detail}"


def family_counts(path: Path) -> dict[str, dict[str, int]]:
    """Rows, divergences, broken and xfail per family of the file's last run, for the run_end row (the summaries
    show distinct programs beside these rows: conformance.runs)."""
    from conformance.runs import last_run

    run = last_run(path)
    return run.counts if run is not None else {}


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = run_state_of(config)
    if state.is_worker or state.writer is None:
        return
    from conformance.runs import counts_table, last_run

    # the run as read when it ended (pytest_sessionfinish); else, as its results file holds it now
    run = state.finished if state.finished is not None else last_run(results_path(tf_version()))
    terminalreporter.write_sep("=", f"conformance: TF {tf_version()} vs model {imitated_version()}")
    terminalreporter.write_line(counts_table(run.distinct if run is not None else {}))
    terminalreporter.write_line(f"results: {results_path(tf_version())}")


@pytest.fixture(scope="session")
def run_state(pytestconfig: pytest.Config) -> RunState:
    return run_state_of(pytestconfig)
