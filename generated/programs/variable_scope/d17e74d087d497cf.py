import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope('b', auxiliary_name_scope=True, reuse=None, initializer=tf.constant_initializer(2))) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_variable('b', shape=[], dtype=tf.float32, initializer=tf.glorot_uniform_initializer(), collections=['outputs'], regularizer=lambda w: tf.multiply(w, 0.01)))
        try:
            with (m3 := tf.variable_scope('b_1', auxiliary_name_scope=1, reuse=True)) as s3:
                show('s3', s3)
                attempt('s4', lambda: tf.get_variable('b', shape=[2], initializer=tf.constant_initializer(1.5), use_resource=False, trainable=False, regularizer=tf.nn.l2_loss))
                try:
                    with (m5 := tf.variable_scope(s3, reuse=True, initializer=tf.glorot_uniform_initializer())) as s5:
                        show('s5', s5)
                except Exception as e: print('s5', type(e).__name__, e)
                attempt('s6', lambda: tf.model_variables(scope='b_1'))
        except Exception as e: print('s3', type(e).__name__, e)
        try:
            with (m7 := tf.variable_scope('b', auxiliary_name_scope=True, reuse=None, initializer=tf.constant_initializer(2))) as s7:
                show('s7', s7)
        except Exception as e: print('s7', type(e).__name__, e)
        try:
            with (m8 := tf.variable_scope('b', values=[])) as s8:
                show('s8', s8)
        except Exception as e: print('s8', type(e).__name__, e)
        try:
            with (m9 := tf.variable_scope('b', auxiliary_name_scope=True, reuse=None, initializer=tf.constant_initializer(2))) as s9:
                show('s9', s9)
        except Exception as e: print('s9', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
