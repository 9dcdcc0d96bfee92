# Regression: a while_loop body capturing a reference variable: TF_CreatePlaceholders adds none of the cond's redundant placeholders when one has a reference type
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
        attempt('s3', lambda: tf.get_variable('b', shape=[2], use_resource=False))
        try:
            with (m4 := tf.op_scope([], None)) as s4:
                show('s4', s4)
        except Exception as e: print('s4', type(e).__name__, e)
        try:
            with (m5 := tf.get_default_graph().name_scope('a')) as s5:
                show('s5', s5)
                def branch7(s7):  # the loop's cond, traced once by the call
                    show('s7', None)
                    attempt('s8', lambda: tf.less(s7, 3))
                    return s8
                def branch9(s9):  # the loop's body, traced once by the call
                    global s14, m14
                    show('s9', None)
                    attempt('s10', lambda: tf.greater(s9, 1.0))
                    def branch12():  # the true branch, traced once by the call
                        show('s12', None)
                        return None
                    def branch13():  # the false branch, traced once by the call
                        show('s13', None)
                        return None
                    attempt('s11', lambda: tf.cond(s10, branch12, branch13))
                    try:
                        with (m14 := tf.variable_op_scope(name_or_scope='a', values=[])) as s14:
                            show('s14', s14)
                            attempt('s15', lambda: tf.get_variable('a', shape=[2]))
                            attempt('s16', lambda: tf.train.Saver())
                    except Exception as e: print('s14', type(e).__name__, e)
                    attempt('s17', lambda: s9 + 1)
                    return s17
                attempt('s6', lambda: tf.while_loop(branch7, branch9, [0]))
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
