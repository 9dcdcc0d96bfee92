import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
import threading
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
try:
    with (m1 := tf.name_scope('')) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m2 := g0.as_default()) as s2:
        show('s2', s2)
        def thread3():  # the body of s3, run in a new thread
            global g3
            g3 = tf.get_default_graph()
        show('s3', None); (t3 := threading.Thread(target=thread3)).start(); t3.join()
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
