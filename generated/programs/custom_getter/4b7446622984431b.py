import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
import threading
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: (tf.reset_default_graph(), tf.get_default_graph())[1])
def thread2():  # the body of s2, run in a new thread
    global g2, s3, m3, s4, m4, s5, m5
    g2 = tf.get_default_graph()
    try:
        with (m3 := tf.variable_scope(None, default_name='vs', reuse=tf.AUTO_REUSE, regularizer=tf.nn.l2_loss)) as s3:
            show('s3', s3)
    except Exception as e: print('s3', type(e).__name__, e)
    try:
        with (m4 := tf.variable_scope(s3, default_name='dense', auxiliary_name_scope=False, values=[])) as s4:
            show('s4', s4)
            try:
                with (m5 := tf.name_scope(s3.original_name_scope)) as s5:
                    show('s5', s5)
            except Exception as e: print('s5', type(e).__name__, e)
    except Exception as e: print('s4', type(e).__name__, e)
show('s2', None); (t2 := threading.Thread(target=thread2)).start(); t2.join()
try:
    with (m6 := tf.variable_scope(s3, default_name='dense', auxiliary_name_scope=False, values=[])) as s6:
        show('s6', s6)
        try:
            with (m7 := tf.name_scope(s3.original_name_scope)) as s7:
                show('s7', s7)
        except Exception as e: print('s7', type(e).__name__, e)
except Exception as e: print('s6', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
