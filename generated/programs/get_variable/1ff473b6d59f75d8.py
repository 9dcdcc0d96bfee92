import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.variable_scope('<script>"q', default_name='dense', values=[])) as s1:
        show('s1', s1)
        attempt('s2', lambda: s1.set_partitioner(tf.variable_axis_size_partitioner(max_shard_bytes=8, max_shards=1)))
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m3 := tf.get_default_graph().name_scope(None)) as s3:
        show('s3', s3)
except Exception as e: print('s3', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
