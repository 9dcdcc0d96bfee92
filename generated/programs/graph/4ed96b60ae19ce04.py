import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_default_graph().unique_name('Assign', mark_as_used=True))
attempt('s2', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
try:
    with (m3 := tf.name_scope('add', values=[])) as s3:
        show('s3', s3)
except Exception as e: print('s3', type(e).__name__, e)
attempt('s4', lambda: s2.unique_name('x', mark_as_used=True))
try:
    with (m5 := s2.as_default()) as s5:
        show('s5', s5)
        attempt('s6', lambda: tf.get_default_graph().unique_name('v', mark_as_used=False))
        try:
            with (m7 := g0.as_default()) as s7:
                show('s7', s7)
                attempt('s8', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
                attempt('s9', lambda: tf.get_default_graph().finalize())
        except Exception as e: print('s7', type(e).__name__, e)
        attempt('s10', lambda: g0.unique_name('read', mark_as_used=True))
        attempt('s11', lambda: tf.Graph())
        try:
            with (m12 := tf.op_scope([], 'Initializer')) as s12:
                show('s12', s12)
        except Exception as e: print('s12', type(e).__name__, e)
except Exception as e: print('s5', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
