"""The TF version matrix: version resolution, broken runs, suite bookkeeping and the summary (no venv is built)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.matrix import run as matrix
from conformance.matrix import summary as matrix_summary
from conformance.matrix import venv as matrix_venv
from conformance.matrix import versions
from conformance.matrix.run import MatrixConfig, run_matrix
from conformance.matrix.venv import BuildResult
from conformance.matrix.versions import TFRelease, UnknownVersion
from conformance.paths import REPO_ROOT
from conformance.results import ResultsWriter, read_rows

SERVED = {
    "tensorflow-cpu": ["2.21.0", "2.20.0", "2.12.1"],
    "tf-nightly": ["2.23.0.dev20261026", "2.23.0.dev20261025"],
    "tf-nightly-cpu": ["2.22.0.dev20260905"],
}


def fake_lookup(package: str) -> list[str] | None:
    """A registry that serves SERVED."""
    return SERVED.get(package, [])


def offline_lookup(package: str) -> list[str] | None:
    """A registry that cannot be asked."""
    return None


def must_not_look_up(package: str) -> list[str] | None:
    """A registry that must not be asked."""
    raise AssertionError(f"asked the registry about {package}")


def must_not_build(release: TFRelease, config: MatrixConfig) -> BuildResult:
    """A builder for cases that must never reach the venv step."""
    raise AssertionError(f"tried to build {release}")


def must_not_run(release: TFRelease, config: MatrixConfig) -> int:
    """A suite runner for cases that must never reach the suite."""
    raise AssertionError(f"tried to run the suite for {release}")


def built(release: TFRelease, config: MatrixConfig) -> BuildResult:
    """A builder that pretends the venv is ready."""
    return BuildResult(ok=True, reused=True, seconds=0.0)


def write_rows(path: Path, rows: list[dict]) -> None:
    """Append rows to a results file the way the suite does."""
    writer = ResultsWriter(path)
    for row in rows:
        writer.write(row)
    writer.close()


def suite_run_rows(run_id: str, tf_version: str, families: dict[str, list[str]], end: bool = True,
                   started: str | None = None) -> list[dict]:
    """A suite run in the docs/formats.md shape: run_start, one program row per status, run_end."""
    rows: list[dict] = [{"kind": "run_start", "run_id": run_id, "tf_version": tf_version, "profile": "ci",
                         "started": started or matrix.now_iso()}]
    counts = {}
    for family, statuses in families.items():
        for number, status in enumerate(statuses):
            rows.append({"kind": "program", "run_id": run_id, "family": family, "status": status,
                         "program_id": f"{family}-{number}"})
        counts[family] = {"programs": len(statuses), **{s: statuses.count(s) for s in ("diverge", "broken", "xfail")}}
    if end:
        rows.append({"kind": "run_end", "run_id": run_id, "status": "complete", "reason": None,
                     "duration_s": 1.0, "counts": counts})
    return rows


def config_for(tmp_path: Path) -> MatrixConfig:
    """A matrix config that writes only under tmp_path."""
    return MatrixConfig(profile="ci", results_dir=tmp_path / "results", matrix_dir=tmp_path / ".matrix")


# --- versions -------------------------------------------------------------------------------------------------


def test_matrix_versions_are_the_newest_patch_of_each_minor() -> None:
    assert versions.MATRIX_VERSIONS == (
        "2.12.1", "2.13.1", "2.14.1", "2.15.1", "2.16.2", "2.17.1", "2.18.1", "2.19.1", "2.20.0", "2.21.0",
    )


def test_parse_versions_splits_on_spaces_and_commas_and_drops_duplicates() -> None:
    assert versions.parse_versions(" 2.12.1  2.21.0,nightly 2.12.1 ") == ["2.12.1", "2.21.0", "nightly"]
    assert versions.parse_versions("   ") == []


def test_parse_pip_index_reads_the_available_versions_line() -> None:
    out = "tf-nightly (2.23.0.dev2)\nAvailable versions: 2.23.0.dev2, 2.23.0.dev1\n"
    assert versions.parse_pip_index(out) == ["2.23.0.dev2", "2.23.0.dev1"]
    assert versions.parse_pip_index("") == []


def test_known_release_resolves_to_tensorflow_cpu() -> None:
    release = versions.resolve("2.21.0", fake_lookup)
    assert release == TFRelease(label="2.21.0", package="tensorflow-cpu", version="2.21.0")
    assert release.requirement == "tensorflow-cpu==2.21.0"
    assert not release.prerelease


def test_release_missing_from_the_registry_is_unknown_and_named() -> None:
    with pytest.raises(UnknownVersion, match=r"'2\.99\.0'"):
        versions.resolve("2.99.0", fake_lookup)


@pytest.mark.parametrize("label", ["bogus", "2.21", "2.21.0rc1", "../x", ""])
def test_malformed_version_is_unknown_without_asking_the_registry(label: str) -> None:
    with pytest.raises(UnknownVersion, match="expected X.Y.Z"):
        versions.resolve(label, must_not_look_up)


def test_release_is_trusted_when_the_registry_cannot_be_asked() -> None:
    assert versions.resolve("2.99.0", offline_lookup).version == "2.99.0"


def test_nightly_is_the_newest_build_of_either_nightly_package() -> None:
    release = versions.resolve("nightly", fake_lookup)
    assert (release.package, release.version, release.label) == ("tf-nightly", "2.23.0.dev20261026", "nightly")
    assert release.prerelease


def test_default_matrix_includes_nightly_only_when_served() -> None:
    assert versions.default_labels(fake_lookup) == [*versions.MATRIX_VERSIONS, "nightly"]
    assert versions.default_labels(lambda package: []) == list(versions.MATRIX_VERSIONS)
    with pytest.raises(UnknownVersion, match="nightly"):
        versions.resolve("nightly", lambda package: [])


def test_file_label_keeps_versions_and_defuses_paths() -> None:
    assert versions.file_label("2.23.0.dev20261026") == "2.23.0.dev20261026"
    assert "/" not in versions.file_label("../../etc/x")


# --- venvs ----------------------------------------------------------------------------------------------------


def fake_repo(tmp_path: Path) -> Path:
    """A directory with a pyproject.toml, standing in for the repo root."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return repo


def test_venv_with_a_matching_stamp_is_reused_without_running_uv(tmp_path: Path, monkeypatch) -> None:
    repo, release = fake_repo(tmp_path), TFRelease("2.21.0", "tensorflow-cpu", "2.21.0")
    venv = matrix_venv.venv_dir(tmp_path / ".matrix", "2.21.0")
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    (venv / matrix_venv.STAMP_NAME).write_text(json.dumps(matrix_venv.wanted_stamp(release, repo, "py")))
    monkeypatch.setattr(matrix_venv, "run_logged", lambda *a: pytest.fail("uv was run"))
    result = matrix_venv.build_venv(release, tmp_path / ".matrix", repo, "py")
    assert result.ok and result.reused


def test_venv_is_rebuilt_when_the_requirement_or_project_changes(tmp_path: Path) -> None:
    repo, release = fake_repo(tmp_path), TFRelease("nightly", "tf-nightly", "2.23.0.dev1")
    venv = matrix_venv.venv_dir(tmp_path / ".matrix", "nightly")
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    stamp = matrix_venv.wanted_stamp(release, repo, "py")
    (venv / matrix_venv.STAMP_NAME).write_text(json.dumps(stamp))
    assert matrix_venv.is_reusable(venv, stamp)
    newer = TFRelease("nightly", "tf-nightly", "2.23.0.dev2")
    assert not matrix_venv.is_reusable(venv, matrix_venv.wanted_stamp(newer, repo, "py"))
    (repo / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert not matrix_venv.is_reusable(venv, matrix_venv.wanted_stamp(release, repo, "py"))


def test_install_command_pins_tf_and_installs_the_project_with_dev_not_tf_extra(tmp_path: Path) -> None:
    venv = tmp_path / "tf-2.21.0"
    cmd = matrix_venv.install_command(venv, TFRelease("2.21.0", "tensorflow-cpu", "2.21.0"), REPO_ROOT)
    assert cmd[-3:] == ["tensorflow-cpu==2.21.0", "-e", f"{REPO_ROOT}[dev]"]
    assert not any("[tf" in part for part in cmd)
    assert "--prerelease" not in cmd and str(venv / "bin" / "python") in cmd
    nightly = matrix_venv.install_command(venv, TFRelease("nightly", "tf-nightly", "2.23.0.dev1"), REPO_ROOT)
    assert "--prerelease" in nightly


def test_failure_reason_is_one_line_naming_the_requirement() -> None:
    output = "Using Python 3.11.7 environment at: x\nerror: No solution found\n  cause: no wheels for cp311\n"
    reason = matrix_venv.failure_reason(TFRelease("2.11.0", "tensorflow-cpu", "2.11.0"), output, 1)
    assert reason == "could not install tensorflow-cpu==2.11.0: No solution found cause: no wheels for cp311"


# --- the suite invocation -------------------------------------------------------------------------------------


def test_suite_runs_on_xdist_with_the_profile_and_the_version_in_the_environment(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    release = TFRelease("nightly", "tf-nightly", "2.23.0.dev1")
    suite = matrix.suite_for(release, config)
    cmd = suite.command()
    assert cmd[0] == str(tmp_path / ".matrix" / "tf-nightly" / "bin" / "python")
    assert cmd[1:] == ["-m", "pytest", "-n", "auto", "--hypothesis-profile=ci"]
    env = suite.environment()
    assert env["REFERENCE_TF_VERSION"] == "2.23.0.dev1"
    assert env["CONFORMANCE_RESULTS_DIR"] == str(tmp_path / "results")
    assert env["HYPOTHESIS_PROFILE"] == "ci"
    assert env["PATH"].startswith(str(tmp_path / ".matrix" / "tf-nightly" / "bin"))


# --- broken runs ----------------------------------------------------------------------------------------------


def test_unknown_version_becomes_a_broken_run_and_exit_2(tmp_path: Path, capsys) -> None:
    outcomes, status = run_matrix(["9.9.9"], config_for(tmp_path), fake_lookup, must_not_build, must_not_run)
    assert status == 2
    start, end = read_rows(tmp_path / "results" / "tf-9.9.9.jsonl")
    assert start["kind"] == "run_start" and start["tf_version"] == "9.9.9" and start["profile"] == "ci"
    assert end["kind"] == "run_end" and end["status"] == "broken" and end["run_id"] == start["run_id"]
    assert "9.9.9" in end["reason"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "9.9.9" in err[0]


def test_broken_run_is_shown_as_broken_not_as_zero_results(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results"
    write_rows(results / "tf-2.21.0.jsonl", suite_run_rows("r1", "2.21.0", {"ops": ["pass", "pass"]}))
    matrix.write_broken_run(results / "tf-9.9.9.jsonl", "9.9.9", "ci", "unknown TF version '9.9.9'", 0.1)
    table = matrix_summary.summary_table([("2.21.0", results / "tf-2.21.0.jsonl"),
                                          ("9.9.9", results / "tf-9.9.9.jsonl")])
    broken_line = next(line for line in table.splitlines() if line.startswith("9.9.9"))
    assert broken_line.split()[1:] == ["broken", "broken"]
    assert "0/0" not in table
    assert "9.9.9: broken: unknown TF version '9.9.9'" in table


def test_cli_unknown_version_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "conformance.matrix", "--versions", "not-a-version",
         "--results-dir", str(tmp_path / "results"), "--matrix-dir", str(tmp_path / ".matrix")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "not-a-version" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert [row["kind"] for row in read_rows(tmp_path / "results" / "tf-not-a-version.jsonl")] == ["run_start", "run_end"]


def test_failed_install_is_broken_and_the_other_versions_still_run(tmp_path: Path) -> None:
    config = config_for(tmp_path)

    def builder(release: TFRelease, config: MatrixConfig) -> BuildResult:
        """2.20.0 fails to install; the rest are ready."""
        if release.version == "2.20.0":
            return BuildResult(ok=False, reused=False, seconds=0.1, reason="could not install tensorflow-cpu==2.20.0: boom")
        return BuildResult(ok=True, reused=False, seconds=0.1)

    def runner(release: TFRelease, config: MatrixConfig) -> int:
        """The suite writes one complete run."""
        path = config.results_dir / f"tf-{release.version}.jsonl"
        write_rows(path, suite_run_rows("r-" + release.version, release.version, {"ops": ["pass", "diverge"]}))
        return 1

    outcomes, status = run_matrix(["2.20.0", "2.21.0"], config, fake_lookup, builder, runner)
    assert status == 1
    assert [o.ran for o in outcomes] == [False, True]
    assert read_rows(config.results_dir / "tf-2.20.0.jsonl")[-1]["reason"].endswith("boom")
    assert read_rows(config.results_dir / "tf-2.21.0.jsonl")[-1]["status"] == "complete"


def test_suite_that_writes_nothing_is_broken_even_with_an_older_complete_run(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    path = config.results_dir / "tf-2.21.0.jsonl"
    write_rows(path, suite_run_rows("old", "2.21.0", {"ops": ["pass"]}, started="2026-01-01T00:00:00Z"))
    outcomes, status = run_matrix(["2.21.0"], config, fake_lookup, built, lambda release, config: 3)
    assert status == 1 and outcomes[0].broken
    start, end = read_rows(path)[-2:]
    assert start["kind"] == "run_start" and start["run_id"] != "old"
    assert end["status"] == "broken" and "exited 3" in end["reason"]


def test_suite_that_truncates_its_file_is_read_from_the_start(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    path = config.results_dir / "tf-2.21.0.jsonl"
    write_rows(path, suite_run_rows("old", "2.21.0", {"ops": ["pass"] * 50}, started="2026-01-01T00:00:00Z"))

    def runner(release: TFRelease, config: MatrixConfig) -> int:
        """The suite empties the file, then writes a longer run than the old one."""
        path.write_text("")
        write_rows(path, suite_run_rows("new", "2.21.0", {"ops": ["pass"] * 100}))
        return 0

    outcomes, status = run_matrix(["2.21.0"], config, fake_lookup, built, runner)
    assert status == 0 and not outcomes[0].broken
    assert read_rows(path)[-1]["run_id"] == "new"


def test_suite_that_stops_before_run_end_gets_a_broken_run_end_with_its_counts(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    path = config.results_dir / "tf-2.21.0.jsonl"

    def runner(release: TFRelease, config: MatrixConfig) -> int:
        """The suite crashes after two programs."""
        write_rows(path, suite_run_rows("crash", "2.21.0", {"ops": ["pass", "diverge"]}, end=False))
        return 3

    _, status = run_matrix(["2.21.0"], config, fake_lookup, built, runner)
    end = read_rows(path)[-1]
    assert status == 1
    assert end["kind"] == "run_end" and end["run_id"] == "crash" and end["status"] == "broken"
    assert end["counts"] == {"ops": {"programs": 2, "diverge": 1, "broken": 0, "xfail": 0, "not_run": 0}}


def test_all_versions_passing_exit_0(tmp_path: Path) -> None:
    config = config_for(tmp_path)

    def runner(release: TFRelease, config: MatrixConfig) -> int:
        """The suite writes a clean run."""
        write_rows(config.results_dir / f"tf-{release.version}.jsonl",
                   suite_run_rows("ok", release.version, {"ops": ["pass"]}))
        return 0

    _, status = run_matrix(["2.12.1", "2.21.0"], config, fake_lookup, built, runner)
    assert status == 0


# --- the summary ----------------------------------------------------------------------------------------------


def test_summary_is_versions_by_families_from_the_last_run_of_each_file(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"tf-{v}.jsonl" for v in ("2.12.1", "2.21.0", "nightly"))
    write_rows(a, suite_run_rows("old", "2.12.1", {"ops": ["diverge"]}))
    write_rows(a, suite_run_rows("new", "2.12.1", {"ops": ["pass", "pass"], "graph": ["pass", "diverge", "broken"]}))
    write_rows(b, suite_run_rows("killed", "2.21.0", {"ops": ["pass"]}, end=False))
    table = matrix_summary.summary_table([("2.12.1", a), ("2.21.0", b), ("nightly", c)])
    lines = table.splitlines()
    assert lines[0].split() == ["TF", "run", "graph", "ops"]
    assert lines[2].split() == ["2.12.1", "complete", "1/3", "(1", "diverge,", "1", "broken;", "3", "rows)", "2/2",
                                "(2", "rows)"]
    assert lines[3].split() == ["2.21.0", "incomplete", "-", "1/1", "(1", "row)"]
    assert lines[4].split() == ["nightly", "no", "results", "-", "-"]
    assert lines[5].startswith("cells: passed/programs (diverge, broken, xfail; rows); programs: distinct program_id")
    assert "2.21.0: incomplete: no run_end row (killed?)" in table


def test_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "tf-2.21.0.jsonl"
    write_rows(path, suite_run_rows("r", "2.21.0", {"ops": ["pass"]}, end=False))
    with path.open("a") as fh:
        fh.write('{"kind": "prog')
    assert "2.21.0  incomplete  1/1" in matrix_summary.summary_table([("2.21.0", path)])


def test_an_unreadable_results_file_is_named_and_the_other_versions_still_shown(tmp_path: Path) -> None:
    good, bad = tmp_path / "tf-2.12.1.jsonl", tmp_path / "tf-2.21.0.jsonl"
    write_rows(good, suite_run_rows("r", "2.12.1", {"ops": ["pass"]}))
    bad.write_text('{"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}\nnot json\n{"kind": "run_end"}\n')
    table = matrix_summary.summary_table([("2.12.1", good), ("2.21.0", bad)])
    assert table.splitlines()[3].split() == ["2.21.0", "unreadable", "-"]
    assert f"2.21.0: unreadable results: {bad}:2: not valid JSON" in table


def test_a_cell_counts_distinct_programs_by_their_worst_row_beside_the_rows(tmp_path: Path) -> None:
    """Rows of one program (Hypothesis replays) count once, with the worst status of its rows."""
    path = tmp_path / "tf-2.21.0.jsonl"
    rows = suite_run_rows("r", "2.21.0", {"ops": ["pass", "pass", "diverge", "pass", "xfail", "pass"]})
    for row, program in zip(rows[1:-1], ["a", "a", "b", "b", "c", "d"], strict=True):
        row["program_id"] = program
    write_rows(path, rows)
    assert "2/4 (1 diverge, 1 xfail; 6 rows)" in matrix_summary.summary_table([("2.21.0", path)])


def test_xfail_programs_are_counted_apart_not_as_passed(tmp_path: Path) -> None:
    path = tmp_path / "tf-2.21.0.jsonl"
    write_rows(path, suite_run_rows("r", "2.21.0", {"ops": ["pass", "xfail", "xfail", "diverge"]}))
    assert "1/4 (1 diverge, 2 xfail; 4 rows)" in matrix_summary.summary_table([("2.21.0", path)])


@pytest.mark.parametrize(
    ("counts", "text"),
    [
        (None, "-"),
        ({"programs": 241, "diverge": 0, "broken": 0, "xfail": 0, "rows": 250}, "241/241 (250 rows)"),
        ({"programs": 1, "diverge": 0, "broken": 0, "xfail": 0, "rows": 1}, "1/1 (1 row)"),
        ({"programs": 10, "diverge": 2, "broken": 0, "xfail": 0, "rows": 12}, "8/10 (2 diverge; 12 rows)"),
        ({"programs": 10, "diverge": 0, "broken": 1, "xfail": 0, "rows": 10}, "9/10 (1 broken; 10 rows)"),
        ({"programs": 10, "diverge": 1, "broken": 1, "xfail": 3, "rows": 10},
         "5/10 (1 diverge, 1 broken, 3 xfail; 10 rows)"),
    ],
)
def test_cell(counts: dict | None, text: str) -> None:
    assert matrix_summary.cell(counts) == text


def test_build_only_builds_every_version_and_runs_no_suite(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    outcomes, status = matrix.build_matrix(["2.12.1", "nightly"], config, fake_lookup, built)
    assert status == 0 and not any(o.ran for o in outcomes)
    assert not config.results_dir.exists()
    _, status = matrix.build_matrix(["2.12.1", "9.9.9"], config, fake_lookup, built)
    assert status == 1
    _, status = matrix.build_matrix(["9.9.9"], config, fake_lookup, built)
    assert status == 2
