# Regression: inputs from two graphs must raise the same-graph ValueError (a TF mutant dropping the check went unnoticed until multi_graph programs put a tensor in every graph)
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.Graph()
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    m2 = s1.as_default()
    with m2 as s2:
        print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
        try:
            s3 = tf.constant(1.0, name='c')
            print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
        except Exception as e:
            print('s3', type(e).__name__, e)
except Exception as e:
    print('s2', type(e).__name__, e)
try:
    s4 = tf.constant(1.0, name='c')
    print('s4', getattr(s4, 'name', s4), getattr(s4, 'original_name_scope', ''))
except Exception as e:
    print('s4', type(e).__name__, e)
try:
    s5 = s4 + s3
    print('s5', getattr(s5, 'name', s5), getattr(s5, 'original_name_scope', ''))
except Exception as e:
    print('s5', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))
