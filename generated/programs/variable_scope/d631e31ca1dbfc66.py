import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable('a', initializer=tf.glorot_uniform_initializer(), use_resource=True))
attempt('s2', lambda: -s1)
attempt('s3', lambda: g0.finalize())
try:
    with (m4 := tf.variable_scope('X_1', default_name='dense', values=[])) as s4:
        show('s4', s4)
except Exception as e: print('s4', type(e).__name__, e)
attempt('s5', lambda: s4.reuse_variables())
try:
    with (m6 := tf.variable_scope('X_1', default_name='dense', values=[])) as s6:
        show('s6', s6)
        attempt('s7', lambda: tf.get_variable_scope())
        try:
            with (m8 := tf.variable_scope('a')) as s8:
                show('s8', s8)
        except Exception as e: print('s8', type(e).__name__, e)
        try:
            with (m9 := tf.variable_scope('a')) as s9:
                show('s9', s9)
        except Exception as e: print('s9', type(e).__name__, e)
except Exception as e: print('s6', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
