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
        attempt('s3', lambda: tf.get_default_graph().finalize())
        def branch5(s5):  # the loop's cond, traced once by the call
            show('s5', None)
            attempt('s6', lambda: tf.less(s5, 3))
            return s6
        def branch7(s7):  # the loop's body, traced once by the call
            show('s7', None)
            attempt('s8', lambda: s7 + 1)
            return s8
        attempt('s4', lambda: tf.while_loop(branch5, branch7, [0]))
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
