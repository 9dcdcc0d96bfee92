"""The seed's statements about names, as data plus a snippet, checked on any `tf.compat.v1`-shaped module.

Each claim quotes the seed (French Q&A in /work/shared/seed), glosses it in English, records the names the seed
says the snippet produces, and runs the snippet in a fresh `tf.Graph().as_default()`. `check_claims(tf)` works
the same on `tensorflow.compat.v1` and on `reference_impl.v1`; it never imports TensorFlow itself.

Result rows written by the plugin (one per claim and run) have this shape:

    {"kind": "claim", "run_id": str, "tf_version": str, "claim_id": str, "text": str, "code": str,
     "note": str, "expected": {label: name}, "observed": {label: name}, "holds": bool}

`observed` maps the same labels as `expected` (e.g. "v1.name") to what the module produced; if the snippet
raised, it is `{"raised": "<Type>: <masked message>"}` and `holds` is false. A claim that does not hold on a
TF version is *stale* for that version.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.trace import mask_identities

Observed = dict[str, str]
Snippet = Callable[[Any], Observed]


@dataclass(frozen=True)
class Claim:
    """One statement of the seed about names: quote, gloss, the names it states, and its snippet."""

    claim_id: str
    quote: str
    gloss: str
    expected: Observed
    snippet: Snippet
    note: str = ""

    @property
    def text(self) -> str:
        """The seed's words followed by an English gloss."""
        return f"« {self.quote} » — {self.gloss}"

    @property
    def code(self) -> str:
        """The snippet's source, without its decorator and signature, after the seed's helpers it calls."""
        body = snippet_source(self.snippet)
        called = [helper for helper in SEED_HELPERS if f"{helper.__name__}(" in body]
        return "".join(textwrap.dedent(inspect.getsource(helper)) + "\n\n" for helper in called) + body


CLAIMS: list[Claim] = []
#: functions of the seed that snippets call; a claim's code shows them first
SEED_HELPERS: list[Callable[..., Observed]] = []


def claim(claim_id: str, quote: str, gloss: str, expected: Observed, note: str = "") -> Callable[[Snippet], Snippet]:
    """Register the decorated snippet as a claim of the seed."""

    def register(snippet: Snippet) -> Snippet:
        """Record the claim and hand the snippet back unchanged."""
        CLAIMS.append(Claim(claim_id, quote, gloss, dict(expected), snippet, note))
        return snippet

    return register


def snippet_source(snippet: Snippet) -> str:
    """The body of a snippet function without its decorator, signature and docstring, for display."""
    try:
        source = textwrap.dedent(inspect.getsource(snippet))
    except (OSError, TypeError):
        return ""
    function = ast.parse(source).body[0]
    if not isinstance(function, ast.FunctionDef):
        return source
    body = function.body[1:] if ast.get_docstring(function) else function.body
    lines = source.splitlines()[body[0].lineno - 1 :]
    return textwrap.dedent("\n".join(lines)).strip() + "\n"


def run_claim(item: Claim, tf: Any) -> Observed:
    """Run one snippet in a fresh default graph; an exception becomes {"raised": "Type: message"}."""
    try:
        with tf.Graph().as_default():
            return {key: str(value) for key, value in item.snippet(tf).items()}
    except Exception as error:  # noqa: BLE001 - any failure of the snippet is an observation
        return {"raised": f"{type(error).__name__}: {mask_identities(str(error))}"}


def check_claim(item: Claim, tf: Any) -> dict[str, Any]:
    """Check one claim on `tf`: what the seed expects, what `tf` did, and whether they agree."""
    observed = run_claim(item, tf)
    return {
        "claim_id": item.claim_id,
        "text": item.text,
        "code": item.code,
        "note": item.note,
        "expected": dict(item.expected),
        "observed": observed,
        "holds": observed == item.expected,
    }


def check_claims(tf: Any) -> list[dict[str, Any]]:
    """Check every claim of the seed on a `tf.compat.v1`-shaped module, in seed order."""
    return [check_claim(item, tf) for item in CLAIMS]


def claim_rows(tf: Any, run_id: str, tf_version: str) -> list[dict[str, Any]]:
    """The `{"kind": "claim", ...}` result rows of one run."""
    return [{"kind": "claim", "run_id": run_id, "tf_version": tf_version, **result} for result in check_claims(tf)]


def claim_ids() -> list[str]:
    """The ids of all claims, in seed order."""
    return [item.claim_id for item in CLAIMS]


# --- The claims, in the order the seed makes them. -------------------------------------------------------


@claim(
    "variable-suffix",
    quote="l'utilisation du constructeur tf.Variable qui créera une nouvelle variable à chaque appel (et ajoutera "
    "éventuellement un suffixe au nom de la variable si une variable portant ce nom existe déjà)",
    gloss="tf.Variable creates a new variable on every call and suffixes the name if it is taken.",
    expected={"w1.name": "w:0", "w2.name": "w_1:0"},
    note="The seed gives no snippet; the suffix `_1` is TF's documented uniquification.",
)
def _variable_suffix(tf: Any) -> Observed:
    """Two tf.Variable calls with the same name."""
    w1 = tf.Variable(1.0, name="w")
    w2 = tf.Variable(1.0, name="w")
    return {"w1.name": w1.name, "w2.name": w2.name}


def my_scope_example(tf: Any, fn: Any) -> Observed:
    """The seed's first example, written once for both scopes: get_variable, Variable and add in `fn("my_scope")`."""
    with fn("my_scope"):
        v1 = tf.get_variable("var1", [1], dtype=tf.float32)
        v2 = tf.Variable(1, name="var2", dtype=tf.float32)
        a = tf.add(v1, v2)
    return {"v1.name": v1.name, "v2.name": v2.name, "a.name": a.name}


SEED_HELPERS.append(my_scope_example)


@claim(
    "name-scope-ignored-by-get-variable",
    quote="la portée du nom est ignorée par tf.get_variable",
    gloss="tf.name_scope prefixes tf.Variable and ops but is ignored by tf.get_variable.",
    expected={"v1.name": "var1:0", "v2.name": "my_scope/var2:0", "a.name": "my_scope/Add:0"},
)
def _name_scope_ignored(tf: Any) -> Observed:
    """The seed's first example: get_variable, Variable and add in a name scope."""
    return my_scope_example(tf, tf.name_scope)


@claim(
    "variable-scope-prefixes-get-variable",
    quote="Le seul moyen de placer une variable accessible à l'aide de tf.get_variable dans une portée consiste à "
    "utiliser une portée de variable",
    gloss="Only tf.variable_scope puts a tf.get_variable variable under a scope; it prefixes everything.",
    expected={"v1.name": "my_scope/var1:0", "v2.name": "my_scope/var2:0", "a.name": "my_scope/Add:0"},
)
def _variable_scope_prefixes(tf: Any) -> Observed:
    """The same example in a variable scope."""
    return my_scope_example(tf, tf.variable_scope)


@claim(
    "share-across-name-scopes",
    quote="Cela nous permet de partager facilement des variables entre différentes parties du programme, même dans "
    "différentes portées de noms",
    gloss="Variables are shared across different name scopes: reuse returns the same variable, same name.",
    expected={"v.name": "var_scope/var:0", "v1.name": "var_scope/var:0", "v1 is v": "True"},
    note="The seed asserts `v1 == v`; the check uses identity, which is what sharing means.",
)
def _share_across_name_scopes(tf: Any) -> Observed:
    """Sharing var_scope/var from under two different name scopes."""
    with tf.name_scope("foo"):
        with tf.variable_scope("var_scope"):
            v = tf.get_variable("var", [1])
    with tf.name_scope("bar"):
        with tf.variable_scope("var_scope", reuse=True):
            v1 = tf.get_variable("var", [1])
    return {"v.name": v.name, "v1.name": v1.name, "v1 is v": v1 is v}


def scoping(tf: Any, fn: Any, scope1: str, scope2: str, vals: list[int]) -> Observed:
    """The seed's `scoping` function: variables, a constant and an op in two nested scopes opened by `fn`."""
    with fn(scope1):
        a = tf.Variable(vals[0], name="a")
        b = tf.get_variable("b", initializer=vals[1])
        c = tf.constant(vals[2], name="c")
        with fn(scope2):
            d = tf.add(a * b, c, name="res")
    return {"a.name": a.name, "b.name": b.name, "c.name": c.name, "d.name": d.name}


SEED_HELPERS.append(scoping)


@claim(
    "scoping-variable-scope",
    quote="tf.variable_scope() ajoute un préfixe aux noms de toutes les variables (peu importe la façon dont vous "
    "les créez), ops, constantes",
    gloss="variable_scope prefixes every variable (however created), op and constant: "
    "scoping(tf.variable_scope, 'scope_vars', 'res', [1, 2, 3]).",
    expected={
        "a.name": "scope_vars/a:0",
        "b.name": "scope_vars/b:0",
        "c.name": "scope_vars/c:0",
        "d.name": "scope_vars/res/res:0",
    },
    note="The seed's Python 2 `print` is replaced by returning the names.",
)
def _scoping_variable_scope(tf: Any) -> Observed:
    """scoping(tf.variable_scope, 'scope_vars', 'res', [1, 2, 3])."""
    return scoping(tf, tf.variable_scope, "scope_vars", "res", [1, 2, 3])


@claim(
    "scoping-name-scope",
    quote="tf.name_scope() ignore les variables créées avec tf.get_variable()",
    gloss="name_scope prefixes everything except tf.get_variable variables: "
    "scoping(tf.name_scope, 'scope_name', 'res', [1, 2, 3]); b is outside scope_name in TensorBoard.",
    expected={
        "a.name": "scope_name/a:0",
        "b.name": "b:0",
        "c.name": "scope_name/c:0",
        "d.name": "scope_name/res/res:0",
    },
    note="The seed's Python 2 `print` is replaced by returning the names.",
)
def _scoping_name_scope(tf: Any) -> Observed:
    """scoping(tf.name_scope, 'scope_name', 'res', [1, 2, 3])."""
    return scoping(tf, tf.name_scope, "scope_name", "res", [1, 2, 3])


@claim(
    "op-scope-graph-of-values",
    quote="tf.op_scope identique à tf.name_scope, mais pour le graphique dans lequel les variables spécifiées ont "
    "été créées",
    gloss="op_scope is name_scope, but in the graph that the given values belong to.",
    expected={"c.op.name": "mysum/c", "c.graph": "g1"},
    note="The seed gives no snippet; x lives in g1 while a fresh graph is the default.",
)
def _op_scope_graph(tf: Any) -> Observed:
    """op_scope on a value from another graph."""
    g1 = tf.Graph()
    with g1.as_default():
        x = tf.constant(1.0, name="x")
    with tf.op_scope([x], None, "mysum"):
        c = tf.constant(2.0, name="c")
    return {"c.op.name": c.op.name, "c.graph": "g1" if c.graph is g1 else "default"}


@claim(
    "variable-op-scope-graph-of-values",
    quote="tf.variable_op_scope identique à tf.variable_scope, mais pour le graphique dans lequel les variables "
    "spécifiées ont été créées",
    gloss="variable_op_scope is variable_scope, but in the graph that the given values belong to.",
    expected={"c.op.name": "mysum2/c", "c.graph": "g1", "v.name": "mysum2/v:0"},
    note="The seed gives no snippet; x lives in g1 while a fresh graph is the default.",
)
def _variable_op_scope_graph(tf: Any) -> Observed:
    """variable_op_scope on a value from another graph."""
    g1 = tf.Graph()
    with g1.as_default():
        x = tf.constant(1.0, name="x")
    with tf.variable_op_scope([x], None, "mysum2"):
        c = tf.constant(2.0, name="c")
        v = tf.get_variable("v", [1])
    return {"c.op.name": c.op.name, "c.graph": "g1" if c.graph is g1 else "default", "v.name": v.name}


@claim(
    "nested-name-scope-variable-scope",
    quote="name_scope et variable_scope peuvent être imbriqués: "
    "v1.name = 'vs/v1:0', v2.name= 'ns/vs/v2:0', v3.name = 'ns/vs/add:0'",
    gloss="Nested name_scope('ns') / variable_scope('vs'): get_variable skips 'ns', the rest does not.",
    expected={"v1.name": "vs/v1:0", "v2.name": "ns/vs/v2:0", "v3.name": "ns/vs/add:0"},
    note="The seed writes the shape as [1.0]; TF 2.x rejects float dimensions (TypeError), so [1] is used.",
)
def _nested_scopes(tf: Any) -> Observed:
    """name_scope('ns') around variable_scope('vs')."""
    with tf.name_scope("ns"):
        with tf.variable_scope("vs"):
            v1 = tf.get_variable("v1", [1])
            v2 = tf.Variable([2.0], name="v2")
            v3 = v1 + v2
    return {"v1.name": v1.name, "v2.name": v2.name, "v3.name": v3.name}


@claim(
    "name-scope-outside-variable-scope",
    quote="considérez comment ils ne jouent pas si bien ensemble: print(x.name) # bar/x:0, "
    "print(x2.name) # foo/bar/x2:0",
    gloss="variable_scope('bar') inside name_scope('foo'): the variable is bar/x, the op foo/bar/x2.",
    expected={"x.name": "bar/x:0", "x2.name": "foo/bar/x2:0"},
    note="The seed uses tf.square(x**2, name='x2'); the model has no square or **, so "
    "tf.multiply(x, x, name='x2') builds the same named op.",
)
def _name_scope_outside_variable_scope(tf: Any) -> Observed:
    """name_scope('foo') around variable_scope('bar')."""
    with tf.name_scope("foo"):
        with tf.variable_scope("bar"):
            x = tf.get_variable("x", shape=())
            x2 = tf.multiply(x, x, name="x2")
    return {"x.name": x.name, "x2.name": x2.name}


@claim(
    "op-scope-vs-variable-op-scope",
    quote="remarquez le nom de la variable v dans les deux exemples",
    gloss="op_scope leaves get_variable at the root (v:0); variable_op_scope prefixes it (mysum2/v:0).",
    expected={
        "mysum v.name": "v:0",
        "mysum v2.name": "mysum/v2:0",
        "mysum op.name": "mysum/Add:0",
        "mysum2 v.name": "mysum2/v:0",
        "mysum2 v2.name": "mysum2/v2:0",
        "mysum2 op.name": "mysum2/Add:0",
    },
)
def _op_scope_vs_variable_op_scope(tf: Any) -> Observed:
    """The seed's mysum / mysum2 example."""
    def mysum(a: Any, b: Any, name: str | None = None) -> dict[str, str]:
        with tf.op_scope([a, b], name, "mysum"):
            v = tf.get_variable("v", 1)
            v2 = tf.Variable([0], name="v2")
            return {"mysum v.name": v.name, "mysum v2.name": v2.name, "mysum op.name": tf.add(a, b).name}

    def mysum2(a: Any, b: Any, name: str | None = None) -> dict[str, str]:
        with tf.variable_op_scope([a, b], name, "mysum2"):
            v = tf.get_variable("v", 1)
            v2 = tf.Variable([0], name="v2")
            return {"mysum2 v.name": v.name, "mysum2 v2.name": v2.name, "mysum2 op.name": tf.add(a, b).name}

    return {**mysum(tf.Variable(1), tf.Variable(2)), **mysum2(tf.Variable(1), tf.Variable(2))}


def scope_example(tf: Any, fn: Any) -> Observed:
    """The seed's example: get_variable, tf.add and tf.Variable inside `fn("name_scope")`."""
    with fn("name_scope"):
        v = tf.get_variable("v", [1])
        op = tf.add(v, v)
        v2 = tf.Variable([0], name="v2")
    return {"v.name": v.name, "op.name": op.name, "v2.name": v2.name}


SEED_HELPERS.append(scope_example)


@claim(
    "name-scope-example",
    quote='with tf.name_scope("name_scope") as scope: ... assert v.name == "v:0"',
    gloss="In name_scope: get_variable v is v:0, tf.add is name_scope/Add, tf.Variable v2 is name_scope/v2.",
    expected={"v.name": "v:0", "op.name": "name_scope/Add:0", "v2.name": "name_scope/v2:0"},
)
def _name_scope_example(tf: Any) -> Observed:
    """The seed's name_scope("name_scope") example."""
    return scope_example(tf, tf.name_scope)


@claim(
    "variable-scope-example",
    quote='with tf.variable_scope("name_scope") as scope: ... assert v.name == "name_scope/v:0"',
    gloss="In variable_scope: v is name_scope/v, tf.add is name_scope/Add, v2 is name_scope/v2.",
    expected={"v.name": "name_scope/v:0", "op.name": "name_scope/Add:0", "v2.name": "name_scope/v2:0"},
)
def _variable_scope_example(tf: Any) -> Observed:
    """The seed's variable_scope("name_scope") example."""
    return scope_example(tf, tf.variable_scope)


@claim(
    "variable-scope-opens-name-scope",
    quote='quand on fait with tf.variable_scope("name"), cela ouvre implicitement un tf.name_scope("name")',
    gloss="variable_scope('foo') implicitly opens name_scope('foo'): 1.0 + v is foo/add.",
    expected={"x.op.name": "foo/add"},
)
def _variable_scope_opens_name_scope(tf: Any) -> Observed:
    """The TF documentation example quoted by the seed: 1.0 + v in variable_scope("foo")."""
    with tf.variable_scope("foo"):
        x = 1.0 + tf.get_variable("v", [1])
    return {"x.op.name": x.op.name}


@claim(
    "name-scope-inside-variable-scope",
    quote="Les étendues de nom peuvent être ouvertes en plus d'une étendue de variable, elles n'affecteront alors "
    "que les noms des op, mais pas les variables.",
    gloss="A name scope opened inside a variable scope affects op names only, not variables.",
    expected={"v.name": "foo/v:0", "x.op.name": "foo/bar/add"},
)
def _name_scope_inside_variable_scope(tf: Any) -> Observed:
    """name_scope("bar") inside variable_scope("foo")."""
    with tf.variable_scope("foo"):
        with tf.name_scope("bar"):
            v = tf.get_variable("v", [1])
            x = 1.0 + v
    return {"v.name": v.name, "x.op.name": x.op.name}


@claim(
    "captured-scope-keeps-name-scope",
    quote="Lorsque vous ouvrez une étendue de variable en utilisant un objet capturé au lieu d'une chaîne, nous ne "
    "modifions pas l'étendue du nom actuel pour ops.",
    gloss="Opening a variable scope from a captured object instead of a string does not change the current name "
    "scope for ops.",
    expected={"c.op.name": "bar/c", "v.name": "foo/v:0"},
    note="The seed gives no snippet. On TF 2.x, entering a captured scope opens a new name scope named after "
    "its last component under the current one (bar/foo/c), so this claim is expected to be stale there.",
)
def _captured_scope_keeps_name_scope(tf: Any) -> Observed:
    """Re-enter a captured variable scope inside name_scope("bar")."""
    with tf.variable_scope("foo") as captured:
        pass
    with tf.name_scope("bar"):
        with tf.variable_scope(captured):
            c = tf.constant(1.0, name="c")
            v = tf.get_variable("v", [1])
    return {"c.op.name": c.op.name, "v.name": v.name}
