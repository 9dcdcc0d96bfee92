import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope(None, default_name='foo_1', values=[], custom_getter=lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs)))) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m2 := tf.variable_scope(None, default_name='foo_1', values=[], custom_getter=lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs)))) as s2:
        show('s2', s2)
        attempt('s3', lambda: tf.get_variable_scope().set_partitioner(tf.fixed_size_partitioner(num_shards=3)))
        attempt('s4', lambda: tf.get_variable_scope())
        attempt('s5', lambda: tf.get_variable('foo_1_1', shape=[3, 2], initializer=tf.ones_initializer()))
        try:
            with (m6 := tf.variable_scope(None, default_name='foo_1', values=[], custom_getter=lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs)))) as s6:
                show('s6', s6)
                attempt('s7', lambda: tf.global_variables())
                attempt('s8', lambda: s5 + s5)
                try:
                    with (m9 := g0.as_default()) as s9:
                        show('s9', s9)
                        attempt('s10', lambda: s8 - [1.0, 2.0, 3.0])
                        attempt('s11', lambda: tf.get_variable('foo_1_1', shape=[3, 2], initializer=tf.ones_initializer()))
                        attempt('s12', lambda: s11 - [1.0, 2.0, 3.0])
                except Exception as e: print('s9', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
