import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope('Assign', auxiliary_name_scope=False, reuse=False)) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
attempt('s2', lambda: tf.get_variable_scope().reuse_variables())
attempt('s3', lambda: tf.get_default_graph().unique_name('Initializer', mark_as_used=True))
attempt('s4', lambda: tf.get_variable('add', shape=[1, 2], use_resource=True))
attempt('s5', lambda: tf.get_variable('add', shape=[1, 2], dtype=tf.float32, initializer=1.0))
try:
    with (m6 := tf.name_scope('read', values=[])) as s6:
        show('s6', s6)
except Exception as e: print('s6', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
