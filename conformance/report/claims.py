"""The seed's claims across TF versions, from the runs' `claim` rows: which hold and which are stale where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.runs import Run


@dataclass(frozen=True)
class ClaimResult:
    """A claim on one TF version: whether it holds, and the observed names."""

    version: str
    holds: bool
    observed: dict[str, Any]

    @property
    def state(self) -> str:
        """holds, or stale when the version contradicts the seed."""
        return "holds" if self.holds else "stale"


@dataclass(frozen=True)
class ClaimLine:
    """One claim: the seed's words, its snippet, expected names, and a result per version (None: not recorded)."""

    claim_id: str
    text: str
    code: str
    note: str
    expected: dict[str, Any]
    results: list[ClaimResult | None]

    @property
    def stale_versions(self) -> list[str]:
        """The versions on which the claim does not hold."""
        return [r.version for r in self.results if r is not None and not r.holds]

    def labels(self) -> list[str]:
        """The expected labels, then any label only some version observed (e.g. "raised")."""
        labels = list(self.expected)
        for result in self.results:
            if result is not None:
                labels += [label for label in result.observed if label not in labels]
        return labels

    def observed_variants(self) -> list[tuple[list[str], dict[str, Any]]]:
        """Distinct observations that differ from the expectation, with the versions that made them."""
        variants: list[tuple[list[str], dict[str, Any]]] = []
        for result in self.results:
            if result is None or result.holds:
                continue
            for versions, observed in variants:
                if observed == result.observed:
                    versions.append(result.version)
                    break
            else:
                variants.append(([result.version], result.observed))
        return variants


@dataclass(frozen=True)
class ClaimTable:
    """Claims (rows) × the versions of the shown runs (columns)."""

    versions: list[str]
    lines: list[ClaimLine]
    unrecorded: list[str]

    @property
    def stale(self) -> list[ClaimLine]:
        """The claims stale on at least one version."""
        return [line for line in self.lines if line.stale_versions]


def claim_order(runs: list[Run]) -> list[str]:
    """Claim ids in the order they first appear in the runs."""
    order: dict[str, None] = {}
    for run in runs:
        for row in run.claims:
            order.setdefault(row["claim_id"], None)
    return list(order)


def claim_rows_by_id(run: Run) -> dict[str, dict[str, Any]]:
    """A run's claim rows keyed by claim id (the last row wins)."""
    return {row["claim_id"]: row for row in run.claims}


def describing_row(claim_id: str, per_run: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """The row that describes a claim: from the newest version that recorded it."""
    return next(rows[claim_id] for rows in reversed(per_run) if claim_id in rows)


def build_claims(runs: list[Run]) -> ClaimTable:
    """The claim table of the shown runs (one per version, ordered by version)."""
    per_run = [claim_rows_by_id(run) for run in runs]
    lines = []
    for claim_id in claim_order(runs):
        about = describing_row(claim_id, per_run)
        results = [
            ClaimResult(run.tf_version, bool(rows[claim_id]["holds"]), rows[claim_id].get("observed") or {})
            if claim_id in rows
            else None
            for run, rows in zip(runs, per_run, strict=True)
        ]
        lines.append(
            ClaimLine(
                claim_id,
                str(about.get("text") or ""),
                str(about.get("code") or ""),
                str(about.get("note") or ""),
                about.get("expected") or {},
                results,
            )
        )
    unrecorded = [run.tf_version for run, rows in zip(runs, per_run, strict=True) if not rows]
    return ClaimTable([run.tf_version for run in runs], lines, unrecorded)
