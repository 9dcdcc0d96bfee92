"""Render a program as a standalone tf.compat.v1 script that reproduces it (and runs on reference_impl.v1)."""

from __future__ import annotations

from typing import Any

from conformance.determinism import value_reasons

HEADER = '''import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
'''
FOOTER = '''for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
'''
VALUES = '''

def show_values(ids):
    """As the harness does: per graph, one Session runs the variables' initializers in order, then fetches all."""
    config = None
    if hasattr(tf, "ConfigProto"):  # TF without Grappler, op by op (the model has no ConfigProto)
        config = tf.ConfigProto()
        config.graph_options.rewrite_options.disable_meta_optimizer = True
    bound = {k: globals()[k] for k in ids if hasattr(globals().get(k), "op")}  # tensors and variables
    for graph in {id(o.graph): o.graph for o in bound.values()}.values():
        mine = {k: o for k, o in bound.items() if o.graph is graph}
        sess = tf.Session(graph=graph, config=config)
        try:
            for o in mine.values():
                if "Variable" in type(o).__name__:
                    sess.run(o.initializer)
            for k, value in zip(mine, sess.run(list(mine.values()))):
                print("value", k, value.dtype.name, value.tolist())
        except Exception as e:
            print("value", list(mine), type(e).__name__, e)
        finally:
            sess.close()

'''


def _lit(value: Any) -> str:
    return repr(value)


def _operand(spec: Any) -> str:
    if isinstance(spec, dict) and "ref" in spec:
        return spec["ref"]
    return _lit(spec)


def _values(refs: Any) -> str:
    return "None" if refs is None else "[" + ", ".join(refs) + "]"


def _initializer(spec: Any) -> str:
    if isinstance(spec, dict) and "ref" in spec:
        return spec["ref"]
    if isinstance(spec, dict) and "kind" in spec:
        kind = spec["kind"]
        if kind == "constant":
            return f"tf.constant_initializer({_lit(spec['value'])})"
        return {"zeros": "tf.zeros_initializer()", "ones": "tf.ones_initializer()",
                "glorot": "tf.glorot_uniform_initializer()"}[kind]
    return _lit(spec)


def _reuse(value: Any) -> str:
    return "tf.AUTO_REUSE" if value == "AUTO_REUSE" else _lit(value)


def _kw(pairs: list[tuple[str, str]]) -> str:
    return "".join(f", {k}={v}" for k, v in pairs)


def _scope_arg(scope: Any) -> str:
    return scope["ref"] if isinstance(scope, dict) else _lit(scope)


def leaf_expression(s: dict[str, Any]) -> str:
    """The Python expression of a leaf statement."""
    op = s["op"]
    if op == "get_variable":
        kw = [(k, _lit(s[k])) for k in ("shape",) if s.get(k) is not None]
        kw += [("dtype", f"tf.{s['dtype']}")] if s.get("dtype") else []
        kw += [("initializer", _initializer(s["initializer"]))] if s.get("initializer") is not None else []
        kw += [("use_resource", _lit(s["use_resource"]))] if s.get("use_resource") is not None else []
        return f"tf.get_variable({_lit(s['name'])}{_kw(kw)})"
    if op == "variable":
        kw = [(k, _lit(s[k])) for k in ("name",) if s.get(k) is not None]
        kw += [("dtype", f"tf.{s['dtype']}")] if s.get("dtype") else []
        kw += [("use_resource", _lit(s["use_resource"]))] if s.get("use_resource") is not None else []
        return f"tf.Variable({_operand(s['initial_value'])}{_kw(kw)})"
    if op == "constant":
        kw = [("name", _lit(s["name"]))] if s.get("name") is not None else []
        kw += [("dtype", f"tf.{s['dtype']}")] if s.get("dtype") else []
        return f"tf.constant({_lit(s['value'])}{_kw(kw)})"
    if op == "binary":
        kw = [("name", _lit(s["name"]))] if s.get("name") is not None else []
        return f"tf.{s['fn']}({_operand(s['x'])}, {_operand(s['y'])}{_kw(kw)})"
    if op == "operator":
        return f"{_operand(s['x'])} {s['sym']} {_operand(s['y'])}"
    if op == "identity":
        kw = [("name", _lit(s["name"]))] if s.get("name") is not None else []
        return f"tf.identity({_operand(s['x'])}{_kw(kw)})"
    if op == "neg":
        return f"-{_operand(s['x'])}"
    if op == "reuse_variables":
        scope = "tf.get_variable_scope()" if s.get("scope") is None else s["scope"]
        return f"{scope}.reuse_variables()"
    if op == "get_variable_scope":
        return "tf.get_variable_scope()"
    if op == "get_name_scope":
        return "tf.get_default_graph().get_name_scope()"
    if op == "new_graph":
        return "tf.Graph()"
    if op == "finalize":
        return f"{_graph(s.get('graph'))}.finalize()"
    if op == "reset_default_graph":
        return "(tf.reset_default_graph(), tf.get_default_graph())[1]"
    if op == "unique_name":
        return f"{_graph(s.get('graph'))}.unique_name({_lit(s['name'])}, mark_as_used={_lit(s.get('mark_as_used', True))})"
    raise ValueError(f"unknown leaf {op!r}")


def _graph(ref: str | None) -> str:
    return "tf.get_default_graph()" if ref is None else ref


def manager_expression(s: dict[str, Any]) -> str:
    """The Python expression that builds a with-block's context manager."""
    op = s["op"]
    if op == "name_scope":
        kw = [("default_name", _lit(s["default_name"]))] if "default_name" in s else []
        kw += [("values", _values(s["values"]))] if "values" in s else []
        return f"tf.name_scope({_lit(s.get('name'))}{_kw(kw)})"
    if op == "graph_name_scope":
        return f"{_graph(s.get('graph'))}.name_scope({_lit(s.get('name'))})"
    if op == "reenter_scope":
        return f"tf.name_scope({s['scope']})"
    if op == "variable_scope":
        kw = [(k, _lit(s[k])) for k in ("default_name",) if k in s]
        kw += [("values", _values(s["values"]))] if "values" in s else []
        kw += [("reuse", _reuse(s["reuse"]))] if "reuse" in s else []
        kw += [("initializer", _initializer(s["initializer"]))] if s.get("initializer") is not None else []
        kw += [(k, _lit(s[k])) for k in ("auxiliary_name_scope", "use_resource") if k in s]
        return f"tf.variable_scope({_scope_arg(s.get('scope'))}{_kw(kw)})"
    if op == "enter_again":
        return "m" + s["manager"][1:]
    if op == "op_scope":
        kw = [("default_name", _lit(s["default_name"]))] if "default_name" in s else []
        return f"tf.op_scope({_values(s.get('values')) if s.get('values') is not None else '[]'}, {_lit(s.get('name'))}{_kw(kw)})"
    if op == "variable_op_scope":
        kw = [("default_name", _lit(s["default_name"]))] if "default_name" in s else []
        kw += [("reuse", _reuse(s["reuse"]))] if "reuse" in s else []
        values = _values(s.get("values")) if s.get("values") is not None else "[]"
        return f"tf.variable_op_scope({values}, {_scope_arg(s.get('scope'))}{_kw(kw)})"
    if op == "as_default":
        return f"{s['graph']}.as_default()"
    raise ValueError(f"unknown block {op!r}")


def _show(sid: str) -> str:
    return f"print({sid!r}, getattr({sid}, 'name', {sid}), getattr({sid}, 'original_name_scope', ''))"


def _render_body(body: list[dict[str, Any]], indent: int, out: list[str]) -> None:
    pad = "    " * indent
    for s in body:
        sid = s["id"]
        out.append(f"{pad}try:")
        if "body" in s:
            if s["op"] == "enter_again":
                manager = manager_expression(s)
            else:
                manager = "m" + sid[1:]
                out.append(f"{pad}    {manager} = {manager_expression(s)}")
            out.append(f"{pad}    with {manager} as {sid}:")
            out.append(f"{pad}        {_show(sid)}")
            _render_body(s["body"], indent + 2, out)
        else:
            out.append(f"{pad}    {sid} = {leaf_expression(s)}")
            out.append(f"{pad}    {_show(sid)}")
        out.append(f"{pad}except Exception as e:")
        out.append(f"{pad}    print({sid!r}, type(e).__name__, e)")


def render_values(program: dict[str, Any]) -> str:
    """The values footer: fetch the deterministic statements, and say which ones are left out and why."""
    reasons = value_reasons(program)
    fetched = [sid for sid, reason in reasons.items() if reason is None]
    skipped = [f"# {sid} is not fetched: {reason}" for sid, reason in reasons.items() if reason is not None]
    return VALUES + "".join(line + "\n" for line in skipped) + f"show_values({fetched!r})\n"


def render_script(program: dict[str, Any]) -> str:
    """The whole repro script: the statements, every graph's operations, then the values a Session computes."""
    lines: list[str] = []
    _render_body(program["body"], 0, lines)
    return HEADER + "\n".join(lines) + ("\n" if lines else "") + FOOTER + render_values(program)
