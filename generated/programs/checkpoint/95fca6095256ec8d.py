import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := g0.as_default()) as s1:
        show('s1', s1)
        try:
            with (m2 := tf.variable_scope('Assign', values=[])) as s2:
                show('s2', s2)
                try:
                    with (m3 := tf.variable_scope(s2, auxiliary_name_scope=False)) as s3:
                        show('s3', s3)
                        attempt('s4', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
                        attempt('s5', lambda: tf.get_variable_scope())
                        attempt('s6', lambda: tf.get_variable('Add', shape=[], collections=[tf.GraphKeys.LOCAL_VARIABLES], partitioner=tf.fixed_size_partitioner(num_shards=1), regularizer=lambda w: tf.multiply(w, 0.01)))
                        attempt('s7', lambda: tf.get_variable('Assign', shape=[4], dtype=tf.float32, initializer=2, use_resource=False))
                        attempt('s8', lambda: tf.get_variable('Add', shape=[4], initializer=2, use_resource=True, trainable=True, custom_getter=lambda getter, name, *args, **kwargs: getter(name + '_c', *args, **kwargs)))
                        attempt('s9', lambda: tf.get_variable_scope().set_use_resource(False))
                except Exception as e: print('s3', type(e).__name__, e)
        except Exception as e: print('s2', type(e).__name__, e)
        attempt('s10', lambda: tf.get_variable('read', shape=[4], initializer=2, use_resource=True, trainable=False, collections=[tf.GraphKeys.GLOBAL_VARIABLES, 'variables'], partitioner=tf.variable_axis_size_partitioner(max_shard_bytes=8)))
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m11 := tf.variable_scope('Assign', values=[])) as s11:
        show('s11', s11)
        attempt('s12', lambda: tf.global_variables())
except Exception as e: print('s11', type(e).__name__, e)
attempt('s13', lambda: tf.train.Saver(var_list={'a/read': s7, 'read': s10}))
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
