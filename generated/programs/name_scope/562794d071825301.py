import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope(None, default_name='read')) as s1:
        show('s1', s1)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m2 := tf.name_scope(None, default_name='read')) as s2:
        show('s2', s2)
except Exception as e: print('s2', type(e).__name__, e)
try:
    with (m3 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**{**kwargs, 'name': 'random_uniform'}))) as s3:
        show('s3', s3)
except Exception as e: print('s3', type(e).__name__, e)
attempt('s4', lambda: tf.get_variable_scope().set_partitioner(tf.fixed_size_partitioner(num_shards=3)))
attempt('s5', lambda: tf.get_variable_scope().set_regularizer(lambda w: tf.multiply(w, 0.01)))
attempt('s6', lambda: tf.get_default_graph().get_name_scope())
try:
    with (m7 := tf.name_scope(s1)) as s7:
        show('s7', s7)
except Exception as e: print('s7', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
