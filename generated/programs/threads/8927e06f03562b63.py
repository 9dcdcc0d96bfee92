import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable_scope().set_regularizer(None))
attempt('s2', lambda: tf.get_local_variable('random_uniform', shape=[2]))
attempt('s3', lambda: tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='random_uniform'))
try:
    with (m4 := g0.as_default()) as s4:
        show('s4', s4)
        try:
            with (m5 := tf.name_scope(None, default_name='random_uniform', values=[])) as s5:
                show('s5', s5)
                attempt('s6', lambda: tf.get_variable('random_uniform', shape=[1, 2], dtype=tf.float32, initializer=tf.ones_initializer()))
                try:
                    with (m7 := tf.name_scope('random_uniform', values=[])) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.get_variable('Assign', dtype=tf.int32, initializer=tf.ones_initializer(), use_resource=True))
                        attempt('s9', lambda: tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))
                        attempt('s10', lambda: tf.get_variable('Assign_1', shape=[2], initializer=tf.ones_initializer()))
                        attempt('s11', lambda: tf.get_variable('', shape=[3, 2], dtype=tf.int32, initializer=tf.zeros_initializer(), use_resource=True))
                        attempt('s12', lambda: tf.local_variables())
                except Exception as e: print('s7', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s4', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
