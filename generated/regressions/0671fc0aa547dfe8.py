# Regression: a caching device places the cached read (and a reference variable's snapshot) on /device:CPU:0, which Tensor.__str__ prints (`device=`) in TF's same-graph error
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
try:
    with (m2 := tf.variable_scope('a')) as s2:
        show('s2', s2)
        attempt('s3', lambda: tf.get_variable('a', shape=[2], caching_device='/cpu:0'))
        try:
            with (m4 := s1.as_default()) as s4:
                show('s4', s4)
                try:
                    with (m5 := tf.variable_scope(s2, auxiliary_name_scope=False)) as s5:
                        show('s5', s5)
                        try:
                            with (m6 := tf.name_scope(s2.original_name_scope)) as s6:
                                show('s6', s6)
                        except Exception as e: print('s6', type(e).__name__, e)
                except Exception as e: print('s5', type(e).__name__, e)
                try:
                    with (m7 := m5) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.add(1.0, s3))
                except Exception as e: print('s7', type(e).__name__, e)
        except Exception as e: print('s4', type(e).__name__, e)
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
