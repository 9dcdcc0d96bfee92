# Regression: glorot_uniform on an int32 variable: TF's error comes from the int32 limits of the fan computation
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.get_variable('v', shape=[2, 3], dtype=tf.int32, initializer=tf.glorot_uniform_initializer())
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
