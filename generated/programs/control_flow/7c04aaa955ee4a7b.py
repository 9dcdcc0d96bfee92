import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
try:
    with (m2 := s1.as_default()) as s2:
        show('s2', s2)
        attempt('s3', lambda: tf.Graph())
        def branch5(s5):  # the loop's cond, traced once by the call
            show('s5', None)
            attempt('s6', lambda: tf.less(s5, 3))
            return s6
        def branch7(s7):  # the loop's body, traced once by the call
            global s8, m8, s9, m9, s11, m11
            show('s7', None)
            try:
                with (m8 := tf.variable_scope(None, default_name='random_uniform', auxiliary_name_scope=True, reuse=tf.AUTO_REUSE)) as s8:
                    show('s8', s8)
            except Exception as e: print('s8', type(e).__name__, e)
            try:
                with (m9 := tf.variable_scope(None, default_name='random_uniform', auxiliary_name_scope=True, reuse=tf.AUTO_REUSE)) as s9:
                    show('s9', s9)
                    attempt('s10', lambda: tf.get_default_graph().get_name_scope())
                    try:
                        with (m11 := tf.name_scope(s9.original_name_scope)) as s11:
                            show('s11', s11)
                            attempt('s12', lambda: s9.set_regularizer(lambda w: tf.multiply(w, 2)))
                    except Exception as e: print('s11', type(e).__name__, e)
                    attempt('s13', lambda: tf.get_default_graph().get_name_scope())
                    attempt('s14', lambda: tf.less(s7, 1))
                    def branch16():  # the true branch, traced once by the call
                        show('s16', None)
                        attempt('s17', lambda: s8.reuse_variables())
                        return None
                    def branch18():  # the false branch, traced once by the call
                        show('s18', None)
                        attempt('s19', lambda: tf.get_variable_scope().set_use_resource(False))
                        return None
                    attempt('s15', lambda: tf.cond(s14, branch16, branch18))
            except Exception as e: print('s9', type(e).__name__, e)
            attempt('s20', lambda: s7 + 1)
            return s20
        attempt('s4', lambda: tf.while_loop(branch5, branch7, [0], maximum_iterations=1))
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
