import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.get_variable('mul', shape=[], initializer=1.0)
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s3 = tf.get_default_graph().unique_name('/', mark_as_used=True)
    print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
except Exception as e:
    print('s3', type(e).__name__, e)
try:
    s4 = tf.identity(s1)
    print('s4', getattr(s4, 'name', s4), getattr(s4, 'original_name_scope', ''))
except Exception as e:
    print('s4', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
