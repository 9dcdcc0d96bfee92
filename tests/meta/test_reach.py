"""What the generator reaches (issue 15): over the ci sample the differential test draws, every kind is drawn and
every situation of SITUATIONS is reached by some program.

A situation is a named predicate over one program; the ones here are where real TF1 code (layers) goes and where
planted bugs hid: the `subscope_counts_kept` TF mutant (leaving a named scope no longer resets its sub-scopes'
default-name counts) passed the whole suite while no program opened the same default name in a named scope
opened again. Add a situation with one entry in SITUATIONS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from conformance.kinds import KINDS
from conformance.program import FAMILIES, walk
from conformance.sampling import profile_programs
from conformance.settings import SEED

PROFILE = "ci"

Program = dict[str, Any]
Statement = dict[str, Any]


@pytest.fixture(scope="module")
def sample() -> list[Program]:
    """Every program the differential test draws at the ci budget, every family."""
    return [p for family in FAMILIES for p in profile_programs(family, PROFILE, int(SEED.value()))]


# ---- helpers over a program --------------------------------------------------------------------------------

def with_ancestors(body: list[Statement], ancestors: tuple[Statement, ...] = ()
                   ) -> Iterator[tuple[Statement, tuple[Statement, ...]]]:
    """Every statement in pre-order (program order), with the blocks around it, outermost first."""
    for stmt in body:
        yield stmt, ancestors
        if "body" in stmt:
            yield from with_ancestors(stmt["body"], (*ancestors, stmt))


def is_default_name_scope(stmt: Statement) -> bool:
    """`variable_scope(None, default_name)`: the scope TF numbers by its default name (`_get_unique_variable_scope`)."""
    return stmt["op"] == "variable_scope" and stmt.get("scope") is None and isinstance(stmt.get("default_name"), str)


def is_named_scope(stmt: Statement) -> bool:
    return stmt["op"] == "variable_scope" and isinstance(stmt.get("scope"), str) and stmt["scope"] != ""


def is_captured_reentry(stmt: Statement) -> bool:
    return stmt["op"] == "variable_scope" and isinstance(stmt.get("scope"), dict)


def same_scope(first: Statement, second: Statement) -> bool:
    """`second` opens the scope `first` opened again: the same name, or the same captured scope."""
    return second is not first and second["op"] == "variable_scope" and second.get("scope") == first.get("scope")


def default_name_again(program: Program, outer: Callable[[Statement], bool], inside_reopened: bool) -> bool:
    """A default-name scope inside a block `outer` accepts, then later the same default name again: inside a
    block that opens the same scope again (`inside_reopened`), or else outside any such block."""
    ordered = list(with_ancestors(program["body"]))
    for index, (first, ancestors) in enumerate(ordered):
        if not is_default_name_scope(first):
            continue
        for block in (a for a in ancestors if outer(a)):
            for second, later_ancestors in ordered[index + 1:]:
                if not is_default_name_scope(second) or second["default_name"] != first["default_name"]:
                    continue
                if block in later_ancestors:
                    continue  # still inside the first block
                reopened = any(same_scope(block, a) for a in later_ancestors)
                if reopened == inside_reopened:
                    return True
    return False


def is_layer_scope(stmt: Statement) -> bool:
    """`variable_scope(scope, "Conv", [inputs])` with the scope given: TF ignores the default name."""
    return (stmt["op"] == "variable_scope" and stmt.get("scope") is not None and "default_name" in stmt
            and "values" in stmt)


def is_layer_reentry(stmt: Statement) -> bool:
    """tf.compat.v1.layers' re-entry: the captured scope without a name scope, then its original name scope."""
    body = stmt.get("body") or []
    return (is_captured_reentry(stmt) and stmt.get("auxiliary_name_scope") is False and bool(body)
            and body[0]["op"] == "original_name_scope" and body[0]["scope"] == stmt["scope"]["ref"])


def reuse_with_another_shape(program: Program) -> bool:
    """get_variable asks again for a name it asked for before, with another known shape."""
    shapes: dict[str, list[Any]] = {}
    for stmt in walk(program["body"]):
        if stmt["op"] == "get_variable" and stmt.get("shape") is not None:
            earlier = shapes.setdefault(stmt["name"], [])
            if any(shape != stmt["shape"] for shape in earlier):
                return True
            earlier.append(stmt["shape"])
    return False


def reuses_a_partitioned_variable(program: Program) -> bool:
    """get_variable calls again, under reuse (its own scope's, or the root scope's after reuse_variables), a
    partitioned variable made by an earlier identical call."""
    created: set[str] = set()
    root_reused = False

    def visit(body: list[Statement], path: tuple[Any, ...], reuse: Any) -> bool:
        nonlocal root_reused
        for stmt in body:
            if stmt["op"] == "reuse_variables" and "scope" not in stmt and not path:
                root_reused = True
            reusing = reuse or root_reused
            if stmt["op"] == "get_variable" and stmt.get("partitioner") and stmt.get("shape"):
                call = repr((path, sorted((k, repr(v)) for k, v in stmt.items() if k != "id")))
                if call in created and reusing:
                    return True
                if reusing is not True:
                    created.add(call)
            if "body" in stmt:
                inner, inner_reuse = path, reuse
                if stmt["op"] == "variable_scope":
                    inner = (*path, stmt["scope"] if isinstance(stmt.get("scope"), str) else stmt["id"])
                    inner_reuse = stmt.get("reuse") if stmt.get("reuse") in (True, "AUTO_REUSE") else reuse
                if visit(stmt["body"], inner, inner_reuse):
                    return True
        return False
    return visit(program["body"], (), None)


COLLECTION_QUERIES = {"get_collection", "global_variables", "trainable_variables", "local_variables", "model_variables"}


def prefix_filter_matches_a_sibling(program: Program) -> bool:
    """A collection query whose scope= is a proper prefix of another scope or variable name, not followed by
    "/": TF's re.match then also keeps the sibling (`x` keeps `x_1/...`)."""
    statements = list(walk(program["body"]))
    names = {stmt[key] for stmt in statements if stmt["op"] not in COLLECTION_QUERIES
             for key in ("scope", "name", "default_name") if isinstance(stmt.get(key), str)}
    return any(stmt["op"] in COLLECTION_QUERIES and isinstance(stmt.get("scope"), str) and stmt["scope"]
               and any(name.startswith(stmt["scope"]) and name[len(stmt["scope"]):][:1] not in ("", "/")
                       for name in names)
               for stmt in statements)


def thread_builds_names(program: Program) -> bool:
    """A thread whose body opens scopes, makes variables or ops, or enters a graph."""
    return any(stmt["op"] == "thread" and any(inner["op"] in ("name_scope", "variable_scope", "get_variable",
                                                               "as_default", "constant") for inner in walk(stmt["body"]))
               for stmt in walk(program["body"]))


def composed_getters(program: Program) -> bool:
    """get_variable under two variable_scopes that each pass custom_getter= (TF composes them)."""
    return any(stmt["op"] == "get_variable"
               and sum(1 for a in ancestors if a["op"] == "variable_scope" and a.get("custom_getter")) >= 2
               for stmt, ancestors in with_ancestors(program["body"]))


def loop_body_builds_names(program: Program) -> bool:
    """A tf.while_loop whose body function does more than step its loop var (scopes, variables, ops, nested
    control flow): its names are made in the body's function graph."""
    return any(stmt["op"] == "while_loop" and len(stmt["body"][1]["body"]) > 1 for stmt in walk(program["body"]))


def case_nests_conds(program: Program) -> bool:
    """A tf.case of two pairs or more: each later pair's cond is built while the previous false branch is traced."""
    return any(stmt["op"] == "case" and len(stmt["preds"]) >= 2 for stmt in walk(program["body"]))


def variable_in_a_function(program: Program) -> bool:
    """get_variable or tf.Variable inside a cond or case branch or a loop function (lifted to the outer graph,
    made a resource variable while the function is traced)."""
    return any(stmt["op"] in ("branch", "loop_function") and any(inner["op"] in ("get_variable", "variable")
                                                                  for inner in walk(stmt["body"]))
               for stmt in walk(program["body"]))


#: situation -> whether a program reaches it; each must be reached by some program of the ci sample
SITUATIONS: dict[str, Callable[[Program], bool]] = {
    "layer scope: variable_scope(scope, default_name, values)":
        lambda p: any(is_layer_scope(s) for s in walk(p["body"])),
    "layer re-entry: captured scope, auxiliary_name_scope=False, name_scope(original_name_scope)":
        lambda p: any(is_layer_reentry(s) for s in walk(p["body"])),
    "reuse with another shape": reuse_with_another_shape,
    "default name in a named scope, again in the scope reopened":
        lambda p: default_name_again(p, is_named_scope, inside_reopened=True),
    "default name in a named scope, again outside it":
        lambda p: default_name_again(p, is_named_scope, inside_reopened=False),
    "default name in a captured-scope re-entry, again in the scope reopened":
        lambda p: default_name_again(p, is_captured_reentry, inside_reopened=True),
    "default name in a captured-scope re-entry, again outside it":
        lambda p: default_name_again(p, is_captured_reentry, inside_reopened=False),
    "reuse of a partitioned variable": reuses_a_partitioned_variable,
    "a regex-prefix collection filter that matches a sibling": prefix_filter_matches_a_sibling,
    "a thread that builds names": thread_builds_names,
    "custom getters composed across nested scopes": composed_getters,
    "a tf.while_loop whose body builds names": loop_body_builds_names,
    "a tf.case whose conds nest": case_nests_conds,
    "a variable made in a branch or a loop function": variable_in_a_function,
}
#: situations the generator does not reach yet: named here so that each can move into SITUATIONS
NOT_YET_REACHED: dict[str, Callable[[Program], bool]] = {
    # TF adds Asserts under control dependencies (in the last branch's function graph without a default); the
    # model has no control-dependency mechanism yet, so the case kind has no `exclusive` and always a default
    "tf.case without default= or with exclusive=True":
        lambda p: any(s["op"] == "case" and (not s.get("default") or s.get("exclusive")) for s in walk(p["body"])),
}


def test_every_kind_is_drawn(sample: list[Program]) -> None:
    drawn = {stmt["op"] for program in sample for stmt in walk(program["body"])}
    assert set(KINDS) - drawn == set()


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_situation_is_reached(situation: str, sample: list[Program]) -> None:
    reaching = sum(1 for program in sample if SITUATIONS[situation](program))
    print(f"{situation}: {reaching} of {len(sample)} programs")
    assert reaching > 0, f"no program of the {PROFILE} sample reaches: {situation}"


def test_the_situations_can_fail() -> None:
    """Each situation predicate rejects a program that only opens a named scope (so a pass means something)."""
    bare = {"body": [{"op": "variable_scope", "id": "s1", "scope": "a", "body": []}]}
    assert [name for name, reaches in {**SITUATIONS, **NOT_YET_REACHED}.items() if reaches(bare)] == []


def test_default_name_situations_tell_inside_from_outside() -> None:
    """`d` in scope `a`, then `d` again in `a` reopened and at the root: both situations; only the first without
    the root one."""
    def default(sid: str) -> Statement:
        return {"op": "variable_scope", "id": sid, "scope": None, "default_name": "d", "body": []}
    inside = [{"op": "variable_scope", "id": "s1", "scope": "a", "body": [default("s2")]},
              {"op": "variable_scope", "id": "s3", "scope": "a", "body": [default("s4")]}]
    again_inside = "default name in a named scope, again in the scope reopened"
    again_outside = SITUATIONS["default name in a named scope, again outside it"]
    assert SITUATIONS[again_inside]({"body": inside})
    assert not again_outside({"body": inside})
    assert again_outside({"body": [*inside, default("s5")]})
