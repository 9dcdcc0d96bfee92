"""reference_impl never imports TensorFlow, not even indirectly; it imitates the version it is told to."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = r"""
import sys, json
import reference_impl.v1 as tf
from hypothesis import given, settings, strategies as st
from conformance.runner import execute
from conformance.strategies import programs
from conformance.program import FAMILIES

@given(st.sampled_from(FAMILIES).flatmap(programs))
@settings(max_examples=40, database=None)
def run(p):
    execute(p, tf)
run()
print(json.dumps({"tf_loaded": sorted(m for m in sys.modules if m == "tensorflow" or m.startswith("tensorflow.")),
                  "version": tf.__version__}))
"""


def _run(env_extra: dict[str, str]) -> dict:
    env = dict(os.environ, **env_extra)
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_tensorflow_is_never_imported_by_the_model() -> None:
    result = _run({"REFERENCE_TF_VERSION": "2.13.1"})
    assert result["tf_loaded"] == []
    assert result["version"] == "2.13.1"
