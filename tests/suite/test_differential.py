"""The differential suite: one test per statement family, real TF against reference_impl."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, seed
from hypothesis import strategies as st

from conformance.backend import load_backend
from conformance.check import check_program
from conformance.diff import format_failure
from conformance.program import FAMILIES
from conformance.strategies import programs
from reference_impl.versions import imitated_version

pytestmark = pytest.mark.tf  # runs the module under test


@pytest.fixture(scope="module")
def backends() -> tuple[Any, Any]:
    """The module under test ($CONFORMANCE_TF_MODULE) and the model."""
    return load_backend("tf"), load_backend("model")


@pytest.mark.parametrize("family", FAMILIES)
def test_family(family: str, backends: tuple[Any, Any], run_state: Any, request: pytest.FixtureRequest) -> None:
    """TF and the model agree on every name, reuse and error of random programs of this family."""
    tf, model = backends
    failing: dict[str, Any] = {}
    run_state.note_compared(request.node, [family], imitated_version())

    @seed(run_state.seed)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        program = data.draw(programs(family), label="program")
        with run_state.running(program, request.node.nodeid):  # recorded ahead and time-limited
            row = check_program(program, tf, model)
        row["test"] = request.node.nodeid
        if row["status"] == "pass":
            if not failing:  # after the first failure Hypothesis is shrinking: keep only the final example
                run_state.write(row)
            return
        expectation = run_state.known_divergence(request.node, family, imitated_version(), row["diff"])
        if expectation is not None:
            row.update(status="xfail", reason=expectation.reason)
            run_state.write(row)
            return
        failing["row"] = row
        run_state.hold(row)  # on disk until written below, so a crash while shrinking keeps it
        if row["status"] == "broken":
            raise AssertionError(f"broken: {row['reason']}\n\n{row['repro']}")
        raise AssertionError(format_failure(program, row["diff"], row["repro"]))

    try:
        run()
    finally:
        if failing:
            run_state.write(failing["row"])
            run_state.release()
