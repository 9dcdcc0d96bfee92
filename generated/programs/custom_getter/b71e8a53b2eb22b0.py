import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable('A', shape=[3, 2], initializer=tf.constant_initializer(1.0), use_resource=True, custom_getter=lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs))))
attempt('s2', lambda: tf.get_variable('A', shape=[3, 2], initializer=tf.constant_initializer(1.0), use_resource=True, custom_getter=lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs))))
try:
    with (m3 := tf.variable_scope(None, default_name='Add', custom_getter=lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs)))) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.get_variable('A', dtype=tf.int32, initializer=[1.0, 2.0]))
        attempt('s5', lambda: tf.get_default_graph().get_name_scope())
        try:
            with (m6 := tf.variable_scope(None, default_name='Initializer', auxiliary_name_scope=True, reuse=False, custom_getter=lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs)))) as s6:
                show('s6', s6)
                attempt('s7', lambda: tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES))
                try:
                    with (m8 := tf.variable_scope(s6, auxiliary_name_scope=True, reuse=None, regularizer=tf.nn.l2_loss)) as s8:
                        show('s8', s8)
                        attempt('s9', lambda: tf.get_variable('A', shape=[3, 2], initializer=tf.constant_initializer(1.0), use_resource=True, custom_getter=lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs))))
                except Exception as e: print('s8', type(e).__name__, e)
                attempt('s10', lambda: tf.get_variable('foo_1', shape=[2], initializer=1.0))
                attempt('s11', lambda: tf.get_variable_scope().set_custom_getter(lambda getter, name, *args, **kwargs: getter(name + '/ema', *args, **kwargs)))
                try:
                    with (m12 := tf.variable_scope(None, default_name='Initializer', auxiliary_name_scope=True, reuse=False, custom_getter=lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs)))) as s12:
                        show('s12', s12)
                except Exception as e: print('s12', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
