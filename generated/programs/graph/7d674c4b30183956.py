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
        attempt('s4', lambda: tf.Graph())
        attempt('s5', lambda: tf.Graph())
        attempt('s6', lambda: tf.get_variable_scope())
        attempt('s7', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
        try:
            with (m8 := g0.as_default()) as s8:
                show('s8', s8)
                attempt('s9', lambda: tf.Graph())
                try:
                    with (m10 := tf.variable_scope('x', reuse=None)) as s10:
                        show('s10', s10)
                        attempt('s11', lambda: tf.Graph())
                except Exception as e: print('s10', type(e).__name__, e)
                try:
                    with (m12 := s11.as_default()) as s12:
                        show('s12', s12)
                except Exception as e: print('s12', type(e).__name__, e)
        except Exception as e: print('s8', type(e).__name__, e)
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
