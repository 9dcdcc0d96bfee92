import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope('x')) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
attempt('s2', lambda: tf.get_variable_scope())
try:
    with (m3 := tf.name_scope('x')) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.get_variable('x', shape=[4], dtype=tf.float32, initializer=tf.glorot_uniform_initializer(), use_resource=True, partitioner=tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=8)))
        attempt('s5', lambda: tf.get_variable('x', shape=[4], dtype=tf.int32, initializer=tf.ones_initializer()))
        try:
            with (m6 := tf.variable_scope(s2, auxiliary_name_scope=False, reuse=True, regularizer=lambda w: tf.multiply(w, 0.01))) as s6:
                show('s6', s6)
                try:
                    with (m7 := tf.variable_scope(s6, auxiliary_name_scope=False, reuse=True)) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.local_variables())
                        attempt('s9', lambda: tf.get_variable('x', shape=[4], dtype=tf.float32, initializer=tf.glorot_uniform_initializer(), use_resource=True, partitioner=tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=8)))
                except Exception as e: print('s7', type(e).__name__, e)
                try:
                    with (m10 := tf.name_scope(s1)) as s10:
                        show('s10', s10)
                except Exception as e: print('s10', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
