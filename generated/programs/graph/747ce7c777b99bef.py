import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
attempt('s2', lambda: tf.get_default_graph().unique_name('read', mark_as_used=True))
try:
    with (m3 := tf.name_scope(None, values=[])) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.Graph())
        attempt('s5', lambda: tf.get_variable_scope().reuse_variables())
        try:
            with (m6 := g0.as_default()) as s6:
                show('s6', s6)
                try:
                    with (m7 := g0.as_default()) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.Graph())
                except Exception as e: print('s7', type(e).__name__, e)
                try:
                    with (m9 := s4.as_default()) as s9:
                        show('s9', s9)
                        attempt('s10', lambda: tf.get_variable_scope().set_partitioner(tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=4)))
                        attempt('s11', lambda: tf.Graph())
                        attempt('s12', lambda: tf.get_variable_scope().set_custom_getter(lambda getter, name, *args, **kwargs: tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs))))
                except Exception as e: print('s9', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
