import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope(None, default_name='zzz/yyy/', custom_getter=lambda getter, name, *args, **kwargs: getter('shared', *args, **kwargs))) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_variable('x', shape=[3, 2], initializer=tf.glorot_uniform_initializer(), trainable=False))
        try:
            with (m3 := m1) as s3:
                show('s3', s3)
                try:
                    with (m4 := tf.init_scope()) as s4:
                        show('s4', s4)
                        attempt('s5', lambda: tf.get_variable_scope())
                        attempt('s6', lambda: tf.get_variable_scope())
                except Exception as e: print('s4', type(e).__name__, e)
                try:
                    with (m7 := tf.variable_scope('Add', default_name='dense', values=[s2])) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.get_default_graph().finalize())
                        attempt('s9', lambda: tf.get_variable_scope().reuse_variables())
                except Exception as e: print('s7', type(e).__name__, e)
                attempt('s10', lambda: tf.trainable_variables(scope='[a-z]+/x'))
        except Exception as e: print('s3', type(e).__name__, e)
        attempt('s11', lambda: tf.get_variable('x_1', shape=[3, 2], initializer=tf.ones_initializer()))
        attempt('s12', lambda: tf.get_variable_scope().set_regularizer(tf.nn.l2_loss))
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
