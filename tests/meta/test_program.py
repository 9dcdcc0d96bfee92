"""Unit tests: the program round trip, ids, validation and the rendered repro script."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance import program as program_mod
from conformance.backend import load_backend
from conformance.program import FAMILIES, ProgramError, program_id
from conformance.render import render_script
from conformance.runner import execute
from conformance.strategies import programs


@given(st.sampled_from(FAMILIES).flatmap(programs))
@settings(max_examples=60)
def test_round_trip_is_lossless(program: dict) -> None:
    text = program_mod.dumps(program)
    assert program_mod.loads(text) == program
    assert program_id(program_mod.loads(text)) == program_id(program)


def test_program_id_is_stable() -> None:
    program = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "value": 1.0}]}
    assert program_id(program) == program_id(json.loads(json.dumps(program)))
    assert len(program_id(program)) == 16


@pytest.mark.parametrize("bad, problem", [
    ({"format": 2, "family": "ops", "body": []}, "format"),
    ({"format": 1, "family": "nope", "body": []}, "family"),
    ({"format": 1, "family": "ops", "body": [{"op": "bogus", "id": "s1"}]}, "unknown statement"),
    ({"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "value": 1},
                                             {"op": "constant", "id": "s1", "value": 1}]}, "duplicate"),
    ({"format": 1, "family": "ops", "body": [{"op": "name_scope", "id": "s1", "name": "a"}]}, "no body"),
])
def test_validation_names_the_problem(bad: dict, problem: str) -> None:
    with pytest.raises(ProgramError, match=problem):
        program_mod.validate(bad)


@given(st.sampled_from(FAMILIES).flatmap(programs))
@settings(max_examples=60)
def test_rendered_script_reproduces_the_trace_on_the_model(program: dict) -> None:
    """The repro script runs with `import reference_impl.v1 as tf` and prints one line per executed statement."""
    model = load_backend("model")
    trace = execute(program, model).trace
    script = render_script(program).replace("import tensorflow.compat.v1 as tf", "import reference_impl.v1 as tf")
    compile(script, "<repro>", "exec")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(script, {"__name__": "__repro__"})  # noqa: S102 - our own rendered script
    printed = [line.split(" ", 1)[0].strip("'") for line in out.getvalue().splitlines()]
    expected = [event["id"] for event in trace if event["phase"] in ("call", "enter")]
    assert [p for p in printed if p.startswith("s")] == expected
    for event in trace:
        if "raised" in event and event["phase"] != "exit":
            assert any(event["raised"]["type"] in line for line in out.getvalue().splitlines()
                       if line.startswith(f"{event['id']} ")), event
