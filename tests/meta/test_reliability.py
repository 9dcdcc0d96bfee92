"""Reliability: crashes, hangs, killed runs, determinism, isolation, bad input and safety, each fault injected for real.

The suite runs below are real pytest-xdist runs on real TensorFlow in a subprocess (dev profile, a few families);
they take tens of seconds each, so they are marked `slow` (`make slow` runs them).
"""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance import inflight
from conformance.errors import BadInput
from conformance.files import read_jsonl
from conformance.launch import Suite, run_suite, start_suite
from conformance.paths import REPO_ROOT
from conformance.report.build import build_report
from conformance.results import (
    ResultsFileError,
    encode_row,
    put_in_order,
    put_read_rows_in_order,
    read_results,
    read_rows,
    run_order,
)
from conformance.sampling import sample_programs
from conformance.settings import PROFILE_EXAMPLES
from conformance.shards import shards

TIMING_FIELDS = ("duration_s", "started")
SUITE_TIMEOUT_S = 900


def clean_env(results_dir: Path, **extra: str) -> dict[str, str]:
    """This environment without the outer pytest's or a previous run's settings, results going to results_dir."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "CONFORMANCE_", "HYPOTHESIS_"))}
    return {**env, "CONFORMANCE_RESULTS_DIR": str(results_dir), "HYPOTHESIS_PROFILE": "dev", **extra}


def suite(results_dir: Path, *args: str, workers: str | None = None, profile: str | None = None,
          python: str = sys.executable, **env: str) -> Suite:
    """The suite in a subprocess, from this environment without the outer run's settings (clean_env)."""
    return Suite(results_dir=results_dir, profile=profile, workers=workers, args=args, python=python,
                 base_env=clean_env(results_dir, **env))


def families_suite(results_dir: Path, families: list[str], *extra: str, profile: str = "dev", **env: str) -> Suite:
    """A pytest-xdist run of every shard of some families of the differential suite, dev profile, two workers."""
    tests = [f"tests/suite/test_differential.py::test_family[{shard.test_parameter}]"
             for family in families for shard in shards(family, profile)]
    return suite(results_dir, "-q", "-p", "no:randomly", *extra, *tests, workers="2", profile=profile, **env)


def run_families(results_dir: Path, families: list[str], *extra: str, profile: str = "dev",
                 **env: str) -> subprocess.CompletedProcess[str]:
    """Run some families to the end and return what they printed."""
    return run_suite(families_suite(results_dir, families, *extra, profile=profile, **env), capture_output=True,
                     timeout=SUITE_TIMEOUT_S)


def run_differential(results_dir: Path, workers: str | None, python: str = sys.executable,
                     **env: str) -> subprocess.CompletedProcess[str]:
    """The whole differential test file, as `pytest -q` would run it (settings from `env`)."""
    return run_suite(suite(results_dir, "-q", "tests/suite/test_differential.py", workers=workers, python=python,
                           **env), capture_output=True, timeout=300)


def results_file(results_dir: Path) -> Path:
    """The one results file a run on the installed TF wrote."""
    files = sorted(results_dir.glob("tf-*.jsonl"))
    assert len(files) == 1, files
    return files[0]


def programs_of(rows: list[dict[str, Any]], family: str, shard: int | None = None) -> list[dict[str, Any]]:
    """The program rows of one family (of one of its shards), in file order."""
    return [row for row in rows if row["kind"] == "program" and row["family"] == family
            and shard in (None, row.get("shard"))]


def build_page(results_dir: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`python -m conformance.report` on a results directory, never running the suite."""
    return subprocess.run([sys.executable, "-m", "conformance.report", "--no-suite", "--no-tensorboard",
                           "--results-dir", str(results_dir), "--out", str(out)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a run that refused bad input (exit 2, no traceback)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


# ---- crashes and hangs --------------------------------------------------------------------------------------

@pytest.mark.slow
def test_crash_and_hang_are_recorded_broken_with_the_program_and_the_run_goes_on(tmp_path: Path) -> None:
    """TF aborts (name_scope, while Hypothesis shrinks a divergence), segfaults (variable_scope) and hangs (ops),
    each in one shard: each program is a broken row with its reason and what its shard did not run, the
    divergence being shrunk is kept; the workers are replaced, the family's other shard and the other family
    still run; run_end (broken: programs were not run) and the report count them."""
    # each fault fires at the first program of its shard that names x (derandomized dev profile, seed 0)
    faults = "diverge-abort:name_scope-shard1:x,segv:variable_scope-shard1:x,hang:ops-shard0:x"
    proc = run_families(tmp_path, ["name_scope", "variable_scope", "ops", "graph"], "-p", "tests.support.faults",
                        CONFORMANCE_FAULT=faults, CONFORMANCE_PROGRAM_TIMEOUT="5")
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = read_rows(results_file(tmp_path))
    # family: (its shard that breaks, the name, the reason, passing programs before it, programs not run after it)
    # family: (its shard that breaks, the name, the reason, whether the rest of the shard is lost: not while
    # Hypothesis shrinks the divergence it already found)
    expected = {"name_scope": (1, "x", "worker crashed: signal SIGABRT", False),
                "variable_scope": (1, "x", "worker crashed: signal SIGSEGV", True),
                "ops": (0, "x", "timed out after 5 s (per-program limit, CONFORMANCE_PROGRAM_TIMEOUT)", True)}
    held = programs_of(rows, "name_scope", 1)[-2]
    assert held["status"] == "diverge" and "x_injected" in json.dumps(held["tf_trace"])
    for family, (shard, name, reason, loses_the_rest) in expected.items():
        shard_rows = programs_of(rows, family, shard)
        broken = shard_rows[-1]
        last = ["diverge", "broken"] if family == "name_scope" else ["broken"]
        passing = len(shard_rows) - len(last)
        not_run = 10 - passing - 1 if loses_the_rest else 0
        assert [r["status"] for r in shard_rows] == ["pass"] * passing + last, family
        assert (broken["shard"], broken["not_run"]) == (shard, not_run), family
        assert broken["reason"].startswith(reason), broken["reason"]
        assert broken["program"]["family"] == family and f'"{name}"' in json.dumps(broken["program"])
        assert broken["repro"] and broken["program_id"] != "-"
        assert f"{reason}" in proc.stdout  # the terminal says why, too
        assert [r["status"] for r in programs_of(rows, family, 1 - shard)] == ["pass"] * 10, family
    assert [r["status"] for r in programs_of(rows, "graph")] == ["pass"] * 20
    end = rows[-1]
    assert end["kind"] == "run_end" and end["status"] == "broken"
    lost = {family: programs_of(rows, family, shard)[-1]["not_run"] for family, (shard, *_) in expected.items()}
    reason = (f"{lost['ops'] + lost['variable_scope']} programs not run after a crash "
              f"(ops {lost['ops']}, variable_scope {lost['variable_scope']})")
    assert end["reason"] == reason
    assert {f: (c["broken"], c["not_run"]) for f, c in end["counts"].items()} == {
        "graph": (0, 0), "name_scope": (1, 0), "ops": (1, lost["ops"]), "variable_scope": (1, lost["variable_scope"])}
    assert end["counts"]["name_scope"]["diverge"] == 1
    assert f"variable_scope: {lost['variable_scope']} programs not run after a crash" in proc.stdout
    assert not (tmp_path / ".inflight").exists()  # markers and fault reports are cleaned up
    page = build_page(tmp_path, tmp_path / "out")
    assert page.returncode == 0, page.stderr
    assert "1 divergences, 3 broken" in page.stdout
    html = (tmp_path / "out" / "index.html").read_text()
    assert "worker crashed: signal SIGSEGV" in html and "timed out after 5 s" in html
    assert f"{lost['variable_scope']} programs not run after a crash" in html and f"{lost['ops']} programs not run after a crash" in html
    assert "Broken run on TF" in html and reason in html


@pytest.mark.slow
def test_an_abort_loses_at_most_the_rest_of_its_shard_and_the_report_says_how_many(tmp_path: Path) -> None:
    """At the ci budget (10 shards of 25), TF aborts in the 6th program of name_scope's shard 3: that shard
    lost its last 19 programs, the 9 other shards ran in full, and the terminal summary, run_end and the
    report's name_scope cell say "19 programs not run after a crash"; the run is broken, not complete."""
    # x: named early in name_scope shard 3 under the ci profile, seed 0; the shard passes until TF aborts
    proc = run_families(tmp_path, ["name_scope"], "-p", "tests.support.faults", profile="ci",
                        CONFORMANCE_FAULT="abort:name_scope-shard3:x")
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = read_rows(results_file(tmp_path))
    budgets = {shard.index: shard.budget for shard in shards("name_scope", "ci")}
    assert budgets == dict.fromkeys(range(10), 25)
    ran = {index: [r["status"] for r in programs_of(rows, "name_scope", index)] for index in budgets}
    crashed = ran.pop(3)
    passing = len(crashed) - 1
    assert 0 < passing < 24 and crashed == ["pass"] * passing + ["broken"]
    assert ran == {index: ["pass"] * 25 for index in ran}
    broken = programs_of(rows, "name_scope", 3)[-1]
    lost = 25 - passing - 1
    assert broken["reason"].startswith("worker crashed: signal SIGABRT") and broken["not_run"] == lost
    assert len(programs_of(rows, "name_scope")) + broken["not_run"] == PROFILE_EXAMPLES["ci"]
    end = rows[-1]
    assert end["status"] == "broken" and end["reason"] == f"{lost} programs not run after a crash (name_scope {lost})"
    assert end["counts"]["name_scope"]["not_run"] == lost
    assert f"name_scope: {lost} programs not run after a crash" in proc.stdout
    assert f"{lost} programs not run after a crash of its shard" in proc.stdout  # the crashed test's own report
    page = build_page(tmp_path, tmp_path / "out")
    assert page.returncode == 0, page.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    cell = html[html.index('data-family="name_scope"'):]
    assert f"{lost} programs not run after a crash" in cell[:cell.index("</td>")]


ABORT_REPORT = """Fatal Python error: Aborted

Thread 0x00007f595bfff6c0 (most recent call first):
  File "/venv/site-packages/execnet/gateway_base.py", line 534 in read

Current thread 0x00007f595d41fb80 (most recent call first):
  File "/venv/site-packages/tensorflow/python/framework/ops.py", line 3429 in name_scope
  File "/work/main/conformance/runner.py", line 118 in run_block
"""
TIMEOUT_REPORT = """Timeout (0:00:05)!
Thread 0x00007f809adff6c0 (most recent call first):
  File "/venv/site-packages/execnet/gateway_base.py", line 534 in read

Thread 0x00007f809c1efb80 (most recent call first):
  File "/venv/site-packages/tensorflow/python/framework/ops.py", line 2717 in _create_op_internal
"""


@pytest.mark.parametrize(("report", "timeout", "reason"), [
    (ABORT_REPORT, None, "worker crashed: signal SIGABRT (Aborted) at ops.py:3429 in name_scope"),
    (TIMEOUT_REPORT, 5.0, "timed out after 5 s (per-program limit, CONFORMANCE_PROGRAM_TIMEOUT); the worker was "
                          "stopped at ops.py:2717 in _create_op_internal"),
    ("", None, "worker died without a fault report (killed, e.g. by SIGKILL or the out-of-memory killer)"),
])
def test_a_fault_report_becomes_one_line_naming_the_signal_and_the_dying_frame(
        report: str, timeout: float | None, reason: str) -> None:
    assert inflight.describe_fault(report, timeout) == reason


def test_a_dead_worker_without_a_program_in_flight_is_still_a_broken_row(tmp_path: Path) -> None:
    """No marker (it died while setting up): a broken row for its test, never a silent gap; files removed."""
    results = tmp_path / "tf-2.21.0.jsonl"
    fault = inflight.fault_path(results, "gw4")
    fault.parent.mkdir()
    fault.write_text(ABORT_REPORT)
    rows = inflight.crash_rows(results, "gw4", "tests/suite/test_differential.py::test_family[ops]", repr)
    assert [(r["family"], r["status"], r["program_id"], r["program"]) for r in rows] == [("ops", "broken", "-", None)]
    assert rows[0]["reason"].startswith("worker crashed: signal SIGABRT") and "outside any program" in rows[0]["reason"]
    assert not fault.exists()
    row = {"run_id": "r", "tf_version": "2.21.0", **rows[0]}
    results.write_bytes(b"".join(encode_row(r) for r in [
        {"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}, row,
        {"kind": "run_end", "run_id": "r", "status": "complete"}]))
    built = build_report(tmp_path, tmp_path / "out", changes_path=tmp_path / "absent.md", tensorboard=False)
    assert built.runs[0].totals["broken"] == 1
    assert "outside any program" in (tmp_path / "out" / "index.html").read_text()


def test_a_dead_worker_owes_its_held_failing_row_and_the_program_in_flight(tmp_path: Path) -> None:
    results = tmp_path / "tf-2.21.0.jsonl"
    program = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "name": "x", "value": 1.0}]}
    watch = inflight.Watch(results, "gw1")
    held = {"kind": "program", "family": "ops", "status": "diverge", "program_id": "abc", "program": program}
    try:
        watch.hold(held)
        with watch.running(program, "tests/suite/test_differential.py::test_family[ops]", 5.0):
            rows = inflight.crash_rows(results, "gw1", "tests/suite/test_differential.py::test_family[ops]",
                                       lambda p: f"repro of {p['family']}")
    finally:
        watch.close()
    assert rows[0] == held
    assert rows[1]["status"] == "broken" and rows[1]["program"] == program and rows[1]["repro"] == "repro of ops"
    assert rows[1]["reason"].startswith("worker died without a fault report")
    assert not (tmp_path / inflight.DIRECTORY).exists()


# ---- a killed run -------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_killed_run_keeps_every_written_row_and_the_report_marks_it_incomplete(tmp_path: Path) -> None:
    """SIGKILL to the whole run (controller and workers) partway: the rows written survive, the page is built."""
    results = tmp_path / "results"
    proc = start_suite(families_suite(results, ["name_scope", "variable_scope", "ops", "graph", "multi_graph"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    path = results / "tf-2.21.0.jsonl"
    deadline = time.monotonic() + SUITE_TIMEOUT_S
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if path.exists() and path.read_bytes().count(b'"kind":"program"') >= 5:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the run ended before it could be killed"
        before = path.read_bytes()
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(0.5)
    after = path.read_bytes()
    assert after.startswith(before)
    rows = read_rows(path)
    programs = [r for r in rows if r["kind"] == "program"]
    assert rows[0]["kind"] == "run_start" and len(programs) >= 5
    assert "run_end" not in {r["kind"] for r in rows}
    page = build_page(results, tmp_path / "out")
    assert page.returncode == 0, page.stderr
    assert f"{len(programs)} programs" in page.stdout
    html = (tmp_path / "out" / "index.html").read_text()
    assert "Incomplete run on TF 2.21.0" in html


# ---- determinism --------------------------------------------------------------------------------------------

def without_timing(path: Path) -> list[str]:
    """A results file's lines with the timing fields removed (everything else must match byte for byte)."""
    return [encode_row({k: v for k, v in row.items() if k not in TIMING_FIELDS}).decode()
            for row in read_rows(path)]


@pytest.mark.slow
def test_two_runs_with_the_same_seed_profile_and_tf_give_identical_results(tmp_path: Path) -> None:
    """Same seed, profile and TF on two xdist workers: identical results files apart from timing fields."""
    families = ["name_scope", "op_scope", "variable", "graph"]
    first, second = tmp_path / "first", tmp_path / "second"
    for directory in (first, second):
        proc = run_families(directory, families, CONFORMANCE_SEED="3")
        assert proc.returncode == 0, proc.stdout[-3000:]
    a, b = without_timing(results_file(first)), without_timing(results_file(second))
    assert len([line for line in a if '"kind":"program"' in line]) == 20 * len(families)
    assert a == b


def test_rows_are_put_in_run_order_whatever_order_workers_wrote_them(tmp_path: Path) -> None:
    """The run-end rewrite orders rows by kind and test and keeps each test's own order."""
    def program(test: str, n: int) -> dict[str, Any]:
        return {"kind": "program", "run_id": "r", "family": "ops", "status": "pass", "program_id": str(n),
                "test": test}

    def claim(n: int) -> dict[str, Any]:
        return {"kind": "claim", "run_id": "r", "claim_id": str(n), "holds": True}

    written = [{"kind": "run_start", "run_id": "r", "tf_version": "x"}, program("t[b]", 1), program("t[a]", 1),
               program("t[b]", 2), claim(1), program("t[a]", 2), claim(2),
               {"kind": "run_end", "run_id": "r", "status": "complete"}]
    path = tmp_path / "tf-x.jsonl"
    path.write_bytes(b"".join(encode_row(row) for row in written))
    put_in_order(path)
    assert read_rows(path) == [written[0], written[2], written[5], written[1], written[3], written[4],
                               written[6], written[7]]
    assert run_order(read_rows(path)) == read_rows(path)
    assert not list(tmp_path.glob(".*"))


def test_ordering_rows_already_read_writes_what_reading_them_again_would(tmp_path: Path) -> None:
    """The run end reads the file once: ordering the rows it read plus its run_end gives the same bytes as
    put_in_order reading the file again; a file read with a torn last line is read again (and left unordered)."""
    written = [{"kind": "run_start", "run_id": "r", "tf_version": "x"},
               *({"kind": "program", "run_id": "r", "family": "ops", "status": "pass", "program_id": str(n),
                  "test": f"t[{'ba'[n % 2]}]"} for n in range(6))]
    end = {"kind": "run_end", "run_id": "r", "status": "complete"}
    once, again = tmp_path / "once" / "tf-x.jsonl", tmp_path / "again" / "tf-x.jsonl"
    for path in (once, again):
        path.parent.mkdir()
        path.write_bytes(b"".join(encode_row(row) for row in written))
    read = read_results(once)
    once.write_bytes(once.read_bytes() + encode_row(end))
    put_read_rows_in_order(once, read, [end])
    again.write_bytes(again.read_bytes() + encode_row(end))
    put_in_order(again)
    assert once.read_bytes() == again.read_bytes()
    assert read_rows(once)[-1] == end and read_rows(once)[1]["test"] == "t[a]"

    torn = tmp_path / "torn" / "tf-x.jsonl"
    torn.parent.mkdir()
    torn.write_bytes(b"".join(encode_row(row) for row in written) + b'{"kind": "prog')
    read = read_results(torn)
    assert read.torn_tail is not None
    torn.write_bytes(torn.read_bytes() + encode_row(end))
    with pytest.raises(ResultsFileError, match="tf-x.jsonl:8"):
        put_read_rows_in_order(torn, read, [end])


# ---- isolation ----------------------------------------------------------------------------------------------

def test_a_programs_trace_does_not_depend_on_what_ran_before_it(tmp_path: Path) -> None:
    """A derandomized sample replayed on TF and the model in a fresh process, then shuffled and then reversed in
    that same process: every program's trace is the same each time, first program of a fresh process included."""
    sample = sample_programs(per_family=6)
    assert len(sample) >= 40
    programs = tmp_path / "programs.json"
    programs.write_text(json.dumps(sample))
    proc = subprocess.run([sys.executable, "-m", "tests.support.isolation", str(programs), "--order", "given",
                           "--order", "shuffled:1", "--order", "reversed"],
                          cwd=REPO_ROOT, capture_output=True, text=True, env=clean_env(tmp_path), timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    traces = json.loads(proc.stdout)
    for backend in ("tf", "model"):
        fresh = traces[backend]["given"]
        assert len(fresh) == len(sample)
        assert traces[backend]["shuffled:1"] == fresh
        assert traces[backend]["reversed"] == fresh


# ---- bad input ----------------------------------------------------------------------------------------------

RECORDED = b'{"kind":"run_start","run_id":"earlier","tf_version":"2.21.0"}\n'


#: dist-info prefixes of every TensorFlow distribution the model reads the version from
TF_DIST_PREFIXES = ("tensorflow-", "tensorflow_cpu-", "tensorflow_intel-", "tf_nightly-", "tf_nightly_cpu-")


def venv_like_this_one(root: Path, keep: Callable[[str], bool]) -> str:
    """A real virtualenv holding this one's packages that `keep` accepts (symlinked, so it is quick)."""
    import sysconfig

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    target = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if keep(entry.name):
            (target / entry.name).symlink_to(entry)
    return str(python)


@pytest.fixture(scope="module")
def python_without_tf(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A virtualenv with every package of this one except TensorFlow: no package, no distribution metadata."""
    return venv_like_this_one(tmp_path_factory.mktemp("no-tf-venv"),
                              lambda name: name != "tensorflow" and not name.startswith(TF_DIST_PREFIXES))


@pytest.fixture(scope="module")
def python_with_broken_tf(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A virtualenv whose TF distribution metadata is there but whose `tensorflow` package is not."""
    return venv_like_this_one(tmp_path_factory.mktemp("broken-tf-venv"), lambda name: name != "tensorflow")


@pytest.mark.parametrize("workers", [None, "2"], ids=["one-process", "xdist"])
def test_no_tensorflow_is_one_line_saying_how_to_install_it(
        workers: str | None, python_without_tf: str, tmp_path: Path) -> None:
    """Without TF the suite refuses to start: exit 2, one line on stderr, earlier results untouched."""
    earlier = tmp_path / "tf-none.jsonl"
    earlier.write_bytes(RECORDED)
    line = one_line_error(run_differential(tmp_path, workers, python_without_tf))
    assert "TensorFlow is not installed" in line and "pip install -e '.[tf]'" in line
    assert earlier.read_bytes() == RECORDED and sorted(p.name for p in tmp_path.iterdir()) == ["tf-none.jsonl"]


@pytest.mark.parametrize("workers", [None, "2"], ids=["one-process", "xdist"])
def test_tf_metadata_without_its_package_is_one_line(
        workers: str | None, python_with_broken_tf: str, tmp_path: Path) -> None:
    """TF's metadata without its package (found on the tf-nightly venv): exit 2, one line, no results file."""
    line = one_line_error(run_differential(tmp_path, workers, python_with_broken_tf))
    assert "is registered as installed but its `tensorflow` package is missing" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("workers", [None, "2"], ids=["one-process", "xdist"])
def test_a_backend_that_fails_to_import_is_a_broken_run_not_zero_results(workers: str | None, tmp_path: Path) -> None:
    """Every differential test errors in setup: the run ends `broken`, naming the error, never `complete`."""
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "exploding_backend.py").write_text("raise RuntimeError('backend exploded on import')\n")
    results = tmp_path / "results"
    proc = run_suite(suite(results, "-q", "-p", "no:randomly", "tests/suite/test_differential.py::test_family[graph-shard0]",
                           workers=workers, CONFORMANCE_TF_MODULE="exploding_backend", PYTHONPATH=str(modules)),
                     capture_output=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    [results_file] = results.iterdir()
    run_end = read_rows(results_file)[-1]
    assert run_end["kind"] == "run_end" and run_end["status"] == "broken" and run_end["counts"] == {}
    assert run_end["reason"] == ("harness error: tests/suite/test_differential.py::test_family[graph-shard0] (setup): "
                                 "RuntimeError: backend exploded on import")


def test_a_module_under_test_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    """CONFORMANCE_TF_MODULE naming no module: exit 2, one line, nothing written."""
    proc = run_differential(tmp_path, None, CONFORMANCE_TF_MODULE="no_such_backend.v1")
    assert one_line_error(proc) == "conformance: error: CONFORMANCE_TF_MODULE=no_such_backend.v1: no such module"
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("workers", [None, "2"], ids=["one-process", "xdist"])
def test_a_results_directory_that_cannot_be_written_is_one_line(workers: str | None, tmp_path: Path) -> None:
    """The results directory is under a regular file (chmod would not stop root): exit 2, the path named."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory\n")
    results = blocker / "results"
    line = one_line_error(run_differential(results, workers))
    assert f"{results / 'tf-'}" in line and "cannot write results (Not a directory)" in line
    assert blocker.read_text() == "not a directory\n"


@pytest.mark.parametrize(("workers", "variable", "value", "problem"), [
    ("2", "CONFORMANCE_PROGRAM_TIMEOUT", "abc", "must be a positive number of seconds, got 'abc'"),
    (None, "CONFORMANCE_PROGRAM_TIMEOUT", "0", "must be a positive number of seconds, got '0'"),
    (None, "CONFORMANCE_PROGRAM_TIMEOUT", "inf", "must be a positive number of seconds, got 'inf'"),
    (None, "CONFORMANCE_SEED", "1.5", "must be an integer, got '1.5'"),
])
def test_a_bad_setting_stops_the_run_before_it_truncates_anything(
        workers: str | None, variable: str, value: str, problem: str, tmp_path: Path) -> None:
    """A bad setting is named on one line, exit 2, and the last run's rows are kept."""
    earlier = tmp_path / "tf-2.21.0.jsonl"
    earlier.write_bytes(RECORDED)
    proc = run_differential(tmp_path, workers, **{variable: value})
    assert one_line_error(proc) == f"conformance: error: {variable}: {problem}"
    assert earlier.read_bytes() == RECORDED


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"kind": "run_start"}\n{"kind": \n', ":2: not valid JSON (Expecting value at column 10)"),
    (b'{"kind": "run_start"}\n\n[1, 2]\n', ":3: expected a JSON object, got list"),
    (b'{"kind": "run_start", "duration_s": NaN}\n', ":1: not valid JSON (NaN is not JSON)"),
    (b'{"kind": "\xff"}\n', ":1: not UTF-8"),
    (b"__import__('os').system('echo pwned')\n", ":1: not valid JSON (Expecting value at column 1)"),
])
def test_a_corrupt_jsonl_file_is_named_with_its_line(content: bytes, problem: str, tmp_path: Path) -> None:
    """read_jsonl (results, history, traces) names the file and the line; nothing in the file is executed."""
    path = tmp_path / "corrupt.jsonl"
    path.write_bytes(content)
    with pytest.raises(BadInput) as raised:
        read_jsonl(path)
    assert str(raised.value) == f"{path}{problem}" and "\n" not in str(raised.value)
    assert path.read_bytes() == content


def test_a_corrupt_results_file_is_one_line_from_the_report_and_nothing_is_lost(tmp_path: Path) -> None:
    """`python -m conformance.report` on a corrupt file: exit 2, file:line, the file and the old page kept."""
    results = tmp_path / "results"
    results.mkdir()
    corrupt = results / "tf-2.21.0.jsonl"
    content = RECORDED + b'{"kind": "program", "run_id": "earlier"\n' + b'{"kind":"run_end","run_id":"earlier"}\n'
    corrupt.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the last good page")
    line = one_line_error(build_page(results, out))
    assert f"{corrupt}:2: not valid JSON" in line
    assert corrupt.read_bytes() == content and (out / "index.html").read_text() == "the last good page"


def test_a_corrupt_programs_file_is_one_line_from_the_isolation_replay(tmp_path: Path) -> None:
    path = tmp_path / "programs.json"
    path.write_text('[{"format": 1}, ')
    proc = subprocess.run([sys.executable, "-m", "tests.support.isolation", str(path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)
    assert str(path) in one_line_error(proc)


# ---- safety -------------------------------------------------------------------------------------------------

UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}
#: The only exec() calls: they run code this repository wrote (mutated own source, rendered repro scripts).
EXEC_ALLOWED = {"conformance/selfcheck/mutation.py", "conformance/selfcheck/bench.py"}


def test_no_pickle_and_no_eval_of_file_contents() -> None:
    """Programs and results are plain JSON: no pickle-like module anywhere, no eval, exec only of our own code."""
    offences = []
    for path in sorted([*REPO_ROOT.glob("conformance/**/*.py"), *REPO_ROOT.glob("reference_impl/**/*.py")]):
        relative = path.relative_to(REPO_ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                offences += [f"{relative}: imports {n}" for n in names if n.split(".")[0] in UNSAFE_MODULES]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                if name in ("eval", "literal_eval") or (name == "exec" and relative not in EXEC_ALLOWED):
                    offences.append(f"{relative}:{node.lineno}: calls {name}")
    assert offences == []


SPECIALS = ("<", '"', "'", "&", "</script><", "]]><")
#: A name with markup in it: random text, a markup character, a token (added below), random text.
MARKED = st.tuples(st.text(st.characters(exclude_categories=("Cs",)), max_size=6), st.sampled_from(SPECIALS),
                   st.text(st.characters(exclude_categories=("Cs",)), max_size=6))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(parts=st.lists(MARKED, min_size=7, max_size=7))
def test_the_report_escapes_every_name_hypothesis_draws_with_markup(parts: list[tuple[str, str, str]]) -> None:
    """Names with markup in a program, its traces, the diff, a reason, the family and the run id: every one
    reaches the page as escaped text and never as markup."""
    import tempfile

    # markup character + a token found nowhere else, so its raw and escaped forms can be looked for
    names = [(before + special + f"qz{i}x" + after, special + f"qz{i}x")
             for i, (before, special, after) in enumerate(parts)]
    (scope, _), (const, _), (summary, _), (reason, _), (family, _), (run_id, _), (claim, _) = names
    program = {"format": 1, "family": family, "body": [
        {"op": "name_scope", "id": "s1", "name": scope, "body": [
            {"op": "constant", "id": "s2", "name": const, "value": 1.0}]}]}
    tf_trace = [{"id": "s1", "op": "name_scope", "phase": "enter",
                 "raised": {"type": "ValueError", "message": f"{scope!r} is not a valid scope name"}},
                {"id": "end", "op": "graphs", "phase": "end", "ok": {"g0": []}}]
    model_trace = [{"id": "s1", "op": "name_scope", "phase": "enter", "ok": {"scope": scope + "/"}},
                   {"id": "s2", "op": "constant", "phase": "call", "ok": {"name": f"{scope}/{const}:0"}},
                   {"id": "end", "op": "graphs", "phase": "end", "ok": {"g0": [[f"{scope}/{const}", "Const"]]}}]
    common = {"kind": "program", "run_id": run_id, "tf_version": "2.21.0", "family": family,
              "test": f"tests/suite/test_differential.py::test_family[{family}]", "duration_s": 0.01}
    rows = [
        {"kind": "run_start", "run_id": run_id, "tf_version": "2.21.0", "started": "2026-01-01T00:00:00Z",
         "host": scope, "profile": "dev", "seed": 0},
        {**common, "status": "diverge", "program_id": "0123456789abcdef", "program": program, "tf_trace": tf_trace,
         "model_trace": model_trace, "repro": f"tf.name_scope({scope!r})", "reason": None,
         "diff": {"index": 0, "id": "s1", "tf": tf_trace[0], "model": model_trace[0], "summary": summary}},
        {**common, "status": "broken", "program_id": "fedcba9876543210", "program": program, "tf_trace": None,
         "model_trace": None, "repro": None, "reason": reason, "diff": None},
        {"kind": "claim", "run_id": run_id, "tf_version": "2.21.0", "claim_id": "c1", "text": claim,
         "code": claim, "note": claim, "expected": {"name": claim}, "observed": {"name": claim}, "holds": False},
        {"kind": "run_end", "run_id": run_id, "status": "complete", "reason": None, "duration_s": 1.0,
         "counts": {}},
    ]
    with tempfile.TemporaryDirectory() as temporary:
        results, out = Path(temporary) / "results", Path(temporary) / "out"
        results.mkdir()
        (results / "tf-2.21.0.jsonl").write_bytes(b"".join(encode_row(row) for row in rows))
        build_report(results, out, changes_path=Path(temporary) / "absent.md", tensorboard=False)
        html = (out / "index.html").read_text(encoding="utf-8")
    for _, marked in names:
        assert marked not in html, marked
        assert str(markupsafe.escape(marked)) in html, marked
