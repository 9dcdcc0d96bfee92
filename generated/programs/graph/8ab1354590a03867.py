import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope(None)) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
attempt('s2', lambda: tf.Graph())
try:
    with (m3 := g0.as_default()) as s3:
        show('s3', s3)
except Exception as e: print('s3', type(e).__name__, e)
attempt('s4', lambda: tf.Graph())
attempt('s5', lambda: tf.get_variable_scope())
attempt('s6', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
try:
    with (m7 := g0.as_default()) as s7:
        show('s7', s7)
        attempt('s8', lambda: tf.Graph())
        try:
            with (m9 := tf.variable_scope('x', reuse=None)) as s9:
                show('s9', s9)
                attempt('s10', lambda: tf.Graph())
                try:
                    with (m11 := g0.as_default()) as s11:
                        show('s11', s11)
                except Exception as e: print('s11', type(e).__name__, e)
                try:
                    with (m12 := g0.as_default()) as s12:
                        show('s12', s12)
                except Exception as e: print('s12', type(e).__name__, e)
        except Exception as e: print('s9', type(e).__name__, e)
except Exception as e: print('s7', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
