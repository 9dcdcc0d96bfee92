# Regression: multiply with a Python scalar: nightly (2.23) converts the scalar before opening the op's name scope
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.constant(1.0)
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s2 = tf.multiply(2.0, s1, name='m')
    print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
except Exception as e:
    print('s2', type(e).__name__, e)
try:
    s3 = 3.0 * s1
    print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
except Exception as e:
    print('s3', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
