import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := g0.as_default()) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_variable('Initializer', initializer=tf.glorot_uniform_initializer(), use_resource=False))
        try:
            with (m3 := tf.op_scope([s2], None, default_name='/x')) as s3:
                show('s3', s3)
        except Exception as e: print('s3', type(e).__name__, e)
        try:
            with (m4 := tf.variable_op_scope(name_or_scope='zeros', values=[s2, s2], reuse=tf.AUTO_REUSE)) as s4:
                show('s4', s4)
        except Exception as e: print('s4', type(e).__name__, e)
        try:
            with (m5 := tf.op_scope([], 'Initializer', default_name='Add')) as s5:
                show('s5', s5)
                try:
                    with (m6 := tf.name_scope(None, default_name='zeros')) as s6:
                        show('s6', s6)
                        attempt('s7', lambda: tf.add(s2, s2))
                except Exception as e: print('s6', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m8 := tf.variable_op_scope(name_or_scope='zeros', values=[s2, s2], reuse=tf.AUTO_REUSE)) as s8:
        show('s8', s8)
        attempt('s9', lambda: tf.get_variable('Read', shape=[1, 2]))
        try:
            with (m10 := tf.op_scope([], 'Initializer', default_name='Add')) as s10:
                show('s10', s10)
        except Exception as e: print('s10', type(e).__name__, e)
        try:
            with (m11 := tf.variable_op_scope(name_or_scope='zeros', values=[s2, s2], reuse=tf.AUTO_REUSE)) as s11:
                show('s11', s11)
        except Exception as e: print('s11', type(e).__name__, e)
except Exception as e: print('s8', type(e).__name__, e)
try:
    with (m12 := g0.name_scope('read')) as s12:
        show('s12', s12)
except Exception as e: print('s12', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
