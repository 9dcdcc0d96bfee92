"""The frozen corpus: programs generated once from a fixed seed and stored under generated/programs/.

`python -m conformance.corpus build` (`make corpus`) regenerates the programs, records each matrix version's
TF traces (conformance/corpus/traces.py) and writes the TF behaviour-change log (conformance/corpus/changes.py).
Regression programs (shrunk divergences that were found and fixed) live in generated/regressions/ and are
replayed with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.errors import BadInput
from conformance.files import read_json, write_atomically
from conformance.paths import REPO_ROOT
from conformance.program import FAMILIES, ProgramError, dumps, program_id, validate
from conformance.render import render_script
from conformance.sampling import EXAMPLES_PER_PROGRAM, family_programs
from conformance.settings import GENERATED_DIR

#: $CONFORMANCE_GENERATED_DIR moves the whole generated/ tree (tests use it for scratch corpora).
GENERATED: Path = GENERATED_DIR.value()
PROGRAMS_DIR = GENERATED / "programs"
REGRESSIONS_DIR = GENERATED / "regressions"
CORPUS_SEED = 20261126
PER_FAMILY = 120
#: Programs shorter than this are skipped while generating: they add little that longer ones don't cover.
MIN_STATEMENTS = 2


class CorpusError(BadInput):
    """A corpus, regression or trace file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class CorpusProgram:
    """One stored program: where it lives, its id and its content (regressions also carry why they exist)."""

    path: Path
    program: dict[str, Any]
    kind: str  # "corpus" or "regression"
    reason: str | None = None

    @property
    def id(self) -> str:
        return program_id(self.program)

    @property
    def family(self) -> str:
        return self.program["family"]


# ---- generating ------------------------------------------------------------------------------------

def generate_family(family: str, count: int, seed: int = CORPUS_SEED) -> list[dict[str, Any]]:
    """`count` distinct programs of one family, at least MIN_STATEMENTS long; CorpusError if there are fewer."""
    found = family_programs(family, count, seed, MIN_STATEMENTS)
    if len(found) < count:
        raise CorpusError(f"family {family}", f"only {len(found)} distinct programs from "
                          f"{count * EXAMPLES_PER_PROGRAM} examples")
    return found


def write_programs(programs: Sequence[dict[str, Any]], directory: Path = PROGRAMS_DIR) -> tuple[int, int]:
    """Store each program as <family>/<id>.json plus its rendered .py; drop files of programs no longer in it.

    Returns (written, removed)."""
    wanted: dict[Path, str] = {}
    for program in programs:
        base = directory / program["family"] / program_id(program)
        wanted[base.with_suffix(".json")] = dumps(program) + "\n"
        wanted[base.with_suffix(".py")] = render_script(program)
    written = 0
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text)
            written += 1
    removed = 0
    for path in sorted(directory.glob("*/*")) if directory.exists() else []:
        if path.suffix in (".json", ".py") and path not in wanted:
            path.unlink()
            removed += 1
    return written, removed


# ---- loading ---------------------------------------------------------------------------------------

def _load_program_file(path: Path) -> tuple[dict[str, Any], str | None]:
    """A program file: the program itself, or (regressions) {"program": ..., "reason": ...}."""
    try:
        data = read_json(path)
    except BadInput as error:
        raise CorpusError(error.path, error.problem, error.line) from None
    reason = None
    if isinstance(data, dict) and "reason" in data and "program" in data:
        reason, data = data["reason"], data["program"]
    try:
        validate(data)
    except ProgramError as error:
        raise CorpusError(path, f"not a valid program ({error})", 1) from None
    if path.stem != program_id(data):
        raise CorpusError(path, f"content hash is {program_id(data)}, not the file name's {path.stem} "
                          "(edited by hand? run `make corpus`)", 1)
    return data, reason


def load_corpus(directory: Path = PROGRAMS_DIR) -> list[CorpusProgram]:
    """Every stored corpus program, sorted by family then id."""
    out = []
    for path in sorted(directory.glob("*/*.json")):
        program, _ = _load_program_file(path)
        if program["family"] != path.parent.name:
            raise CorpusError(path, f"family {program['family']!r} stored under {path.parent.name}/", 1)
        out.append(CorpusProgram(path=path, program=program, kind="corpus"))
    return out


def load_regressions(directory: Path = REGRESSIONS_DIR) -> list[CorpusProgram]:
    """Every regression program, sorted by id; each carries the reason it was added."""
    out = []
    for path in sorted(directory.glob("*.json")):
        program, reason = _load_program_file(path)
        if not reason:
            raise CorpusError(path, 'a regression needs {"reason": ..., "program": ...}', 1)
        out.append(CorpusProgram(path=path, program=program, kind="regression", reason=reason))
    return out


def load_all() -> list[CorpusProgram]:
    """The corpus and the regressions: everything the fast lane replays."""
    return [*load_corpus(), *load_regressions()]


def add_regression(program: dict[str, Any], reason: str, directory: Path = REGRESSIONS_DIR) -> Path:
    """Store a shrunk divergence (after its fix) as <id>.json with the reason, plus its repro script."""
    validate(program)
    base = directory / program_id(program)
    record = {"reason": reason, "program": program}
    write_atomically(base.with_suffix(".json"), json.dumps(record, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    write_atomically(base.with_suffix(".py"), f"# Regression: {reason}\n" + render_script(program))
    return base.with_suffix(".json")


# ---- command line ----------------------------------------------------------------------------------

def build_programs(per_family: int = PER_FAMILY, seed: int = CORPUS_SEED) -> list[dict[str, Any]]:
    """Generate the whole corpus, family by family, and store it."""
    programs: list[dict[str, Any]] = []
    for family in FAMILIES:
        programs.extend(generate_family(family, per_family, seed))
    written, removed = write_programs(programs)
    print(f"corpus: {len(programs)} programs ({per_family} per family, seed {seed}) in "
          f"{PROGRAMS_DIR.relative_to(REPO_ROOT)}/: {written} files written, {removed} removed")
    return programs
