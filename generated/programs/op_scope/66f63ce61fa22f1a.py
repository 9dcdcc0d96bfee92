import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
import threading
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable_scope().set_partitioner(tf.variable_axis_size_partitioner(max_shard_bytes=16)))
try:
    with (m2 := tf.op_scope([], None, default_name='a')) as s2:
        show('s2', s2)
        try:
            with (m3 := tf.name_scope(None, default_name='Read')) as s3:
                show('s3', s3)
                try:
                    with (m4 := tf.name_scope(s2)) as s4:
                        show('s4', s4)
                except Exception as e: print('s4', type(e).__name__, e)
                try:
                    with (m5 := tf.op_scope([], 'b', default_name='a')) as s5:
                        show('s5', s5)
                except Exception as e: print('s5', type(e).__name__, e)
        except Exception as e: print('s3', type(e).__name__, e)
        def thread6():  # the body of s6, run in a new thread
            global g6, s7, m7
            g6 = tf.get_default_graph()
            try:
                with (m7 := tf.op_scope([], None)) as s7:
                    show('s7', s7)
            except Exception as e: print('s7', type(e).__name__, e)
        show('s6', None); (t6 := threading.Thread(target=thread6)).start(); t6.join()
except Exception as e: print('s2', type(e).__name__, e)
attempt('s8', lambda: tf.get_collection_ref('outputs'))
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
