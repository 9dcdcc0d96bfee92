import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope(None, default_name='Variable', reuse=1)) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_variable('<script>"q', shape=[1, 2], dtype=tf.float32, initializer=tf.glorot_uniform_initializer(), use_resource=True))
        try:
            with (m3 := tf.name_scope('foo')) as s3:
                show('s3', s3)
                try:
                    with (m4 := tf.variable_scope(None, default_name='x_1', reuse=None)) as s4:
                        show('s4', s4)
                        attempt('s5', lambda: tf.get_variable('zeros', shape=[2], use_resource=True))
                except Exception as e: print('s4', type(e).__name__, e)
        except Exception as e: print('s3', type(e).__name__, e)
        try:
            with (m6 := tf.op_scope([], 'Variable', default_name='Const')) as s6:
                show('s6', s6)
                try:
                    with (m7 := tf.variable_scope('a', auxiliary_name_scope=1)) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.get_variable('', shape=[2], dtype=tf.float32, use_resource=False))
                except Exception as e: print('s7', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
