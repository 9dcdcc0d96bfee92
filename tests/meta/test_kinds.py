"""The statement-kind registry (conformance/kinds.py): complete, consistent with the generator, and documented."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conformance.corpus.store import CORPUS_SEED, PER_FAMILY, generate_family, load_corpus
from conformance.kinds import FAMILIES, KINDS, calls_table, families_table
from conformance.paths import REPO_ROOT
from conformance.program import program_id, walk
from conformance.sampling import sample_programs
from conformance.strategies import DRAWS, FILLER_KINDS, Pools, swarm_knobs

FORMATS_DOC = REPO_ROOT / "docs" / "formats.md"
#: statement keys that are not arguments
STRUCTURE = {"op", "id", "body"}


def test_every_kind_with_arguments_has_one_draw_function() -> None:
    """Adding a kind is one registry entry plus one `@draws(kind)` function in conformance/strategies.py (none
    when its call reads no statement field, or when it is made only as part of another kind's statement, whose
    drawing fills it: a cond's `branch`)."""
    assert set(DRAWS) == {name for name, kind in KINDS.items() if kind.fields() and kind.part_of is None}


def test_every_kind_has_a_known_family_and_known_pools() -> None:
    pool_names = {f.name for f in dataclasses.fields(Pools)}
    filled = {pool for kind in KINDS.values() for pool in kind.pools}
    for kind in KINDS.values():
        assert kind.family in FAMILIES, kind.name
        assert set(kind.pools) <= pool_names, kind.name
        assert set(kind.needs) <= filled, f"{kind.name} needs a pool that no kind fills"
        assert not (kind.repeatable and not kind.block), f"{kind.name}: only a with-block can be opened again"


def test_a_statement_can_always_be_drawn() -> None:
    """The generator never drops a pick: the fillers (always on) can be drawn anywhere, at any depth and in an
    empty program, and every family has a kind of its own that can open an empty program."""
    for name in FILLER_KINDS:
        kind = KINDS[name]
        assert not (kind.block or kind.needs or kind.rare), name
    for family in FAMILIES:
        assert any(not KINDS[k].needs for k in swarm_knobs(family).focus), family


def test_a_kind_binds_a_fetchable_value_exactly_when_it_joins_the_tensor_or_variable_pool() -> None:
    """Later statements take tensor operands (and cond predicates) from those pools; the values step fetches the
    same statements."""
    for kind in KINDS.values():
        assert kind.binds_value == bool({"tensors", "variables", "preds"} & set(kind.pools)), kind.name


def test_every_drawn_argument_is_read_by_the_call_spec() -> None:
    """A key the generator draws but the call spec ignores would be an argument dropped on both sides."""
    unread = set()
    for program in sample_programs(20, seed=3):
        for stmt in walk(program["body"]):
            spec_keys = {f.key for f in KINDS[stmt["op"]].fields()}
            unread |= {(stmt["op"], key) for key in set(stmt) - STRUCTURE - spec_keys}
    assert unread == set()


@pytest.mark.parametrize("family", [pytest.param(f, marks=[] if f == "variable_scope" else pytest.mark.slow)
                                    for f in FAMILIES])
def test_the_generator_still_draws_the_frozen_corpus(family: str) -> None:
    """The corpus was drawn from CORPUS_SEED: a generator that draws other programs would orphan its traces.

    (One family in the default run, ~5 s; every family under `-m slow`.)"""
    stored = {p.id for p in load_corpus() if p.family == family}
    assert {program_id(p) for p in generate_family(family, PER_FAMILY, CORPUS_SEED)} == stored


def _table_after(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n\n", start)
    return text[start:end if end >= 0 else len(text)]


def test_docs_list_the_registry_families_and_kinds() -> None:
    """docs/formats.md's family table names exactly the registry's kinds, family by family."""
    table = _table_after(FORMATS_DOC.read_text(encoding="utf-8"), "| family | kinds |")
    documented = {row[0]: re.findall(r"`(\w+)`", row[1])
                  for row in (line.split("|")[1:3] for line in table.splitlines()[2:])}
    documented = {re.sub(r"`", "", family).strip(): kinds for family, kinds in documented.items()}
    registry = {family: [k for k, kind in KINDS.items() if kind.family == family] for family in FAMILIES}
    assert documented == {family: kinds for family, kinds in registry.items() if kinds}


@pytest.mark.parametrize("table", [families_table, calls_table])
def test_docs_tables_are_the_registry_tables(table: object) -> None:
    """Both tables of docs/formats.md are exactly the registry's (`python -m conformance.kinds --write`)."""
    assert callable(table)
    assert table() in FORMATS_DOC.read_text(encoding="utf-8"), "run `python -m conformance.kinds --write`"
