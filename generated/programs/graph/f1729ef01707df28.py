import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.get_default_graph().name_scope('Initializer')) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_default_graph().unique_name('foo_1', mark_as_used=False))
        attempt('s3', lambda: g0.unique_name('read', mark_as_used=True))
        attempt('s4', lambda: tf.get_default_graph().unique_name('foo_1', mark_as_used=True))
        attempt('s5', lambda: tf.get_variable('a', shape=[2], use_resource=False))
        attempt('s6', lambda: g0.unique_name('Assign', mark_as_used=True))
        try:
            with (m7 := g0.as_default()) as s7:
                show('s7', s7)
                attempt('s8', lambda: s5 * s5)
                attempt('s9', lambda: tf.Graph())
                attempt('s10', lambda: s9.unique_name('Assign', mark_as_used=True))
        except Exception as e: print('s7', type(e).__name__, e)
        try:
            with (m11 := tf.name_scope('mul')) as s11:
                show('s11', s11)
                attempt('s12', lambda: tf.get_default_graph().unique_name('foo', mark_as_used=False))
        except Exception as e: print('s11', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
