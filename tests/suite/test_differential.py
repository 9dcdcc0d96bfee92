"""The differential suite: real TF against reference_impl, one test per shard of each statement family.

Each family's budget (conformance/settings.py PROFILE_EXAMPLES) is split into shards (conformance/shards.py),
`test_family[name_scope-shard3]`: `-k name_scope` still selects a family, and a worker that crashes or hangs in a
program loses at most the rest of its shard.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, reject, seed, settings
from hypothesis import strategies as st

from conformance.backend import load_backend
from conformance.check import check_program
from conformance.diff import format_failure
from conformance.plugin import run_state_of
from conformance.program import FAMILIES
from conformance.shards import Shard, run_order
from conformance.strategies import programs
from reference_impl.versions import imitated_version

pytestmark = pytest.mark.tf  # runs the module under test


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`shard`: every shard of every family under the run's profile, breadth first (shards.run_order), families
    in the registry's order."""
    if "shard" in metafunc.fixturenames:
        every = run_order(list(FAMILIES), run_state_of(metafunc.config).profile)
        metafunc.parametrize("shard", every, ids=[shard.test_parameter for shard in every])


@pytest.fixture(scope="module")
def backends() -> tuple[Any, Any]:
    """The module under test ($CONFORMANCE_TF_MODULE) and the model."""
    return load_backend("tf"), load_backend("model")


def test_family(shard: Shard, backends: tuple[Any, Any], run_state: Any, request: pytest.FixtureRequest) -> None:
    """TF and the model agree on every name, reuse and error of random programs of this family's shard."""
    tf, model = backends
    family = shard.family
    failing: dict[str, Any] = {}
    calls = 0  # calls of the Hypothesis test so far
    started = 0  # programs of this shard run so far
    run_state.note_compared(request.node, [family], imitated_version(), shard)

    @seed(shard.seed(run_state.seed))
    @settings(max_examples=shard.budget)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        nonlocal calls, started
        program = data.draw(programs(family), label="program")
        calls += 1
        if shard.skips(calls):  # Hypothesis's opening: the same programs in every shard, run by the first only
            reject()
        started += 1
        # what a crash in this program would lose: the rest of the shard's budget (nothing once a failure is
        # found: Hypothesis is then shrinking it, and the shard ends with that failure)
        not_run = 0 if failing else max(shard.budget - started, 0)
        with run_state.running(program, request.node.nodeid, shard.index, not_run):  # recorded ahead, time-limited
            row = check_program(program, tf, model)
        row.update(test=request.node.nodeid, shard=shard.index)
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
