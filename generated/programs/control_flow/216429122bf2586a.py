import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
try:
    with (m2 := s1.as_default()) as s2:
        show('s2', s2)
        attempt('s3', lambda: tf.get_variable_scope())
        try:
            with (m4 := tf.name_scope(None)) as s4:
                show('s4', s4)
                try:
                    with (m5 := tf.name_scope(None)) as s5:
                        show('s5', s5)
                except Exception as e: print('s5', type(e).__name__, e)
                attempt('s6', lambda: tf.get_local_variable('a', shape=[2], dtype=tf.float32))
        except Exception as e: print('s4', type(e).__name__, e)
        try:
            with (m7 := tf.variable_scope(None, default_name='dense', values=[s6, s6])) as s7:
                show('s7', s7)
                attempt('s8', lambda: tf.get_default_graph().get_name_scope())
                attempt('s9', lambda: tf.get_default_graph().get_name_scope())
        except Exception as e: print('s7', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
