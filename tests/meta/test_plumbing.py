"""The shared plumbing: the JSONL and JSON readers with their torn-line policy, the atomic writer, BadInput, the
suite launcher, the results directory, the run model and the identity mask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance import launch
from conformance.corpus.store import CorpusError
from conformance.errors import BadInput
from conformance.files import JsonlFile, read_json, read_jsonl, write_atomically
from conformance.launch import Suite
from conformance.paths import REPO_ROOT, RESULTS_DIR_ENV
from conformance.report.loading import ReportInputError
from conformance.results import ResultsFileError, read_results
from conformance.runs import group_runs, last_run
from conformance.seed_claims import Claim, run_claim
from conformance.selfcheck.bench import BenchError
from conformance.trace import mask_identities

START = '{"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}\n'
PROGRAM = '{"kind": "program", "run_id": "r", "family": "ops", "status": "pass", "program_id": "p"}\n'


# ---- reading JSONL: the torn-line policy ---------------------------------------------------------------------

def test_a_torn_last_line_is_dropped_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(START + PROGRAM + '{"kind": "prog')
    read = read_jsonl(path)
    assert read.torn_tail == 3 and [row["kind"] for row in read.rows] == ["run_start", "program"]


def test_a_whole_unterminated_last_line_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(START + PROGRAM.rstrip("\n"))
    read = read_jsonl(path)
    assert read.torn_tail is None and len(read.rows) == 2


def test_a_bad_line_that_is_not_the_last_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(START + '{"kind": "prog\n' + PROGRAM)
    with pytest.raises(BadInput, match=r"rows\.jsonl:2: not valid JSON"):
        read_jsonl(path)


def test_a_file_written_whole_cannot_be_torn(tmp_path: Path) -> None:
    path = tmp_path / "traces.jsonl"
    for tail in ('{"kind": "tr', PROGRAM.rstrip("\n")):
        path.write_text(START + tail)
        with pytest.raises(BadInput, match=r"traces\.jsonl:2: truncated \(the last line has no newline\)"):
            read_jsonl(path, whole=True)


def test_a_missing_file_is_bad_input_naming_it(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"absent\.jsonl: cannot read \(No such file or directory\)"):
        read_jsonl(tmp_path / "absent.jsonl")


def test_results_rows_are_checked_and_a_torn_tail_is_kept_in_the_file_read(tmp_path: Path) -> None:
    path = tmp_path / "tf-2.21.0.jsonl"
    path.write_text(START + PROGRAM + '{"kind": "run_e')
    results = read_results(path)
    assert results.torn_tail == 3 and [line for line, _ in results.numbered] == [1, 2]
    path.write_text(START + '{"kind": "program", "run_id": "r"}\n')
    with pytest.raises(ResultsFileError, match=r"tf-2\.21\.0\.jsonl:2: program row lacks 'family'"):
        read_results(path)


def test_read_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text('{\n "a": 1,\n}\n')
    with pytest.raises(BadInput, match=r"doc\.json:3: not valid JSON"):
        read_json(path)


# ---- writing atomically ------------------------------------------------------------------------------------

def test_write_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "out.json"
    write_atomically(path, "first\n")
    write_atomically(path, b"second\n", durable=True)
    assert path.read_text() == "second\n" and os.stat(path).st_mode & 0o777 == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["out.json"]


def test_a_failed_write_keeps_the_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.json"
    path.write_text("old\n")

    def refuse_replace(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, "new\n")
    assert path.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


# ---- bad input -----------------------------------------------------------------------------------------------

def test_bad_input_is_one_line_naming_where() -> None:
    assert str(BadInput("f.jsonl", "not valid JSON", 3)) == "f.jsonl:3: not valid JSON"
    assert str(BadInput("CONFORMANCE_SEED", "must be an integer")) == "CONFORMANCE_SEED: must be an integer"
    assert str(BadInput(None, "unknown figure 'x'")) == "unknown figure 'x'"


@pytest.mark.parametrize("error", [CorpusError, ReportInputError, BenchError, ResultsFileError])
def test_the_corpus_report_bench_and_results_errors_are_bad_input(error: type[BadInput]) -> None:
    assert issubclass(error, BadInput)
    assert str(error("x.json", "bad", 1)) == "x.json:1: bad"


# ---- launching the suite -------------------------------------------------------------------------------------

def test_the_suite_command_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    monkeypatch.chdir(tmp_path)
    suite = Suite(Path("relative"), profile="dev", workers="2", args=("-q", "tests/suite"), env={"X": "1"})
    assert suite.command() == [sys.executable, "-m", "pytest", "-n", "2", "--hypothesis-profile=dev", "-q",
                               "tests/suite"]
    env = suite.environment()
    assert env[RESULTS_DIR_ENV] == str(tmp_path / "relative") and env["HYPOTHESIS_PROFILE"] == "dev"
    assert env["X"] == "1" and "PYTEST_XDIST_WORKER" not in env and suite.cwd == REPO_ROOT
    plain = Suite(tmp_path, profile=None, workers=None, base_env={"PATH": "/bin"})
    assert plain.command()[3:] == [] and set(plain.environment()) == {"PATH", RESULTS_DIR_ENV}


def test_make_test_runs_the_fast_lane_alone_then_the_whole_suite_as_before(tmp_path: Path) -> None:
    """The fast lane: the corpus tests only, in one process, stopping at the first failure; then today's command."""
    lane, whole = launch.make_test_stages(tmp_path, "ci")
    assert lane.command()[3:] == ["-n", "0", "--hypothesis-profile=ci", "-m", "corpus", "-x", "-q",
                                  "tests/suite/test_corpus.py"]
    assert whole.command()[3:] == ["-n", "auto", "--hypothesis-profile=ci"]
    assert lane.results_dir == whole.results_dir == tmp_path


@pytest.mark.parametrize("lane_exit, started, status", [(1, ["-m"], 1), (0, ["-m", "-n"], 3)])
def test_make_test_starts_the_suite_only_when_the_fast_lane_passes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lane_exit: int, started: list[str],
        status: int) -> None:
    runs: list[str] = []

    def fake_run(suite: Suite, **options: object) -> subprocess.CompletedProcess[str]:
        fast = "corpus" in suite.args
        runs.append("-m" if fast else "-n")
        return subprocess.CompletedProcess(suite.command(), lane_exit if fast else 3)

    monkeypatch.setattr(launch, "run_suite", fake_run)
    assert launch.main(["--profile", "dev"]) == status
    assert runs == started
    if lane_exit:
        assert "the TF suite was not started" in capsys.readouterr().err


def test_the_fast_lane_imports_no_tensorflow_before_it_fails(tmp_path: Path) -> None:
    """A model bug stops the fast lane before TensorFlow is imported: a planted bug (a model mutant) with every
    `import tensorflow` blocked fails a replay test, not an import."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys, importlib.abc\n"
                       "class NoTensorFlow(importlib.abc.MetaPathFinder):\n"
                       "    def find_spec(self, name, path=None, target=None):\n"
                       "        if name == 'tensorflow' or name.startswith('tensorflow.'):\n"
                       "            raise ImportError('TensorFlow is blocked')\n"
                       "sys.meta_path.insert(0, NoTensorFlow())\n"
                       "sys.stderr.write('TensorFlow blocker installed\\n')\n")
    env = {"CONFORMANCE_MODEL_MUTANT": "suffix_off_by_one",
           "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO_ROOT)])}
    proc = launch.run_suite(launch.fast_lane(tmp_path / "results", args=("-p", "conformance.selfcheck.model_mutants"),
                                             env=env), capture_output=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED ")]
    assert len(failed) == 1 and "test_replay_on_model" in failed[0], proc.stdout[-2000:]
    assert "TensorFlow blocker installed" in proc.stderr and "TensorFlow is blocked" not in proc.stdout + proc.stderr


# ---- the results directory -----------------------------------------------------------------------------------

def test_the_default_results_directory_does_not_depend_on_the_current_directory(tmp_path: Path) -> None:
    code = "from conformance.paths import results_dir; print(results_dir())"
    env = {k: v for k, v in os.environ.items() if k != RESULTS_DIR_ENV}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "PYTHONPATH": str(REPO_ROOT)},
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == str(REPO_ROOT / "reports" / "results")
    relative = subprocess.run([sys.executable, "-c", code], cwd=tmp_path,
                              env={**env, "PYTHONPATH": str(REPO_ROOT), RESULTS_DIR_ENV: "mine"},
                              capture_output=True, text=True, check=True).stdout.strip()
    assert relative == str(tmp_path / "mine")


# ---- the run model -------------------------------------------------------------------------------------------

def results_of(tmp_path: Path, text: str) -> JsonlFile:
    path = tmp_path / "tf-2.21.0.jsonl"
    path.write_text(text)
    return read_results(path)


def test_a_row_of_a_run_that_has_not_started_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ResultsFileError, match=r":1: program row of run 'r' before its run_start"):
        group_runs([results_of(tmp_path, PROGRAM)])


def test_a_run_id_started_again_is_a_new_run_and_the_last_run_is_the_files_last(tmp_path: Path) -> None:
    end = '{"kind": "run_end", "run_id": "r", "status": "complete"}\n'
    results = results_of(tmp_path, START + PROGRAM + end + START + PROGRAM + PROGRAM)
    first, second = group_runs([results])
    assert (first.status, len(first.programs)) == ("complete", 1)
    assert (second.status, len(second.programs), second.order) == ("incomplete", 2, 1)
    assert last_run(results.path).programs == second.programs
    assert last_run(tmp_path / "none.jsonl") is None


def test_an_unfinished_run_of_a_torn_file_is_marked(tmp_path: Path) -> None:
    [run] = group_runs([results_of(tmp_path, START + PROGRAM + '{"kind": "pro')])
    assert run.torn_tail and run.status == "incomplete" and run.totals["programs"] == 1


# ---- the identity mask ---------------------------------------------------------------------------------------

def test_seed_claim_messages_use_the_trace_identity_mask() -> None:
    """TF 2.13's PyGraph<0x…> and `<… object at 0x…>` are masked in claims exactly as in traces."""
    message = "graphs are PyGraph<0x55d0c1a2b3c0> and <tensorflow.Graph object at 0x7f00deadbeef>, id 0x1f"

    def snippet(tf: object) -> dict[str, str]:
        raise ValueError(message)

    class Module:
        class Graph:
            def as_default(self) -> Module.Graph:
                return self

            def __enter__(self) -> None:
                return None

            def __exit__(self, *exc: object) -> None:
                return None

    claim = Claim("c", "q", "g", {}, snippet)
    observed = run_claim(claim, Module)
    assert observed == {"raised": f"ValueError: {mask_identities(message)}"}
    assert observed["raised"] == "ValueError: graphs are PyGraph<…> and <object>, id 0x…"
