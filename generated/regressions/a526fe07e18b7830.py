# Regression: get_variable after finalize: the collection update is refused before any op is created
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.get_default_graph().finalize()
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s2 = tf.get_variable('v', shape=[])
    print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
except Exception as e:
    print('s2', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
