"""The seed's naming claims: the model observes what TF observes, and the curated verdicts hold on every TF."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from conformance.backend import load_backend
from conformance.seed_claims import CLAIMS, check_claims, claim_ids, claim_rows

ROW_KEYS = {"kind", "run_id", "tf_version", "claim_id", "text", "code", "note", "expected", "observed", "holds"}

# Claims checked by hand on tensorflow-cpu 2.21.0, then by the nightly matrix on every version 2.12.1-2.21.0
# (claim rows of `make matrix PROFILE=nightly`, 2026-11-26): the verdicts are the same on all of them.
# These hold ...
HOLDING_CLAIMS = sorted(set(claim_ids()) - {"captured-scope-keeps-name-scope"})
# ... and this one is stale (the captured scope opens bar/foo/).
STALE_CLAIMS = ["captured-scope-keeps-name-scope"]


@pytest.fixture(scope="module")
def tf_results() -> dict[str, dict[str, Any]]:
    """Claims checked on the module under test ($CONFORMANCE_TF_MODULE), keyed by claim id; skip when it is
    not importable."""
    try:
        tf = load_backend("tf")
    except ImportError as error:
        pytest.skip(f"the module under test is not importable: {error}")
    return {result["claim_id"]: result for result in check_claims(tf)}


@pytest.fixture(scope="module")
def model_results() -> dict[str, dict[str, Any]]:
    """Claims checked on the model `reference_impl.v1`, keyed by claim id."""
    return {result["claim_id"]: result for result in check_claims(load_backend("model"))}


def test_claim_ids_are_unique_and_expected_names_are_strings() -> None:
    """Every claim has a unique id, a French quote with a gloss, and string expectations."""
    ids = claim_ids()
    assert len(ids) == len(set(ids)) >= 15
    for item in CLAIMS:
        assert item.expected and all(isinstance(v, str) for v in item.expected.values())
        assert "»" in item.text and item.code.strip()


@pytest.mark.tf
@pytest.mark.parametrize("claim_id", claim_ids())
def test_model_observes_what_tf_observes(
    claim_id: str, tf_results: dict[str, dict[str, Any]], model_results: dict[str, dict[str, Any]]
) -> None:
    """For each claim, the model and real TF produce the same names."""
    assert model_results[claim_id]["observed"] == tf_results[claim_id]["observed"]


@pytest.mark.parametrize("claim_id", HOLDING_CLAIMS)
def test_claim_holds_on_model(claim_id: str, model_results: dict[str, dict[str, Any]]) -> None:
    """Claims that hold on TF hold on the model too."""
    result = model_results[claim_id]
    assert result["holds"], result["observed"]


@pytest.mark.tf
@pytest.mark.parametrize("claim_id", HOLDING_CLAIMS)
def test_claim_holds_on_tf(claim_id: str, tf_results: dict[str, dict[str, Any]]) -> None:
    """The curated claims hold on the installed TF, whichever version of the matrix it is."""
    result = tf_results[claim_id]
    assert result["holds"], result["observed"]


@pytest.mark.tf
@pytest.mark.parametrize("claim_id", STALE_CLAIMS)
def test_stale_claim_is_stale_on_tf(claim_id: str, tf_results: dict[str, dict[str, Any]]) -> None:
    """The captured-scope claim from the seed's last line is stale on the installed TF (2.12 onwards)."""
    result = tf_results[claim_id]
    assert not result["holds"]
    assert result["observed"]["c.op.name"] == "bar/foo/c"


class _Raising:
    """A stand-in `tf` whose every call fails, to show failures become observations."""

    def Graph(self) -> Any:  # noqa: N802 - mirrors tf.Graph
        """A graph whose as_default works, so snippets fail inside it."""
        from contextlib import nullcontext

        return SimpleNamespace(as_default=lambda: nullcontext())

    def __getattr__(self, name: str) -> Any:
        """Every other attribute is missing, with an address in the message."""
        raise AttributeError(f"fake tf has no {name} at 0xdeadbeef")


def test_a_raising_module_gives_observations_not_exceptions() -> None:
    """A snippet that raises is recorded as {"raised": ...} with a masked address, and does not hold."""
    results = check_claims(_Raising())
    assert len(results) == len(CLAIMS)
    for result in results:
        assert not result["holds"]
        assert result["observed"]["raised"].startswith("AttributeError: fake tf has no ")
        assert "0xdeadbeef" not in result["observed"]["raised"]


def test_claim_rows_have_the_documented_shape() -> None:
    """claim_rows gives JSON-serialisable rows with exactly the documented keys."""
    rows = claim_rows(_Raising(), run_id="r1", tf_version="2.21.0")
    assert [row["claim_id"] for row in rows] == claim_ids()
    for row in rows:
        assert set(row) == ROW_KEYS
        assert row["kind"] == "claim" and row["run_id"] == "r1" and row["tf_version"] == "2.21.0"
        assert json.loads(json.dumps(row)) == row
