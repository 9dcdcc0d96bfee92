"""Upcoming changes in tf-nightly: each change group between the newest release and the nightly, as an issue text.

For every group of the change log's last pair (the newest recorded release → the recorded nightly), the group's first
program is shrunk to the fewest statements that still show the same change. The shrinking runs on the model, which
imitates both versions (the fast lane checks that it reproduces both versions' traces of the whole corpus), so it
needs no TensorFlow. The shrunk program is rendered as a repro script and run for real in both versions' matrix venvs;
their outputs and a diff of them complete an upstream-ready issue text.

Written to generated/upcoming/<n>-<slug>.md, one per group, and generated/upcoming/index.json for the report. The
texts are deterministic: the same traces and venvs give the same files.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.corpus.changes import CHANGES_JSON, older_newer, what_changed
from conformance.corpus.store import GENERATED, REPO_ROOT, CorpusProgram, load_all
from conformance.corpus.traces import trace_program
from conformance.diff import first_difference
from conformance.files import write_atomically
from conformance.program import walk
from conformance.render import VALUES, mark_first_difference, render_script, statement_source
from conformance.trace import mask_identities

UPCOMING_DIR = GENERATED / "upcoming"
UPCOMING_INDEX = UPCOMING_DIR / "index.json"
#: what a repro script prints when it cannot be run (a version's venv is missing)
NOT_RUN = "(not run: no matrix venv for this version; `make matrix TF_VERSIONS=...` builds it)"

Trace = list[dict[str, Any]]


def is_nightly(version: str) -> bool:
    """A tf-nightly build's version: a dev release (2.23.0.dev20261026)."""
    return ".dev" in version


def model_trace(program: dict[str, Any], version: str) -> Trace:
    """The model's trace of a program, imitating `version` (as the fast lane replays it)."""
    from conformance.backend import load_backend

    previous = os.environ.get("REFERENCE_TF_VERSION")
    os.environ["REFERENCE_TF_VERSION"] = version
    try:
        return trace_program(program, load_backend("model"))
    finally:
        if previous is None:
            del os.environ["REFERENCE_TF_VERSION"]
        else:
            os.environ["REFERENCE_TF_VERSION"] = previous


def change_signature(program: dict[str, Any], old: str, new: str) -> str | None:
    """What changes between the two versions at the program's first differing event (changes.what_changed), or
    None when nothing does or when the program no longer stands on its own (a statement refers to a deleted one)."""
    before, after = model_trace(program, old), model_trace(program, new)
    if any(event.get("raised", {}).get("type") == "NameError" for event in before + after):
        return None
    difference = first_difference(before, after)
    if difference is None:
        return None
    return what_changed(difference["tf"], difference["model"], older_newer(difference["summary"]))


def _deletions(body: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Every body one step smaller: a statement deleted (a block with its body), or a block replaced by its body."""
    for index, stmt in enumerate(body):
        rest_before, rest_after = body[:index], body[index + 1:]
        yield rest_before + rest_after
        if "body" in stmt:
            yield rest_before + stmt["body"] + rest_after
            for smaller in _deletions(stmt["body"]):
                yield [*rest_before, {**stmt, "body": smaller}, *rest_after]


def shrink(program: dict[str, Any], keeps_change: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Greedy deletion to a fixpoint: the first one-step-smaller program that still shows the change, again and
    again (deterministic: deletions are tried in program order)."""
    current = program
    while True:
        for body in _deletions(current["body"]):
            candidate = {**current, "body": body}
            if keeps_change(candidate):
                current = candidate
                break
        else:
            return current


def run_script(script: str, version: str, venvs: Path) -> str:
    """The script's output in the version's matrix venv (stdout, then stderr if any)."""
    label = "nightly" if is_nightly(version) else version
    python = venvs / f"tf-{label}" / "bin" / "python"
    if not python.exists():
        return NOT_RUN
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "repro.py"
        path.write_text(script, encoding="utf-8")
        proc = subprocess.run([str(python), str(path)], capture_output=True, text=True, check=False, cwd=tmp,
                              env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}, timeout=300)
    failed = f"\n[exit status {proc.returncode}]\n{proc.stderr.strip()}" if proc.returncode else ""
    # stderr otherwise holds only TF's start-up logging; object addresses change from run to run
    return mask_identities(proc.stdout.rstrip("\n") + failed).rstrip("\n")


def _statement(program: dict[str, Any], sid: str | None) -> dict[str, Any] | None:
    return next((stmt for stmt in walk(program["body"]) if stmt["id"] == sid), None)


def _outcome(event: dict[str, Any]) -> str:
    return f"raises {event['raised']['type']}" if "raised" in event else "succeeds"


def headline(program: dict[str, Any], difference: dict[str, Any], new: str) -> str:
    """What changed, in a line: the operation names that changed, or what one statement now does."""
    before, after = difference["tf"] or {}, difference["model"] or {}
    if before.get("op") == "graphs":
        gone = sorted({name for ops in before["ok"].values() for name, _ in ops}
                      - {name for ops in after["ok"].values() for name, _ in ops})
        new_names = sorted({name for ops in after["ok"].values() for name, _ in ops}
                           - {name for ops in before["ok"].values() for name, _ in ops})
        return f"operations are named {', '.join(new_names) or '(none)'} instead of {', '.join(gone) or '(none)'}"
    stmt = _statement(program, difference["id"])
    call = f"`{statement_source(stmt)}`" if stmt is not None else f"`{difference['id']}`"
    if ("raised" in before) != ("raised" in after):
        return f"{call} now {_outcome(after)} (it {_outcome(before).replace('raises', 'raised').replace('succeeds', 'succeeded')} before)"
    if "raised" in before:
        if before["raised"]["type"] != after["raised"]["type"]:
            return f"{call} now raises {after['raised']['type']} instead of {before['raised']['type']}"
        return f"{call} raises {after['raised']['type']} with another message"
    changed = sorted(k for k in set(before.get("ok", {})) | set(after.get("ok", {}))
                     if before.get("ok", {}).get(k) != after.get("ok", {}).get(k))
    return f"{call} gives a different {', '.join(changed)}"


def without_values_footer(script: str) -> str:
    """A repro script without its Session values footer (the change is elsewhere)."""
    footer = script.find(VALUES.split("\n", 1)[0])
    return script if footer < 0 else script[:footer]


@dataclass(frozen=True)
class Upcoming:
    """One change group between a release and the nightly, with its shrunk repro and both versions' outputs."""

    number: int
    what: str
    old: str
    new: str
    programs: list[str]
    program: dict[str, Any]
    script: str
    summary: str
    headline: str
    old_output: str
    new_output: str

    @property
    def slug(self) -> str:
        return f"{self.number:02d}-" + re.sub(r"[^a-z0-9]+", "-", self.what.lower()).strip("-")[:60]

    @property
    def title(self) -> str:
        return f"tf-nightly {self.new}: {self.headline}"

    def output_diff(self) -> str:
        return "\n".join(difflib.unified_diff(self.old_output.splitlines(), self.new_output.splitlines(),
                                              f"TF {self.old}", f"tf-nightly {self.new}", lineterm="", n=1))

    def markdown(self) -> str:
        """The upstream-ready issue text."""
        statements = len(list(walk(self.program["body"])))
        also = ", ".join(f"`{pid}`" for pid in self.programs)
        return "\n".join([
            f"# {self.title}", "",
            f"**What changed.** {self.headline[0].upper()}{self.headline[1:]} (corpus group: {self.what}; first "
            f"difference: {self.summary}). TF1-style code fetches tensors by name and restores checkpoints "
            "keyed by variable names, so a naming change breaks it without any error.", "",
            f"**Repro** ({statements} statements; the line marked `# <-- first difference` is where the two "
            "versions first part):", "", "```python", self.script.rstrip("\n"), "```", "",
            f"**Output on TF {self.old}:**", "", "```", self.old_output, "```", "",
            f"**Output on tf-nightly {self.new}:**", "", "```", self.new_output, "```", "",
            "**Diff of the outputs:**", "", "```diff", self.output_diff() or "(the outputs are identical)", "```", "",
            f"Found by tf-scope-conformance's frozen corpus: {len(self.programs)} program(s) show this change "
            f"({also}); the repro is the first of them, shrunk.", ""])

    def index_entry(self) -> dict[str, Any]:
        return {"number": self.number, "slug": self.slug, "title": self.title, "what": self.what,
                "old": self.old, "new": self.new, "programs": self.programs, "summary": self.summary, "headline": self.headline,
                "script": self.script, "old_output": self.old_output, "new_output": self.new_output,
                "diff": self.output_diff(), "file": f"generated/upcoming/{self.slug}.md"}


def nightly_pair(changes: dict[str, Any]) -> dict[str, Any] | None:
    """The change log's pair that ends at a nightly build, if one was recorded."""
    pairs = [pair for pair in changes.get("pairs", []) if is_nightly(pair["to"]) and not is_nightly(pair["from"])]
    return pairs[-1] if pairs else None


def upcoming_changes(changes: dict[str, Any], programs: list[CorpusProgram], venvs: Path) -> list[Upcoming]:
    """Every change group of the release → nightly pair, shrunk, rendered and run on both versions."""
    pair = nightly_pair(changes)
    if pair is None:
        return []
    by_id = {item.id: item.program for item in programs}
    old, new = pair["from"], pair["to"]
    out = []
    for number, group in enumerate(pair["groups"], start=1):
        ids, what = [item["program_id"] for item in group["programs"]], group["what"]
        shrunk = shrink(by_id[ids[0]], lambda candidate, what=what: change_signature(candidate, old, new) == what)
        difference = first_difference(model_trace(shrunk, old), model_trace(shrunk, new))
        assert difference is not None  # shrink keeps the change
        summary = (difference["summary"].replace("TF ", f"TF {old} ").replace("the model ", f"tf-nightly {new} ")
                   .replace("only model", f"only tf-nightly {new}"))
        script = render_script(shrunk)
        if difference["id"] != "values":
            script = without_values_footer(script)
        script = mark_first_difference(script, difference["id"])
        out.append(Upcoming(number, what, old, new, ids, shrunk, script, summary, headline(shrunk, difference, new),
                            run_script(script, old, venvs), run_script(script, new, venvs)))
    return out


def write_upcoming(directory: Path = UPCOMING_DIR, venvs: Path = REPO_ROOT / ".matrix") -> list[Upcoming]:
    """Rewrite generated/upcoming/ from the change log (CHANGES_JSON): one issue text per group, and the index."""
    changes = json.loads(CHANGES_JSON.read_text(encoding="utf-8")) if CHANGES_JSON.exists() else {}
    found = upcoming_changes(changes, load_all(), venvs)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.md"):
        stale.unlink()
    for item in found:
        write_atomically(directory / f"{item.slug}.md", item.markdown())
    pair = nightly_pair(changes)
    index = {"old": pair["from"] if pair else None, "new": pair["to"] if pair else None,
             "compared": pair["compared"] if pair else 0, "changed": pair["changed"] if pair else 0,
             "groups": [item.index_entry() for item in found]}
    write_atomically(directory / "index.json", json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    return found
