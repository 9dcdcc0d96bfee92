import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope('b', default_name='Variable')) as s1:
        show('s1', s1)
        try:
            with (m2 := tf.get_default_graph().name_scope('X_1')) as s2:
                show('s2', s2)
                attempt('s3', lambda: tf.get_variable_scope())
        except Exception as e: print('s2', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m4 := g0.name_scope('Const')) as s4:
        show('s4', s4)
        try:
            with (m5 := tf.name_scope(None, values=[])) as s5:
                show('s5', s5)
                attempt('s6', lambda: tf.get_default_graph().get_name_scope())
                attempt('s7', lambda: tf.get_default_graph().get_name_scope())
                try:
                    with (m8 := tf.name_scope(s5)) as s8:
                        show('s8', s8)
                except Exception as e: print('s8', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
        try:
            with (m9 := g0.name_scope('b')) as s9:
                show('s9', s9)
                attempt('s10', lambda: s3.reuse_variables())
                try:
                    with (m11 := tf.name_scope(s4)) as s11:
                        show('s11', s11)
                        attempt('s12', lambda: tf.get_default_graph().get_name_scope())
                except Exception as e: print('s11', type(e).__name__, e)
        except Exception as e: print('s9', type(e).__name__, e)
except Exception as e: print('s4', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
