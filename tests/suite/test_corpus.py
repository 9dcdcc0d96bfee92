"""The fast lane: every corpus and regression program replayed on the model against the recorded TF traces.

`python -m pytest -m corpus` runs these with no TensorFlow at all; `make test` runs them too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conformance.backend import load_backend
from conformance.corpus.store import (
    PROGRAMS_DIR,
    REPO_ROOT,
    CorpusError,
    CorpusProgram,
    load_all,
    load_corpus,
    load_regressions,
)
from conformance.corpus.traces import (
    CHECKPOINT_DISAGREEMENTS,
    TRACES_DIR,
    load_trace_file,
    trace_path,
    trace_program,
)
from conformance.diff import first_difference, format_failure
from conformance.matrix.versions import MATRIX_VERSIONS
from conformance.program import FAMILIES
from conformance.render import render_script

MIN_PROGRAMS, MIN_PER_FAMILY = 1000, 50
#: Versions replayed: the whole matrix, plus any other version that has recorded traces (e.g. a nightly).
REPLAYED_VERSIONS = sorted(set(MATRIX_VERSIONS) | {p.stem[3:] for p in TRACES_DIR.glob("tf-*.jsonl")})


@pytest.fixture(scope="module")
def stored() -> list[CorpusProgram]:
    try:
        return load_all()
    except CorpusError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.mark.corpus
def test_corpus_size_and_spread() -> None:
    """At least 1,000 programs, and at least 50 in every family."""
    per_family = Counter(p.family for p in load_corpus())
    assert sum(per_family.values()) >= MIN_PROGRAMS, per_family
    assert {f: per_family.get(f, 0) for f in FAMILIES if per_family.get(f, 0) < MIN_PER_FAMILY} == {}


@pytest.mark.corpus
def test_scripts_match_programs(stored: list[CorpusProgram]) -> None:
    """Each stored .py is exactly the rendering of its .json (a stale script would mislead a reader)."""
    stale = [str(p.path.relative_to(REPO_ROOT)) for p in stored
             if p.kind == "corpus" and p.path.with_suffix(".py").read_text(encoding="utf-8")
             != render_script(p.program)]
    assert stale == [], f"{len(stale)} stale scripts (run `make corpus`): {stale[:5]}"


@pytest.mark.corpus
@pytest.mark.parametrize("version", REPLAYED_VERSIONS)
def test_replay_on_model(version: str, stored: list[CorpusProgram], monkeypatch: pytest.MonkeyPatch,
                         run_state: Any, request: pytest.FixtureRequest) -> None:
    """The model, imitating `version`, reproduces that version's recorded trace of every stored program."""
    path = trace_path(version)
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO_ROOT)} is missing: run `make corpus`", pytrace=False)
    try:
        recorded = load_trace_file(path)
    except CorpusError as error:
        pytest.fail(str(error), pytrace=False)
    unrecorded = [p.id for p in stored if p.id not in recorded.traces]
    assert unrecorded == [], f"{len(unrecorded)} programs have no trace in {path.name}: run `make corpus`"
    monkeypatch.setenv("REFERENCE_TF_VERSION", recorded.tf_version)
    model = load_backend("model")
    run_state.note_compared(request.node, FAMILIES, recorded.tf_version)
    failures = []
    for item in stored:
        difference = first_difference(recorded.traces[item.id], trace_program(item.program, model))
        if difference is None:
            continue
        if run_state.known_divergence(request.node, item.family, recorded.tf_version, difference) is not None:
            continue
        failures.append((item, difference))
    if failures:
        item, difference = failures[0]
        listing = "\n".join(f"  {i.path.relative_to(REPO_ROOT)}: {d['summary']}" for i, d in failures[:10])
        hint = "" if recorded.is_fresh() else (
            f"\nNOTE: {path.name} was recorded by other recorder sources; if the runner changed, run `make corpus`.")
        pytest.fail(f"{len(failures)} of {len(stored)} stored programs diverge from TF {recorded.tf_version}:\n"
                    f"{listing}{hint}\n\nFirst one:\n" + format_failure(item.program, difference,
                                                                         render_script(item.program)),
                    pytrace=False)


@pytest.mark.corpus
@pytest.mark.parametrize("version", REPLAYED_VERSIONS)
def test_real_saves_agree_with_the_checkpoint_events(version: str) -> None:
    """When a version's traces were recorded, each graph was also saved for real (tf.train.Saver, then
    tf.train.list_variables): every save wrote exactly the keys, shapes and dtypes its `checkpoint` event holds."""
    path = trace_path(version)
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO_ROOT)} is missing: run `make corpus`", pytrace=False)
    header = load_trace_file(path).header
    if CHECKPOINT_DISAGREEMENTS not in header:
        pytest.fail(f"{path.name} was recorded before real saves were checked: run `make corpus`", pytrace=False)
    assert header[CHECKPOINT_DISAGREEMENTS] == {}


@pytest.mark.corpus
def test_regressions_carry_reasons_and_scripts() -> None:
    """Every regression has its reason and its repro script next to it."""
    for item in load_regressions():
        assert item.reason and item.path.with_suffix(".py").exists(), item.path


@pytest.mark.tf
def test_regressions_on_tf(run_state: Any) -> None:
    """Every regression, live on the installed TF against the model."""
    from conformance.check import check_program

    tf, model = load_backend("tf"), load_backend("model")
    failures = []
    for item in load_regressions():
        row = check_program(item.program, tf, model)
        if row["status"] != "pass":
            failures.append(f"{item.path.name} ({item.reason}): {row['status']}: "
                            f"{(row['diff'] or {}).get('summary') or row['reason']}")
    assert failures == []


def _corrupt_copy(tmp_path: Path, text: str) -> Path:
    """A scratch generated/ tree: the real programs, and one trace file with the given content."""
    generated = tmp_path / "generated"
    (generated / "traces").mkdir(parents=True)
    (generated / "programs").symlink_to(PROGRAMS_DIR)
    (generated / "traces" / "tf-2.21.0.jsonl").write_text(text, encoding="utf-8")
    return generated


@pytest.mark.corpus
@pytest.mark.parametrize("content, problem", [
    ('{"kind": "header", "tf_version": "2.21.0"}\n{"kind": "trace", "program_id": "ab", "tr', "truncated"),
    ('{"kind": "header", "tf_version": "2.21.0"}\nnot json\n', "not valid JSON"),
    ('{"kind": "trace"}\n', "header"),
    ("", "empty trace file"),
])
def test_bad_trace_file_is_one_line_error(tmp_path: Path, content: str, problem: str) -> None:
    """A corrupt or truncated trace file stops `python -m conformance.corpus` with file:line, exit 2."""
    generated = _corrupt_copy(tmp_path, content)
    before = (generated / "traces" / "tf-2.21.0.jsonl").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "conformance.corpus", "changes"], cwd=REPO_ROOT, text=True,
                          capture_output=True, env={**os.environ, "CONFORMANCE_GENERATED_DIR": str(generated)})
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "tf-2.21.0.jsonl" in lines[0] and problem in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert (generated / "traces" / "tf-2.21.0.jsonl").read_bytes() == before


@pytest.mark.corpus
def test_bad_program_file_is_one_line_error(tmp_path: Path) -> None:
    """A corrupt program file is named with its line, and nothing is rewritten."""
    generated = tmp_path / "generated"
    (generated / "programs" / "ops").mkdir(parents=True)
    bad = generated / "programs" / "ops" / "0000000000000000.json"
    bad.write_text('{"format": 1,\n "family": "ops", "body": [\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "conformance.corpus", "changes"], cwd=REPO_ROOT, text=True,
                          capture_output=True, env={**os.environ, "CONFORMANCE_GENERATED_DIR": str(generated)})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "0000000000000000.json:3" in lines[0] and "Traceback" not in proc.stderr, lines


_NO_TF = """
import sys, importlib.abc
class NoTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "tensorflow" or name.startswith(("tensorflow.", "tf_keras", "keras")):
            raise ImportError("TensorFlow is blocked in this fast-lane check")
sys.meta_path.insert(0, NoTensorFlow())
import pytest
code = pytest.main(["-q", "-m", "corpus", "-n", "0", "-k", "replay_on_model", "tests/suite/test_corpus.py"])
assert not any(m.startswith("tensorflow") for m in sys.modules), "tensorflow was imported"
sys.exit(code)
"""


def test_fast_lane_needs_no_tensorflow() -> None:
    """The fast lane passes with every `import tensorflow` blocked."""
    proc = subprocess.run([sys.executable, "-c", _NO_TF], cwd=REPO_ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert f"{len(REPLAYED_VERSIONS)} passed" in proc.stdout, proc.stdout[-2000:]
