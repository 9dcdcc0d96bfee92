"""Real saves and restores against the derived checkpoint compatibility table.

On the installed TF, each situation the table tells apart (an extra key, a missing key, a changed dtype, a changed
shape of a ref, resource or partitioned variable, no checkpoint, no Saver) is saved from one program and restored
into another for real, and the table's verdict must be what the restore did. The slow test runs `make compat`'s
whole path (a matrix venv per version, real files across versions) on a tiny sample for one pair.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conformance.compat import check
from conformance.compat.derive import (
    DTYPE,
    MISSING,
    NO_CHECKPOINT,
    NO_SAVER,
    PARTITION_SHAPE,
    SHAPE,
    graph_verdicts,
    program_compat,
)
from conformance.compat.real import checkpoint_prefix, restore_program, save_program
from conformance.corpus.store import REPO_ROOT, CorpusProgram
from conformance.corpus.traces import trace_program
from conformance.program import program_id


def variable(sid: str, name: str, shape: list[int], **extra: Any) -> dict[str, Any]:
    return {"op": "get_variable", "id": sid, "name": name, "shape": shape, "dtype": "float32", **extra}


def program(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"format": 1, "family": "get_variable", "body": list(statements)}


CONSTANT = {"op": "constant", "id": "s9", "value": 1.0}
PARTITIONED = {"kind": "fixed_size", "num_shards": 2}
#: (older program, newer program, the derived first break or None, whether the real restore raises)
SITUATIONS = {
    "extra key": (program(variable("s1", "a", [2]), variable("s2", "b", [1])), program(variable("s1", "a", [2])), None),
    "missing key": (program(variable("s1", "a", [2])), program(variable("s1", "a", [2]), variable("s2", "c", [1]),
                                                                variable("s3", "d", [1])), (MISSING, "c")),
    "dtype": (program(variable("s1", "a", [2])), program(variable("s1", "a", [2], dtype="int32")), (DTYPE, "a")),
    "ref shape": (program(variable("s1", "r", [3], use_resource=False)),
                  program(variable("s1", "r", [2], use_resource=False)), (SHAPE, "r")),
    "resource shape": (program(variable("s1", "h", [3], use_resource=True)),
                       program(variable("s1", "h", [2], use_resource=True)), None),
    "partitioned shape": (program(variable("s1", "p", [4, 2], partitioner=PARTITIONED)),
                          program(variable("s1", "p", [6, 2], partitioner=PARTITIONED)), (PARTITION_SHAPE, "p")),
    "repartitioned": (program(variable("s1", "p", [4, 2], partitioner=PARTITIONED)),
                      program(variable("s1", "p", [4, 2])), None),
    "ref before missing": (program(variable("s1", "a", [3], use_resource=False)),
                           program(variable("s1", "a", [2], use_resource=False), variable("s2", "b", [1])), (MISSING, "b")),
    "no checkpoint": (program(CONSTANT), program(variable("s1", "a", [2])), (NO_CHECKPOINT, "a")),
    "no saver": (program(variable("s1", "a", [2])), program(CONSTANT), (NO_SAVER, None)),
}


@pytest.fixture(scope="module")
def tf() -> Any:
    from conformance.backend import load_backend

    return load_backend("tf")


@pytest.mark.real_tf
@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_the_derived_verdict_is_what_a_real_restore_does(situation: str, tf: Any, tmp_path: Path) -> None:
    older, newer, expected = SITUATIONS[situation]
    old_trace, new_trace = trace_program(older, tf), trace_program(newer, tf)
    verdicts = graph_verdicts(old_trace, new_trace)
    assert verdicts is not None
    derived = verdicts["g0"]
    assert (None if derived is None else (derived.problem, derived.key)) == expected
    saved = save_program(tf, older, tmp_path, "A")
    written = checkpoint_prefix(tmp_path, "A", program_id(older), "g0").parent
    if written.exists():
        shutil.copytree(written, checkpoint_prefix(tmp_path, "A", program_id(newer), "g0").parent)
    restored = restore_program(tf, newer, tmp_path, ["A"])["A"]
    item = CorpusProgram(tmp_path / "p.json", newer, "corpus")
    outcome = check.check_program(item, old_trace, new_trace, saved, restored)
    assert outcome.verdict == check.AGREE, outcome.why
    assert outcome.real_breaks == (expected is not None)
    if situation == "resource shape":
        compat = program_compat("p", old_trace, new_trace)
        assert compat is not None and [p.key for p in compat.silent] == ["h"]


MATRIX = REPO_ROOT / ".matrix"
PAIR = ("2.21.0", "nightly")


@pytest.mark.slow
@pytest.mark.skipif(not all((MATRIX / f"tf-{label}" / "bin" / "python").exists() for label in PAIR),
                    reason="the matrix venvs of TF 2.21.0 and tf-nightly are not built (make matrix)")
def test_make_compat_saves_on_one_version_and_restores_on_the_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2.21.0 → tf-nightly on one program per family: every real restore agrees with the derived table."""
    summary = tmp_path / "summary.json"
    code = check.run_check(" ".join(PAIR), per_family=1, work_dir=tmp_path / "work", report=summary)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "2.21.0 → nightly" in out and "agrees with every real restore checked" in out
    saved = list((tmp_path / "work" / "checkpoints" / "2.21.0").glob("*/g0/ckpt.index"))
    assert saved, "2.21.0 saved no checkpoint files"
    from conformance.files import read_json

    row = read_json(summary)["pairs"][0]
    assert row["programs"] >= 14 and row["disagree"] == 0 and row["agree"] + row["unchecked"] == row["programs"]
