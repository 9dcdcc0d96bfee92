import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
import threading
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_default_graph().finalize())
def thread2():  # the body of s2, run in a new thread
    global g2
    g2 = tf.get_default_graph()
    def thread3():  # the body of s3, run in a new thread
        global g3
        g3 = tf.get_default_graph()
        attempt('s4', lambda: g0.finalize())
        def thread5():  # the body of s5, run in a new thread
            global g5
            g5 = tf.get_default_graph()
        show('s5', None); (t5 := threading.Thread(target=thread5)).start(); t5.join()
        attempt('s6', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
    show('s3', None); (t3 := threading.Thread(target=thread3)).start(); t3.join()
show('s2', None); (t2 := threading.Thread(target=thread2)).start(); t2.join()
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
