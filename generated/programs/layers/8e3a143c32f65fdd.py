import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
try:
    with (m1 := g0.as_default()) as s1:
        show('s1', s1)
        try:
            with (m2 := tf.variable_scope('a', auxiliary_name_scope=False)) as s2:
                show('s2', s2)
        except Exception as e: print('s2', type(e).__name__, e)
        try:
            with (m3 := tf.init_scope()) as s3:
                show('s3', s3)
        except Exception as e: print('s3', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m4 := tf.variable_scope('a', custom_getter=lambda getter, name, *args, **kwargs: getter('shared', *args, **kwargs))) as s4:
        show('s4', s4)
        try:
            with (m5 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**kwargs))) as s5:
                show('s5', s5)
                try:
                    with (m6 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**kwargs))) as s6:
                        show('s6', s6)
                except Exception as e: print('s6', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s4', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
