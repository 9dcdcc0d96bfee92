# Regression: get_variable with neither shape nor initializer: the message changed in 2.15 (version key missing_initializer_message; the generated corpus never reached it)
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.get_variable('v')
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s2 = tf.get_variable('w', dtype=tf.int32)
    print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
except Exception as e:
    print('s2', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
