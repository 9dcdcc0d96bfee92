import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
import threading
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
attempt('s2', lambda: tf.get_variable_scope().reuse_variables())
try:
    with (m3 := tf.variable_scope(None, default_name='Add', reuse=None)) as s3:
        show('s3', s3)
        try:
            with (m4 := tf.variable_scope(None, default_name='Add', reuse=None)) as s4:
                show('s4', s4)
                try:
                    with (m5 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**kwargs))) as s5:
                        show('s5', s5)
                        attempt('s6', lambda: tf.get_variable('mul', shape=[], initializer=tf.glorot_uniform_initializer()))
                except Exception as e: print('s5', type(e).__name__, e)
                def thread7():  # the body of s7, run in a new thread
                    global g7
                    g7 = tf.get_default_graph()
                show('s7', None); (t7 := threading.Thread(target=thread7)).start(); t7.join()
        except Exception as e: print('s4', type(e).__name__, e)
        attempt('s8', lambda: tf.train.Saver())
        attempt('s9', lambda: tf.model_variables())
        attempt('s10', lambda: tf.get_local_variable('', shape=[2], initializer=tf.zeros_initializer()))
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
