import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
try:
    with (m1 := tf.variable_scope('', auxiliary_name_scope=False)) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m2 := tf.variable_scope(None, default_name='Conv', auxiliary_name_scope=False, values=[])) as s2:
        show('s2', s2)
        try:
            with (m3 := tf.variable_scope(None, default_name='Conv', auxiliary_name_scope=False, values=[], custom_getter=lambda getter, name, *args, **kwargs: getter('shared', *args, **kwargs))) as s3:
                show('s3', s3)
                try:
                    with (m4 := tf.variable_scope('', reuse=False)) as s4:
                        show('s4', s4)
                except Exception as e: print('s4', type(e).__name__, e)
                try:
                    with (m5 := tf.variable_scope(None, default_name='Conv', auxiliary_name_scope=True, values=[])) as s5:
                        show('s5', s5)
                except Exception as e: print('s5', type(e).__name__, e)
        except Exception as e: print('s3', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
