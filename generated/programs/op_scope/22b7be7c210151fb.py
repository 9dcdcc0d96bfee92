import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_op_scope(name_or_scope='X_1', values=[], reuse=False)) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m2 := tf.op_scope([], 'Read')) as s2:
        show('s2', s2)
        try:
            with (m3 := g0.as_default()) as s3:
                show('s3', s3)
                attempt('s4', lambda: tf.get_variable('b', shape=[2], initializer=tf.glorot_uniform_initializer()))
        except Exception as e: print('s3', type(e).__name__, e)
        try:
            with (m5 := tf.name_scope(None, default_name='Read')) as s5:
                show('s5', s5)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
try:
    with (m6 := tf.init_scope()) as s6:
        show('s6', s6)
        attempt('s7', lambda: tf.get_collection('variables', scope='b/'))
        try:
            with (m8 := tf.op_scope([], 'Read')) as s8:
                show('s8', s8)
        except Exception as e: print('s8', type(e).__name__, e)
        try:
            with (m9 := tf.op_scope([], 'A', default_name='random_uniform')) as s9:
                show('s9', s9)
                attempt('s10', lambda: tf.get_variable('X_1', shape=[], initializer=tf.glorot_uniform_initializer()))
        except Exception as e: print('s9', type(e).__name__, e)
        try:
            with (m11 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**kwargs))) as s11:
                show('s11', s11)
        except Exception as e: print('s11', type(e).__name__, e)
        try:
            with (m12 := tf.variable_op_scope(name_or_scope=s1, values=[])) as s12:
                show('s12', s12)
        except Exception as e: print('s12', type(e).__name__, e)
except Exception as e: print('s6', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
