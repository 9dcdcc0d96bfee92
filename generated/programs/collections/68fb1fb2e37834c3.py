import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable_scope().set_custom_getter(lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs), name='reused' if kwargs['reuse'] else 'not_reused')))
try:
    with (m2 := tf.variable_scope(None, default_name='random_uniform', reuse=None)) as s2:
        show('s2', s2)
        try:
            with (m3 := tf.variable_scope(None, default_name='random_uniform', reuse=None)) as s3:
                show('s3', s3)
                attempt('s4', lambda: tf.get_default_graph().get_name_scope())
                try:
                    with (m5 := tf.name_scope(None)) as s5:
                        show('s5', s5)
                except Exception as e: print('s5', type(e).__name__, e)
                attempt('s6', lambda: tf.get_variable_scope().reuse_variables())
                attempt('s7', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
        except Exception as e: print('s3', type(e).__name__, e)
        try:
            with (m8 := tf.variable_scope('a', auxiliary_name_scope=False, reuse=None, regularizer=lambda w: tf.multiply(w, 0.01))) as s8:
                show('s8', s8)
        except Exception as e: print('s8', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
attempt('s9', lambda: tf.get_variable_scope().set_partitioner(None))
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
