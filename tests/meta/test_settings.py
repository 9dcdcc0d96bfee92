"""The settings table and the one backend resolver: every variable listed, checked at start, shown, honoured."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conformance import settings
from conformance.errors import BadInput
from conformance.launch import Suite, run_suite
from conformance.paths import REPO_ROOT
from conformance.program import FAMILIES
from conformance.report.build import build_report
from conformance.results import read_rows
from conformance.seed_claims import claim_ids
from conformance.shards import shards
from reference_impl.versions import imitated_version

#: how code reads a variable: os.environ.get("X"), os.environ["X"], os.getenv("X"), or names it as a constant
READS = re.compile(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]*)["']|os\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""
                   r"""|["']((?:CONFORMANCE|REFERENCE_TF|HYPOTHESIS)_[A-Z0-9_]+)["']""")


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without the tool's settings or an outer pytest's variables, plus `extra`."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("CONFORMANCE_", "HYPOTHESIS_", "REFERENCE_TF", "PYTEST_"))}
    return {**base, **extra}


# ---- the table -------------------------------------------------------------------------------------------------

def variables_read_by_the_tool() -> set[str]:
    """Every environment variable named in conformance/ and reference_impl/ (reads, and names kept as constants)."""
    names: set[str] = set()
    for package in ("conformance", "reference_impl"):
        for path in (REPO_ROOT / package).rglob("*.py"):
            for match in READS.finditer(path.read_text(encoding="utf-8")):
                names.add(next(group for group in match.groups() if group))
    return names


def test_every_variable_the_tool_reads_is_in_the_table() -> None:
    """One table lists them all, each with a default and a meaning."""
    table = {setting.name for setting in settings.SETTINGS}
    assert variables_read_by_the_tool() - table == set()
    assert len(table) == len(settings.SETTINGS)
    assert all(setting.meaning and setting.default_text() for setting in settings.SETTINGS)


def test_the_defaults_are_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing set, every setting reads its default."""
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    effective = settings.check_all()
    assert effective["CONFORMANCE_TF_MODULE"] == "tensorflow.compat.v1"
    assert effective["HYPOTHESIS_PROFILE"] == "ci" and effective["CONFORMANCE_SEED"] == "0"
    assert effective["REFERENCE_TF_VERSION"] == imitated_version()


@pytest.mark.parametrize(("setting", "text", "value"), [
    (settings.TF_MODULE, "reference_impl.v1", "reference_impl.v1"),
    (settings.IMITATED_VERSION, "2.13.1", "2.13.1"),
    (settings.IMITATED_VERSION, "2.23.0.dev20261026", "2.23.0.dev20261026"),
    (settings.IMITATED_VERSION, "2.16.0rc0", "2.16.0rc0"),
    (settings.PROFILE, "nightly", "nightly"),
    (settings.SEED, "-7", -7),
    (settings.PROGRAM_TIMEOUT, "0.5", 0.5),
    (settings.PROGRAM_TIMEOUT, " 60 ", 60.0),
])
def test_good_values_are_read(monkeypatch: pytest.MonkeyPatch, setting: settings.Setting, text: str,
                              value: Any) -> None:
    monkeypatch.setenv(setting.name, text)
    assert setting.value() == value


@pytest.mark.parametrize(("setting", "text", "problem"), [
    (settings.TF_MODULE, "no such.module", "not a module name, got 'no such.module'"),
    (settings.IMITATED_VERSION, "banana", "not a TF version, got 'banana' (e.g. 2.13.1 or 2.23.0.dev20261026)"),
    (settings.IMITATED_VERSION, "2", "not a TF version, got '2' (e.g. 2.13.1 or 2.23.0.dev20261026)"),
    (settings.PROFILE, "nope", "unknown Hypothesis profile 'nope' (known: dev, ci, nightly)"),
    (settings.SEED, "1.5", "must be an integer, got '1.5'"),
    (settings.PROGRAM_TIMEOUT, "abc", "must be a positive number of seconds, got 'abc'"),
    (settings.PROGRAM_TIMEOUT, "-1", "must be a positive number of seconds, got '-1'"),
    (settings.PROGRAM_TIMEOUT, "nan", "must be a positive number of seconds, got 'nan'"),
    (settings.KNOWN_DIVERGENCES, "/no/such/file.txt", "no such file: /no/such/file.txt"),
])
def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, setting: settings.Setting, text: str,
                                        problem: str) -> None:
    """One line: the variable, then the problem with the value."""
    monkeypatch.setenv(setting.name, text)
    with pytest.raises(BadInput) as raised:
        settings.check_all()
    assert str(raised.value) == f"{setting.name}: {problem}"


def test_an_option_wins_over_its_variable_and_is_named_when_bad(monkeypatch: pytest.MonkeyPatch) -> None:
    """--hypothesis-profile overrides HYPOTHESIS_PROFILE; a bad option value names the option."""
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "nightly")
    assert settings.check_all({"HYPOTHESIS_PROFILE": "dev"})["HYPOTHESIS_PROFILE"] == "dev"
    with pytest.raises(BadInput, match=r"^--hypothesis-profile: unknown Hypothesis profile 'nope'"):
        settings.check_all({"HYPOTHESIS_PROFILE": "nope"})


def test_the_model_refuses_an_unparseable_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside pytest too: the model never imitates 'banana' as version 0.0.0."""
    monkeypatch.setenv("REFERENCE_TF_VERSION", "banana")
    with pytest.raises(ValueError, match="REFERENCE_TF_VERSION: not a TF version, got 'banana'"):
        imitated_version()


# ---- checked when the run starts, shown in the header -----------------------------------------------------------

def pytest_run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m pytest ARGS` in the checkout, in a clean environment plus `env`."""
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:randomly", *args], cwd=REPO_ROOT,
                          env=clean_environment(**env), capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("args", "env", "line"), [
    ([], {"REFERENCE_TF_VERSION": "banana"},
     "REFERENCE_TF_VERSION: not a TF version, got 'banana' (e.g. 2.13.1 or 2.23.0.dev20261026)"),
    (["--hypothesis-profile=nope"], {},
     "--hypothesis-profile: unknown Hypothesis profile 'nope' (known: dev, ci, nightly)"),
    (["-n", "2"], {"HYPOTHESIS_PROFILE": "nope"},
     "HYPOTHESIS_PROFILE: unknown Hypothesis profile 'nope' (known: dev, ci, nightly)"),
    ([], {"CONFORMANCE_SEED": "seven"}, "CONFORMANCE_SEED: must be an integer, got 'seven'"),
    (["-n", "2"], {"CONFORMANCE_PROGRAM_TIMEOUT": "1m"},
     "CONFORMANCE_PROGRAM_TIMEOUT: must be a positive number of seconds, got '1m'"),
    ([], {"CONFORMANCE_TF_MODULE": "tensorflow compat"}, "CONFORMANCE_TF_MODULE: not a module name, got "
                                                         "'tensorflow compat'"),
    (["--known-divergences=/no/such.txt"], {}, "--known-divergences: no such file: /no/such.txt"),
])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path, args: list[str], env: dict[str, str],
                                              line: str) -> None:
    """Checked before anything runs, whichever tests are selected: exit 2, one line, no traceback, no results."""
    proc = pytest_run(*args, "tests/meta/test_expectations.py", CONFORMANCE_RESULTS_DIR=str(tmp_path), **env)
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines() == [f"conformance: error: {line}"]
    assert "Traceback" not in proc.stdout + proc.stderr and "INTERNALERROR" not in proc.stdout + proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_known_divergences_file_is_one_line(tmp_path: Path) -> None:
    """The file named by $CONFORMANCE_KNOWN_DIVERGENCES is read at start; a bad line is named with its number."""
    known = tmp_path / "known.txt"
    known.write_text("# reviewed\nops | * | only three fields\n", encoding="utf-8")
    proc = pytest_run("tests/meta/test_expectations.py", CONFORMANCE_KNOWN_DIVERGENCES=str(known))
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"conformance: error: {known}:2: expected 'family | versions | match | reason'"], proc.stderr


def test_the_header_prints_the_table() -> None:
    """Every variable with its effective value and where it comes from (array-api-tests style)."""
    proc = pytest_run("--co", "--hypothesis-profile=dev", "tests/meta/test_expectations.py",
                      CONFORMANCE_SEED="7")
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.split("collected")[0]
    assert "settings (conformance/settings.py):" in header
    for setting in settings.SETTINGS:
        assert re.search(rf"^  {setting.name}=\S", header, re.MULTILINE), setting.name
    assert re.search(r"^  CONFORMANCE_SEED=7 +\(environment\) the run's Hypothesis seed$", header, re.MULTILINE)
    assert re.search(r"^  HYPOTHESIS_PROFILE=dev +\(--hypothesis-profile\) ", header, re.MULTILINE)
    assert re.search(r"^  CONFORMANCE_TF_MODULE=tensorflow\.compat\.v1 +\(default\) ", header, re.MULTILINE)


# ---- CONFORMANCE_TF_MODULE reaches every test that runs "TF" ----------------------------------------------------

BLOCK_TENSORFLOW = '''
import importlib.abc, sys

class NoTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "tensorflow" or name.startswith(("tensorflow.", "tf_keras", "keras")):
            raise ImportError(f"{name} is blocked: this run must not import TensorFlow")

sys.meta_path.insert(0, NoTensorFlow())
'''
STALE_ENTRY = "ops | * | a divergence no run produces | kept to check the stale warning"


@pytest.fixture(scope="module")
def model_as_tf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every `tf`-marked test, on two xdist workers, with CONFORMANCE_TF_MODULE=reference_impl.v1 and every
    TensorFlow import blocked in every process (a sitecustomize), plus a known-divergences file with one entry
    that cannot match."""
    scratch = tmp_path_factory.mktemp("model-as-tf")
    (scratch / "site").mkdir()
    (scratch / "site" / "sitecustomize.py").write_text(BLOCK_TENSORFLOW, encoding="utf-8")
    known = scratch / "known.txt"
    known.write_text(f"# one entry that matches nothing\n{STALE_ENTRY}\n", encoding="utf-8")
    python_path = os.pathsep.join(filter(None, [str(scratch / "site"), os.environ.get("PYTHONPATH")]))
    suite = Suite(scratch / "results", profile="dev", workers="2", base_env=clean_environment(),
                  env={"CONFORMANCE_TF_MODULE": "reference_impl.v1", "PYTHONPATH": python_path},
                  args=("-m", "tf", "-p", "no:randomly", f"--known-divergences={known}",
                        f"--junitxml={scratch / 'junit.xml'}"))
    proc = run_suite(suite, capture_output=True, timeout=600)
    results = sorted((scratch / "results").glob("tf-*.jsonl"))
    assert len(results) == 1 and (scratch / "junit.xml").exists(), proc.stdout[-4000:] + proc.stderr[-2000:]
    return {"proc": proc, "rows": read_rows(results[0]), "junit": ET.parse(scratch / "junit.xml"), "known": known,
            "results": scratch / "results", "scratch": scratch}


def test_every_tf_test_passes_on_the_module_under_test(model_as_tf: dict[str, Any]) -> None:
    """The differential families, the seed claims, the regressions and the values tests all ran, none skipped,
    though TensorFlow could not be imported: each used $CONFORMANCE_TF_MODULE."""
    proc = model_as_tf["proc"]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    cases = model_as_tf["junit"].getroot().iter("testcase")
    outcomes = {f"{case.get('classname')}.{case.get('name')}": [child.tag for child in case] for case in cases}
    assert [name for name, children in outcomes.items() if set(children) & {"skipped", "failure", "error"}] == []
    ran = "\n".join(outcomes)
    for family in FAMILIES:
        for shard in shards(family, "dev"):
            assert f"test_differential.test_family[{shard.test_parameter}]" in ran
    for test in ("test_corpus.test_regressions_on_tf", "test_seed_claims.test_claim_holds_on_tf",
                 "test_seed_claims.test_model_observes_what_tf_observes", "test_values.test_values_event_on_tf_and_model",
                 "test_values.test_kernels_match_tf_bit_for_bit", "test_values.test_seed_example_values[tf]"):
        assert test in ran, test


def test_the_run_records_the_module_and_the_claims_on_it(model_as_tf: dict[str, Any]) -> None:
    """run_start records the settings (all but the results file's own directory); the claim writer checked the seed's claims on the module under test
    (on the model the stale claim is stale too, as on TF)."""
    rows = model_as_tf["rows"]
    start = rows[0]
    assert start["kind"] == "run_start" and start["settings"]["CONFORMANCE_TF_MODULE"] == "reference_impl.v1"
    assert start["settings"]["CONFORMANCE_KNOWN_DIVERGENCES"] == str(model_as_tf["known"])
    assert set(start["settings"]) == {s.name for s in settings.SETTINGS} - {"CONFORMANCE_RESULTS_DIR"}
    claims = {row["claim_id"]: row["holds"] for row in rows if row["kind"] == "claim"}
    assert sorted(claims) == sorted(claim_ids()) and claims["captured-scope-keeps-name-scope"] is False


def test_a_stale_entry_is_warned_and_recorded(model_as_tf: dict[str, Any]) -> None:
    """Every family ran: the entry that matched nothing is a STALE line in the terminal summary and is listed in
    the run_end row."""
    known = model_as_tf["known"]
    end = model_as_tf["rows"][-1]
    assert end["kind"] == "run_end" and end["status"] == "complete"
    family, versions, match, reason = (part.strip() for part in STALE_ENTRY.split("|"))
    assert end["stale_known_divergences"] == [{"file": str(known), "line": 2, "family": family,
                                               "versions": versions, "match": match, "reason": reason}]
    assert f"STALE known divergence {known}:2 (ops | * | {match})" in model_as_tf["proc"].stdout


def test_the_report_shows_the_settings_and_the_stale_entry(model_as_tf: dict[str, Any]) -> None:
    """The HTML report's runs section lists the run's settings and warns about the stale entry."""
    out = model_as_tf["scratch"] / "report"
    build_report(model_as_tf["results"], out, tensorboard=False)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Settings of the TF" in page and "<code>CONFORMANCE_TF_MODULE</code></td><td>reference_impl.v1" in page
    assert "Stale known divergence on TF" in page and f"{model_as_tf['known']}:2" in page
