"""The nightly workflow: valid against GitHub's workflow schema, and running the whole matrix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.matrix.versions import MATRIX_VERSIONS, NIGHTLY
from conformance.paths import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "nightly.yml"


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    """Validate a file with check-jsonschema's vendored GitHub workflow schema (works offline)."""
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is in the dev extra")
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "check_jsonschema"]
    return subprocess.run([*cmd, "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


def load_workflow() -> dict:
    """The workflow as data."""
    yaml = pytest.importorskip("ruamel.yaml", reason="ruamel.yaml comes with check-jsonschema")
    return yaml.YAML(typ="safe").load(WORKFLOW.read_text())


def test_workflow_is_valid_against_the_github_workflow_schema() -> None:
    proc = check_jsonschema(WORKFLOW)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"))
    assert check_jsonschema(broken).returncode != 0


def test_one_job_per_matrix_version_plus_nightly_without_fail_fast() -> None:
    suite = load_workflow()["jobs"]["suite"]
    assert suite["strategy"]["matrix"]["tf"] == [*MATRIX_VERSIONS, NIGHTLY]
    assert suite["strategy"]["fail-fast"] is False
    assert any("make matrix" in step.get("run", "") for step in suite["steps"])


def test_runs_nightly_and_on_demand() -> None:
    triggers = load_workflow()["on"]
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers


def test_caches_uv_and_pip_and_uploads_each_versions_results() -> None:
    steps = load_workflow()["jobs"]["suite"]["steps"]
    cached = [step["with"]["path"] for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
    assert cached == ["~/.cache/pip", "~/.cache/uv"]
    uploads = [step["with"] for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert {"name": "results-tf-${{ matrix.tf }}", "path": "reports/results/"}.items() <= uploads[0].items()


def test_report_job_builds_one_report_from_every_artifact() -> None:
    report = load_workflow()["jobs"]["report"]
    assert report["needs"] == "suite" and report["if"] == "always()"
    runs = " ".join(step.get("run", "") for step in report["steps"])
    assert "python -m conformance.report --results-dir all-results" in runs
    download = next(s for s in report["steps"] if str(s.get("uses", "")).startswith("actions/download-artifact@"))
    assert download["with"] == {"pattern": "results-tf-*", "path": "all-results", "merge-multiple": True}
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in report["steps"])


def test_a_job_measures_xdist_on_the_nightly_profile_once_a_night() -> None:
    """Issue 17: xdist_speedup_2 on the nightly profile, `make bench-nightly`, with its bench file uploaded."""
    from conformance.selfcheck import bench

    job = load_workflow()["jobs"]["bench-xdist"]
    assert any(step.get("run") == "make bench-nightly" for step in job["steps"])
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "reports/bench.json"
    makefile = (REPO_ROOT / "Makefile").read_text()
    recipe = makefile.split("\nbench-nightly:", 1)[1].split("\n\n", 1)[0]
    assert "--only xdist_speedup_2_nightly" in recipe and "xdist_speedup_2_nightly" in bench.GOALS
    assert bench.plan_for(["xdist_speedup_2_nightly"]).groups == ["xdist_nightly"]
    assert bench.FULL.nightly_profile == "nightly"
