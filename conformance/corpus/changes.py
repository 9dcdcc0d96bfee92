"""TF's own naming changes across versions: the corpus programs whose recorded traces differ between versions.

Written to generated/tf-behaviour-changes.md (for people) and generated/tf-behaviour-changes.json (for the
report). Each pair of consecutive recorded versions lists the programs whose traces differ, with the first
differing event on both sides, grouped by what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.corpus.store import GENERATED, CorpusProgram, load_all
from conformance.corpus.traces import TRACES_DIR, TraceFile, load_trace_files
from conformance.diff import first_difference
from conformance.files import write_atomically

CHANGES_MD = GENERATED / "tf-behaviour-changes.md"
CHANGES_JSON = GENERATED / "tf-behaviour-changes.json"


@dataclass(frozen=True)
class Change:
    """One program whose trace differs between two TF versions, at its first differing event."""

    program_id: str
    family: str
    kind: str
    event_id: str | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def changes_between(older: TraceFile, newer: TraceFile, programs: list[CorpusProgram]) -> list[Change]:
    """Programs recorded in both versions whose traces differ."""
    out = []
    for item in programs:
        before, after = older.traces.get(item.id), newer.traces.get(item.id)
        if before is None or after is None:
            continue
        difference = first_difference(before, after)
        if difference is not None:
            out.append(Change(item.id, item.family, item.kind, difference["id"], older_newer(difference["summary"]),
                              difference["tf"], difference["model"]))
    return out


def older_newer(summary: str) -> str:
    """A first difference's summary (diff.summarize: TF against the model) for two TF versions: old against new."""
    return summary.replace("TF ", "old ").replace("the model ", "new ")


def _what_changed(change: Change) -> str:
    return what_changed(change.before, change.after, change.summary)


def what_changed(before: dict[str, Any] | None, after: dict[str, Any] | None, summary: str) -> str:
    """A grouping key: the kind of event and the fields that changed, ids left out (`summary` as older_newer)."""
    event = before or after or {}
    fields = summary.split(": ", 1)[-1] if ": " in summary else summary
    if event.get("op") == "graphs":
        return "operation lists"
    return f"{event.get('op')} ({event.get('phase')}): {fields.split(' (')[0] if 'differs in' not in fields else fields}"


def _side(event: dict[str, Any] | None, other: dict[str, Any] | None) -> str:
    """One side of a change, briefly: `Type: message` if it raised, else only the fields that differ."""
    if event is None:
        return "(no event)"
    if "raised" in event:
        text = f"{event['raised']['type']}: {event['raised']['message']}"
    else:
        body, other_body = event.get("ok") or {}, (other or {}).get("ok") or {}
        if event.get("op") == "graphs" and isinstance(other_body, dict):
            text = _ops_delta(body, other_body)
        else:
            changed = {k: v for k, v in body.items() if other_body.get(k) != v} or body
            text = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted(changed.items()))
    return text if len(text) <= 400 else text[:400] + " …"


def _ops_delta(ops: dict[str, Any], other: dict[str, Any]) -> str:
    """Operations this side has and the other lacks, per graph."""
    parts = []
    for gid in sorted(ops):
        extra = sorted({tuple(x) for x in ops[gid]} - {tuple(x) for x in other.get(gid, [])})
        if extra:
            parts.append(f"{gid}: " + ", ".join(f"{name} ({kind})" for name, kind in extra))
    return "; ".join(parts) or "(no extra operations)"


def build_changes(directory: Path = TRACES_DIR) -> dict[str, Any]:
    """Every consecutive pair of recorded versions with the programs that changed between them."""
    files = load_trace_files(directory)
    programs = load_all()
    pairs = []
    for older, newer in zip(files, files[1:], strict=False):
        changes = changes_between(older, newer, programs)
        groups: dict[str, list[Change]] = {}
        for change in changes:
            groups.setdefault(_what_changed(change), []).append(change)
        pairs.append({
            "from": older.tf_version, "to": newer.tf_version,
            "compared": len(set(older.traces) & set(newer.traces)),
            "changed": len(changes),
            "groups": [{"what": what, "count": len(items),
                        "programs": [{"program_id": c.program_id, "family": c.family, "kind": c.kind,
                                      "event": c.event_id, "summary": c.summary,
                                      "before": _side(c.before, c.after), "after": _side(c.after, c.before)} for c in items]}
                       for what, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
        })
    return {"versions": [f.tf_version for f in files], "programs": len(programs), "pairs": pairs}


def render_markdown(changes: dict[str, Any], examples_per_group: int = 3) -> str:
    """The change log for people: one section per version pair, one table row per group with an example."""
    lines = ["# TensorFlow naming behaviour changes across versions", "",
             "Generated by `make corpus` from the recorded traces in `generated/traces/` "
             f"({changes['programs']} programs, versions {', '.join(changes['versions']) or 'none'}). "
             "Each section lists the corpus programs whose TF trace differs between two consecutive versions, "
             "grouped by what changed; `before`/`after` are the first differing event of each side. "
             "Programs are in `generated/programs/<family>/<id>.json` (regressions in `generated/regressions/`).",
             ""]
    for pair in changes["pairs"]:
        lines.append(f"## {pair['from']} → {pair['to']}: {pair['changed']} of {pair['compared']} programs changed")
        lines.append("")
        if not pair["groups"]:
            lines += ["No naming, reuse or error change on the corpus.", ""]
            continue
        for group in pair["groups"]:
            lines.append(f"### {group['what']} — {group['count']} program(s)")
            lines.append("")
            lines.append("| program | family | event | before | after |")
            lines.append("|---|---|---|---|---|")
            for item in group["programs"][:examples_per_group]:
                cells = [item["program_id"], item["family"], str(item["event"]), item["before"], item["after"]]
                lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
            rest = group["programs"][examples_per_group:]
            if rest:
                lines.append("")
                lines.append("Also: " + ", ".join(i["program_id"] for i in rest))
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    """Markdown table cell: pipes and newlines escaped, code-formatted."""
    text = text.replace("|", "\\|").replace("\n", "\\n").replace("`", "'")
    return f"`{text}`"


def write_changes(directory: Path = TRACES_DIR) -> dict[str, Any]:
    """Write the markdown and JSON change logs; returns the JSON data."""
    changes = build_changes(directory)
    write_atomically(CHANGES_JSON, json.dumps(changes, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    write_atomically(CHANGES_MD, render_markdown(changes))
    total = sum(p["changed"] for p in changes["pairs"])
    print(f"tf changes: {total} program changes over {len(changes['pairs'])} version pairs -> "
          f"{CHANGES_MD.relative_to(GENERATED.parent)}")
    return changes
