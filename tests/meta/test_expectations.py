"""Known divergences: loading the file, version ranges, matching, and the stale-entry judgement and warning."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conformance.errors import BadInput
from conformance.expectations import DEFAULT_PATH, Expectation, expected, load, stale, version_in_range
from conformance.launch import Suite, run_suite
from conformance.program import FAMILIES

ENTRIES = """\
# a comment line, then a blank one

ops | >=2.12,<2.15 | differs in message | TF 2.12-2.14 word it differently   # a trailing comment
ops | * | s3 (identity, call) | any version
graph | ==2.21.0 | "unique_name" | only 2.21.0
"""


def write(tmp_path: Path, text: str) -> Path:
    """A known-divergences file with this text."""
    path = tmp_path / "known.txt"
    path.write_text(text, encoding="utf-8")
    return path


def difference(summary: str, tf_event: Any = None) -> dict[str, Any]:
    """A diff as conformance.diff gives it: the summary, and both sides' first differing event."""
    return {"index": 3, "id": "s3", "summary": summary, "tf": tf_event, "model": {"id": "s3"}}


# ---- loading -------------------------------------------------------------------------------------------------

def test_the_shipped_file_loads() -> None:
    """conformance/known_divergences.txt is well formed, and no entry covers a released matrix version: every
    divergence there is fixed or modelled (an entry may only hold a tf-nightly change not modelled yet)."""
    from conformance.matrix.versions import MATRIX_VERSIONS

    assert [(e.line, v) for e in load(DEFAULT_PATH) for v in MATRIX_VERSIONS if version_in_range(v, e.versions)] == []


def test_entries_keep_their_fields_and_line_numbers(tmp_path: Path) -> None:
    """Comments and blank lines are skipped; each entry knows its line, and a trailing comment is dropped."""
    entries = load(write(tmp_path, ENTRIES))
    assert entries == [
        Expectation("ops", ">=2.12,<2.15", "differs in message", "TF 2.12-2.14 word it differently", 3),
        Expectation("ops", "*", "s3 (identity, call)", "any version", 4),
        Expectation("graph", "==2.21.0", '"unique_name"', "only 2.21.0", 5),
    ]


@pytest.mark.parametrize(("line", "problem"), [
    ("ops | * | match", "expected 'family | versions | match | reason'"),
    ("ops | * | match | reason | extra", "expected 'family | versions | match | reason'"),
    ("ops | * |  | reason", "expected 'family | versions | match | reason'"),
    ("opz | * | match | reason", "unknown family 'opz' (known: name_scope, "),
    ("ops | 2.13 | match | reason", "bad version clause '2.13'"),
    ("ops | >=banana | match | reason", "bad version clause '>=banana'"),
    ("ops | >=2.12,, | match | reason", "bad version clause ''"),
])
def test_a_malformed_entry_names_its_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    """A bad entry is a one-line BadInput `file:line: problem`, found when the file is loaded, not when matching."""
    path = write(tmp_path, f"# header\n{line}\n")
    with pytest.raises(BadInput) as raised:
        load(path)
    assert str(raised.value).startswith(f"{path}:2: {problem}")
    assert "\n" not in str(raised.value)


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    """A file that is not there is named."""
    with pytest.raises(BadInput, match="missing.txt: cannot read"):
        load(tmp_path / "missing.txt")


# ---- version ranges ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("version", "spec", "inside"), [
    ("2.12.1", "*", True),
    ("2.12.1", ">=2.12,<2.15", True),
    ("2.14.1", ">=2.12,<2.15", True),
    ("2.15.0", ">=2.12,<2.15", False),
    ("2.11.0", ">=2.12,<2.15", False),
    ("2.21.0", "==2.21.0", True),
    ("2.21.1", "==2.21.0", False),
    ("2.21.0", "<=2.21", True),
    ("2.23.0.dev20261026", ">2.21.0", True),
    ("2.23.0.dev20261026", "==2.23.0", True),  # a dev build counts as its release
    ("2.13.1", " >= 2.13.1 , < 2.14 ", True),
])
def test_version_ranges(version: str, spec: str, inside: bool) -> None:
    """'*', and comma-separated clauses with >=, <=, ==, > and <, all of which must hold."""
    assert version_in_range(version, spec) is inside


# ---- matching ------------------------------------------------------------------------------------------------

def test_an_entry_matches_its_family_versions_and_text(tmp_path: Path) -> None:
    """Family, version range and a substring of the summary or of TF's event must all agree; the first entry
    that does is the one returned."""
    entries = load(write(tmp_path, ENTRIES))
    message = difference("s3 (identity, call): differs in message")
    assert expected(entries, "ops", "2.13.1", message) == entries[0]
    assert expected(entries, "ops", "2.21.0", message) == entries[1]  # outside the first entry's range
    assert expected(entries, "variable", "2.13.1", message) is None  # another family
    assert expected(entries, "ops", "2.13.1", None) is None  # no divergence


def test_the_match_is_looked_for_in_tfs_event_not_the_models(tmp_path: Path) -> None:
    """An entry may quote TF's side of the diff (as JSON); the model's side is never searched."""
    entries = load(write(tmp_path, ENTRIES))
    tf_side = difference("s7 (graphs, end): differs in ok", {"op": "unique_name", "ok": "a_1"})
    model_side = {**difference("s7 (graphs, end): differs in ok"), "model": {"op": "unique_name"}}
    assert expected(entries, "graph", "2.21.0", tf_side) == entries[2]
    assert expected(entries, "graph", "2.21.0", model_side) is None
    assert expected(entries, "graph", "2.20.0", tf_side) is None


# ---- stale entries -------------------------------------------------------------------------------------------

def every_family(version: str) -> set[tuple[str, str]]:
    """Every family compared at one version."""
    return {(family, version) for family in FAMILIES}


def test_an_entry_that_matched_nothing_in_a_full_run_is_stale(tmp_path: Path) -> None:
    """Every family compared at 2.13.1: the unmatched entries whose range covers 2.13.1 are stale; the matched one
    and the one for 2.21.0 only (a version this run did not compare) are not."""
    entries = load(write(tmp_path, ENTRIES))
    assert stale(entries, matched={3}, compared=every_family("2.13.1")) == [entries[1]]
    assert stale(entries, matched=set(), compared=every_family("2.13.1")) == entries[:2]
    assert stale(entries, matched=set(), compared=every_family("2.13.1") | every_family("2.21.0")) == entries


def test_a_partial_run_judges_nothing(tmp_path: Path) -> None:
    """When some family was not compared (deselected, or its test failed), no entry is called stale."""
    entries = load(write(tmp_path, ENTRIES))
    assert stale(entries, matched=set(), compared=every_family("2.13.1") - {("graph", "2.13.1")}) is None
    assert stale([], matched=set(), compared=every_family("2.13.1")) == []


NOTING_TESTS = '''
import pytest
from conformance.program import FAMILIES

@pytest.mark.parametrize("family", FAMILIES)
def test_compare(family, run_state, request):
    run_state.note_compared(request.node, [family], "2.21.0")
    if family == "ops":
        divergence = {"summary": "s1 (constant, call): NOTED", "tf": None}
        assert run_state.known_divergence(request.node, "ops", "2.21.0", divergence).line == 1
'''
NOTED_ENTRIES = """\
ops | * | NOTED | matched by test_compare[ops]
ops | * | NEVER SEEN | stale
graph | <2.13 | NEVER SEEN | a version this run does not compare
"""


def run_noting_tests(tmp_path: Path, workers: str, *args: str, **env: str) -> str:
    """Run NOTING_TESTS with the conformance plugin (outside the repository's own tests) and return the output."""
    (tmp_path / "test_noting.py").write_text(NOTING_TESTS, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CONFORMANCE_", "HYPOTHESIS_", "PYTEST_"))}
    suite = Suite(tmp_path / "results", profile="dev", workers=workers, cwd=tmp_path, base_env=base, env=env,
                  args=("-p", "conformance.plugin", "-p", "no:randomly", "--rootdir", str(tmp_path), *args,
                        "test_noting.py"))
    proc = run_suite(suite, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.parametrize("workers", ["0", "2"])
@pytest.mark.parametrize("given_by", ["option", "environment"])
def test_a_stale_entry_warns_in_the_terminal_summary(tmp_path: Path, workers: str, given_by: str) -> None:
    """Matches noted in xdist workers reach the controller: only the entry that matched nothing warns, as STALE
    with its file and line; the entry for versions the run did not compare is not judged."""
    path = write(tmp_path, NOTED_ENTRIES)
    if given_by == "option":
        out = run_noting_tests(tmp_path, workers, f"--known-divergences={path}")
    else:
        out = run_noting_tests(tmp_path, workers, CONFORMANCE_KNOWN_DIVERGENCES=str(path))
    stale_lines = [line for line in out.splitlines() if line.startswith("STALE")]
    assert stale_lines == [f"STALE known divergence {path}:2 (ops | * | NEVER SEEN): matched nothing although "
                           "every family ran; remove the entry or fix its match"], out[-3000:]


def test_no_stale_warning_when_a_family_did_not_run(tmp_path: Path) -> None:
    """A run that deselects a family judges no entry."""
    path = write(tmp_path, NOTED_ENTRIES)
    out = run_noting_tests(tmp_path, "2", f"--known-divergences={path}", "-k", "not multi_graph")
    assert "STALE" not in out and f"{len(FAMILIES) - 1} passed" in out, out[-3000:]
