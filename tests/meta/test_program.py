"""Unit tests: the program round trip, ids and validation (the repro scripts: test_render.py)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance import program as program_mod
from conformance.program import FAMILIES, ProgramError, program_id
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
