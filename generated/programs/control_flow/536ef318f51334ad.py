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
        attempt('s3', lambda: tf.get_default_graph().get_name_scope())
        attempt('s4', lambda: tf.Graph())
        attempt('s5', lambda: tf.get_variable('a', shape=[3, 2], use_resource=False))
        attempt('s6', lambda: tf.get_variable_scope().set_custom_getter(lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs))))
        try:
            with (m7 := tf.variable_scope('a', values=[s5], reuse=False)) as s7:
                show('s7', s7)
                attempt('s8', lambda: tf.less(s5, 1.0))
                try:
                    with (m9 := tf.variable_scope(s7, reuse=False, caching_device='/cpu:0')) as s9:
                        show('s9', s9)
                        attempt('s10', lambda: tf.get_variable('a', shape=[1, 2], partitioner=tf.fixed_size_partitioner(num_shards=2)))
                except Exception as e: print('s9', type(e).__name__, e)
        except Exception as e: print('s7', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
