"""Recorded traces do not depend on the harness's own line numbers: edit the harness, the fast lane stays green.

A RefVariable "already exists" message quotes the variable's creation stack, whose last frames are the harness's
(`conformance/runner.py`, …). The recorder and the fast lane mask each run of those frames to one fixed line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.corpus.traces import HARNESS_FRAMES_MARK, TRACES_DIR, mask_harness_frames
from conformance.paths import REPO_ROOT

#: Replays, in a copy of the checkout, the stored programs whose recorded traces quote harness frames.
REPLAY = r"""
import json, sys
from conformance.corpus.store import load_all
from conformance.corpus.traces import load_trace_file, trace_program
from conformance.backend import load_backend
from conformance.diff import first_difference
from conformance.runner import execute

recorded = load_trace_file(__import__("pathlib").Path(sys.argv[1]))
model = load_backend("model")
quoting = [p for p in load_all() if "conformance/" in json.dumps(recorded.traces[p.id])]
differences = [p.id for p in quoting if first_difference(recorded.traces[p.id], trace_program(p.program, model))]
raw = json.dumps([execute(p.program, model).trace for p in quoting])
print(json.dumps({"quoting": len(quoting), "differences": differences, "raw_runner_frames": raw.count("runner.py")}))
"""


def test_a_run_of_harness_frames_masks_to_one_line() -> None:
    stack = ('Originally defined at:\n\n  File "<repo>/conformance/runner.py", line 140, in _get_variable\n'
             '    return it.tf.get_variable(s["name"], **kwargs)\n'
             '  File "<repo>/conformance/runner.py", line 105, in run_leaf\n    value = f()\n')
    assert mask_harness_frames(stack) == f"Originally defined at:\n\n{HARNESS_FRAMES_MARK}    …\n"
    bare = '  File "<repo>/conformance/runner.py", line 140, in _get_variable\n'
    assert mask_harness_frames(bare) == HARNESS_FRAMES_MARK
    theirs = '  File "/site-packages/tensorflow/x.py", line 3, in f\n'
    assert mask_harness_frames(theirs) == theirs


@pytest.mark.parametrize("version", ["2.12.1", "2.21.0"])
def test_editing_the_harness_leaves_the_fast_lane_green(tmp_path: Path, version: str) -> None:
    """Comments added above the runner's calls shift every harness line; the recorded traces still replay."""
    checkout = tmp_path / "checkout"
    for package in ("conformance", "reference_impl"):
        shutil.copytree(REPO_ROOT / package, checkout / package, ignore=shutil.ignore_patterns("__pycache__"))
    for module in ("runner.py", "kinds.py"):
        path = checkout / "conformance" / module
        path.write_text("# a comment that moves every line below it\n" * 7 + path.read_text())
    env = dict(os.environ, PYTHONPATH=str(checkout), REFERENCE_TF_VERSION=version,
               CONFORMANCE_GENERATED_DIR=str(REPO_ROOT / "generated"))
    proc = subprocess.run([sys.executable, "-c", REPLAY, str(TRACES_DIR / f"tf-{version}.jsonl")], cwd=checkout,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    outcome = json.loads(proc.stdout)
    assert outcome["quoting"] > 0, "no stored program quotes harness frames: the test checks nothing"
    assert outcome["raw_runner_frames"] > 0, "the unmasked messages should quote the (shifted) runner frames"
    assert outcome["differences"] == []
