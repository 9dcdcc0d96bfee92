import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope('random_uniform', default_name='b')) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m2 := tf.name_scope(s1)) as s2:
        show('s2', s2)
        attempt('s3', lambda: tf.get_default_graph().get_name_scope())
except Exception as e: print('s2', type(e).__name__, e)
try:
    with (m4 := tf.name_scope('random_uniform', default_name='b')) as s4:
        show('s4', s4)
        try:
            with (m5 := tf.name_scope(s1)) as s5:
                show('s5', s5)
                try:
                    with (m6 := tf.variable_scope('a', default_name='dense', auxiliary_name_scope=False, values=[], initializer=2)) as s6:
                        show('s6', s6)
                        attempt('s7', lambda: tf.get_default_graph().get_name_scope())
                        attempt('s8', lambda: tf.get_default_graph().get_name_scope())
                except Exception as e: print('s6', type(e).__name__, e)
                try:
                    with (m9 := tf.name_scope('random_uniform', default_name='b')) as s9:
                        show('s9', s9)
                        attempt('s10', lambda: tf.get_default_graph().get_name_scope())
                except Exception as e: print('s9', type(e).__name__, e)
                attempt('s11', lambda: tf.get_default_graph().get_name_scope())
                try:
                    with (m12 := tf.name_scope('random_uniform')) as s12:
                        show('s12', s12)
                except Exception as e: print('s12', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s4', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
