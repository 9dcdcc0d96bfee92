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
        attempt('s4', lambda: tf.get_variable('add', shape=[2], regularizer=tf.nn.l2_loss))
        attempt('s5', lambda: tf.get_variable('vs', shape=[4], dtype=tf.int32, initializer=2, use_resource=False, collections=['outputs'], custom_getter=lambda getter, name, *args, **kwargs: getter(name + '/ema', *args, **kwargs)))
        try:
            with (m6 := tf.variable_scope(s3, values=[s4, s5])) as s6:
                show('s6', s6)
                try:
                    with (m7 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**{**kwargs, 'name': 'zeros'}))) as s7:
                        show('s7', s7)
                        try:
                            with (m8 := tf.name_scope(None, default_name='a/b/')) as s8:
                                show('s8', s8)
                                attempt('s9', lambda: tf.get_variable('read', shape=[], dtype=tf.float32, initializer=tf.zeros_initializer(), use_resource=False, regularizer=tf.nn.l2_loss))
                                attempt('s10', lambda: tf.get_variable_scope())
                        except Exception as e: print('s8', type(e).__name__, e)
                        attempt('s11', lambda: tf.less(s9, 0))
                        try:
                            with (m12 := tf.name_scope(s8)) as s12:
                                show('s12', s12)
                                attempt('s13', lambda: tf.get_collection_ref(tf.GraphKeys.TRAINABLE_VARIABLES))
                                attempt('s14', lambda: tf.get_variable_scope().reuse_variables())
                        except Exception as e: print('s12', type(e).__name__, e)
                except Exception as e: print('s7', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
