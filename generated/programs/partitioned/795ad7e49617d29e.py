import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable('Add', shape=[2], initializer=tf.glorot_uniform_initializer(), collections=[tf.GraphKeys.LOCAL_VARIABLES], partitioner=tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=4)))
try:
    with (m2 := tf.variable_scope(None, default_name='a', reuse=True)) as s2:
        show('s2', s2)
        try:
            with (m3 := tf.variable_scope(None, default_name='foo')) as s3:
                show('s3', s3)
                attempt('s4', lambda: tf.get_variable('Add', shape=[1, 2], partitioner=tf.fixed_size_partitioner(num_shards=3)))
                try:
                    with (m5 := tf.variable_scope(None, default_name='a', reuse=True)) as s5:
                        show('s5', s5)
                        attempt('s6', lambda: 0.5 + s1)
                        attempt('s7', lambda: tf.get_variable_scope())
                        attempt('s8', lambda: tf.get_variable('Add', shape=[4], initializer=tf.ones_initializer(), trainable=False, partitioner=tf.fixed_size_partitioner(num_shards=3), regularizer=lambda w: tf.multiply(w, 0.01)))
                        attempt('s9', lambda: tf.get_variable_scope().set_partitioner(None))
                        attempt('s10', lambda: -s8)
                        attempt('s11', lambda: tf.local_variables())
                        attempt('s12', lambda: tf.get_variable('Add', shape=[], dtype=tf.int32, initializer=1.0, use_resource=False, partitioner=tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=4)))
                except Exception as e: print('s5', type(e).__name__, e)
        except Exception as e: print('s3', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
