import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope(None, values=[])) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_variable('add', shape=[4]))
        attempt('s3', lambda: tf.get_variable('x_1', shape=[2], dtype=tf.int32, initializer=[1.0, 2.0]))
        try:
            with (m4 := m1) as s4:
                show('s4', s4)
        except Exception as e: print('s4', type(e).__name__, e)
        attempt('s5', lambda: tf.get_variable('add', shape=[2], initializer=tf.zeros_initializer(), use_resource=True))
        attempt('s6', lambda: tf.get_local_variable('b', shape=[2], use_resource=False))
        attempt('s7', lambda: tf.global_variables())
        attempt('s8', lambda: s4.set_partitioner(None))
        attempt('s9', lambda: tf.trainable_variables())
        attempt('s10', lambda: tf.get_variable('add', shape=[2], initializer=tf.constant_initializer(2), trainable=False, partitioner=tf.fixed_size_partitioner(num_shards=1)))
        attempt('s11', lambda: tf.subtract(s5, s6))
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
