import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
attempt('s2', lambda: tf.Graph())
try:
    with (m3 := g0.as_default()) as s3:
        show('s3', s3)
        try:
            with (m4 := s2.as_default()) as s4:
                show('s4', s4)
                attempt('s5', lambda: tf.get_default_graph().unique_name('v', mark_as_used=False))
                try:
                    with (m6 := s2.as_default()) as s6:
                        show('s6', s6)
                        attempt('s7', lambda: s2.unique_name('Add', mark_as_used=False))
                        attempt('s8', lambda: tf.get_variable('X_1', shape=[], dtype=tf.float32, use_resource=True))
                except Exception as e: print('s6', type(e).__name__, e)
        except Exception as e: print('s4', type(e).__name__, e)
        attempt('s9', lambda: tf.get_variable('X_1', dtype=tf.float32, initializer=tf.zeros_initializer()))
except Exception as e: print('s3', type(e).__name__, e)
try:
    with (m10 := s2.as_default()) as s10:
        show('s10', s10)
        try:
            with (m11 := g0.as_default()) as s11:
                show('s11', s11)
        except Exception as e: print('s11', type(e).__name__, e)
except Exception as e: print('s10', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
