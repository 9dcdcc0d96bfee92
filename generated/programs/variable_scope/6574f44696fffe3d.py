import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable('x'))
attempt('s2', lambda: tf.get_variable_scope())
try:
    with (m3 := tf.variable_scope(None, default_name='x_1', reuse=None, initializer=tf.ones_initializer())) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.get_variable('x'))
        try:
            with (m5 := tf.variable_scope('x', default_name='Conv', values=[s1, s4])) as s5:
                show('s5', s5)
                try:
                    with (m6 := tf.variable_scope('x', default_name='Conv', values=[s1, s4])) as s6:
                        show('s6', s6)
                except Exception as e: print('s6', type(e).__name__, e)
                attempt('s7', lambda: tf.global_variables())
                try:
                    with (m8 := tf.variable_scope(s5, auxiliary_name_scope=True, values=[s4, s4], reuse=1)) as s8:
                        show('s8', s8)
                        attempt('s9', lambda: tf.get_variable_scope())
                        attempt('s10', lambda: tf.get_collection('variables', scope=''))
                        attempt('s11', lambda: tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='x'))
                except Exception as e: print('s8', type(e).__name__, e)
                try:
                    with (m12 := tf.variable_scope(s5, auxiliary_name_scope=True, values=[s4, s4], reuse=1)) as s12:
                        show('s12', s12)
                except Exception as e: print('s12', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
