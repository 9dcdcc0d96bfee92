"""Known divergences: a reviewed plain-text file; entries that match nothing warn as stale."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reference_impl.versions import parse_version

DEFAULT_PATH = Path(__file__).with_name("known_divergences.txt")


@dataclass
class Expectation:
    """One reviewed divergence: family, TF version range, a substring of the diff summary, and why."""

    family: str
    versions: str
    match: str
    reason: str
    line: int

    def applies_to(self, family: str, tf_version: str, difference: dict) -> bool:
        """Same family, version in range, and `match` found in the diff summary or in TF's side of the diff."""
        return (family == self.family and version_in_range(tf_version, self.versions)
                and self.match in difference_text(difference))


def difference_text(difference: dict) -> str:
    """What an expectation's `match` is looked for in: the one-line summary, then TF's event as JSON."""
    return difference["summary"] + "\n" + json.dumps(difference.get("tf"), sort_keys=True, ensure_ascii=False)


def expected(entries: list[Expectation], family: str, tf_version: str, difference: dict | None) -> Expectation | None:
    """The first reviewed entry that covers this divergence, if any."""
    if difference is None:
        return None
    return next((e for e in entries if e.applies_to(family, tf_version, difference)), None)


def version_in_range(version: str, spec: str) -> bool:
    """'*' or comma-separated clauses like '>=2.12,<2.15' or '==2.21.0'."""
    if spec.strip() == "*":
        return True
    v = parse_version(version)
    for clause in spec.split(","):
        clause = clause.strip()
        for op in (">=", "<=", "==", ">", "<"):
            if clause.startswith(op):
                bound = parse_version(clause[len(op):])
                ok = {">=": v >= bound, "<=": v <= bound, "==": v == bound, ">": v > bound, "<": v < bound}[op]
                if not ok:
                    return False
                break
        else:
            raise ValueError(f"bad version clause {clause!r}")
    return True


def load(path: Path = DEFAULT_PATH) -> list[Expectation]:
    """Lines: `family | versions | substring of the summary or of TF's event | reason`; '#' starts a comment."""
    entries: list[Expectation] = []
    if not path.exists():
        return entries
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or not all(parts):
            raise ValueError(f"{path}:{number}: expected 'family | versions | match | reason'")
        entries.append(Expectation(*parts, line=number))
    return entries
