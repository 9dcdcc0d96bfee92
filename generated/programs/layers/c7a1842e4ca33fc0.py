import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope(None, default_name='Const', auxiliary_name_scope=True)) as s1:
        show('s1', s1)
        try:
            with (m2 := tf.name_scope(None, default_name='vs')) as s2:
                show('s2', s2)
                try:
                    with (m3 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**kwargs))) as s3:
                        show('s3', s3)
                        attempt('s4', lambda: tf.get_variable('foo', dtype=tf.int32, initializer=tf.glorot_uniform_initializer()))
                        attempt('s5', lambda: tf.get_variable('X_1', shape=[], dtype=tf.int32, initializer=tf.glorot_uniform_initializer(), use_resource=False, partitioner=tf.fixed_size_partitioner(num_shards=1)))
                except Exception as e: print('s3', type(e).__name__, e)
        except Exception as e: print('s2', type(e).__name__, e)
        attempt('s6', lambda: tf.get_variable('Add', shape=[], dtype=tf.int32, initializer=tf.glorot_uniform_initializer(), use_resource=True))
        try:
            with (m7 := tf.variable_scope(s1, auxiliary_name_scope=False, reuse=tf.AUTO_REUSE)) as s7:
                show('s7', s7)
                try:
                    with (m8 := tf.name_scope(s1.original_name_scope)) as s8:
                        show('s8', s8)
                        try:
                            with (m9 := tf.variable_scope(None, default_name='dense', values=[])) as s9:
                                show('s9', s9)
                        except Exception as e: print('s9', type(e).__name__, e)
                        attempt('s10', lambda: tf.get_variable('Read', shape=[4], initializer=[1.0, 2.0]))
                        attempt('s11', lambda: s1.set_use_resource(True))
                        attempt('s12', lambda: tf.get_variable('random_uniform', shape=[3, 2], initializer=[1.0, 2.0]))
                except Exception as e: print('s8', type(e).__name__, e)
        except Exception as e: print('s7', type(e).__name__, e)
        try:
            with (m13 := tf.variable_scope(None, default_name='dense', values=[s12, s5])) as s13:
                show('s13', s13)
        except Exception as e: print('s13', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
