import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    m1 = tf.variable_scope('Variable', reuse=None)
    with m1 as s1:
        print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
        try:
            m2 = tf.variable_scope(s1, auxiliary_name_scope=False)
            with m2 as s2:
                print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
                try:
                    s3 = tf.get_variable_scope().reuse_variables()
                    print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
                except Exception as e:
                    print('s3', type(e).__name__, e)
        except Exception as e:
            print('s2', type(e).__name__, e)
        try:
            s4 = tf.get_variable('Variable_1', shape=[], dtype=tf.float32, initializer=2, use_resource=True)
            print('s4', getattr(s4, 'name', s4), getattr(s4, 'original_name_scope', ''))
        except Exception as e:
            print('s4', type(e).__name__, e)
        try:
            m6 = tf.variable_scope('vs', reuse=True)
            with m6 as s6:
                print('s6', getattr(s6, 'name', s6), getattr(s6, 'original_name_scope', ''))
                try:
                    s7 = tf.get_variable('Variable_1', shape=[1, 2], dtype=tf.float32, initializer=tf.glorot_uniform_initializer())
                    print('s7', getattr(s7, 'name', s7), getattr(s7, 'original_name_scope', ''))
                except Exception as e:
                    print('s7', type(e).__name__, e)
                try:
                    m8 = g0.as_default()
                    with m8 as s8:
                        print('s8', getattr(s8, 'name', s8), getattr(s8, 'original_name_scope', ''))
                        try:
                            s9 = g0.finalize()
                            print('s9', getattr(s9, 'name', s9), getattr(s9, 'original_name_scope', ''))
                        except Exception as e:
                            print('s9', type(e).__name__, e)
                        try:
                            s10 = tf.get_variable('Variable', initializer=tf.ones_initializer(), use_resource=False)
                            print('s10', getattr(s10, 'name', s10), getattr(s10, 'original_name_scope', ''))
                        except Exception as e:
                            print('s10', type(e).__name__, e)
                        try:
                            s11 = tf.get_variable_scope()
                            print('s11', getattr(s11, 'name', s11), getattr(s11, 'original_name_scope', ''))
                        except Exception as e:
                            print('s11', type(e).__name__, e)
                        try:
                            s12 = tf.get_variable('vs', shape=[], dtype=tf.int32, initializer=[1.0, 2.0], use_resource=False)
                            print('s12', getattr(s12, 'name', s12), getattr(s12, 'original_name_scope', ''))
                        except Exception as e:
                            print('s12', type(e).__name__, e)
                except Exception as e:
                    print('s8', type(e).__name__, e)
        except Exception as e:
            print('s6', type(e).__name__, e)
except Exception as e:
    print('s1', type(e).__name__, e)
for g in (g for g in list(globals().values()) if type(g).__name__ == "Graph"):
    print(g, sorted(op.name for op in g.get_operations()))


def show_values(ids):
    """As the harness does: per graph, one Session runs the variables' initializers in order, then fetches all."""
    config = None
    if hasattr(tf, "ConfigProto"):  # TF without Grappler, op by op (the model has no ConfigProto)
        config = tf.ConfigProto()
        config.graph_options.rewrite_options.disable_meta_optimizer = True
    bound = {k: globals()[k] for k in ids if hasattr(globals().get(k), "op")}  # tensors and variables
    for graph in {id(o.graph): o.graph for o in bound.values()}.values():
        mine = {k: o for k, o in bound.items() if o.graph is graph}
        sess = tf.Session(graph=graph, config=config)
        try:
            for o in mine.values():
                if "Variable" in type(o).__name__:
                    sess.run(o.initializer)
            for k, value in zip(mine, sess.run(list(mine.values()))):
                print("value", k, value.dtype.name, value.tolist())
        except Exception as e:
            print("value", list(mine), type(e).__name__, e)
        finally:
            sess.close()

# s7 is not fetched: glorot_uniform initializer (random)
# s10 is not fetched: may return the variable of s7 (glorot_uniform initializer (random))
# s12 is not fetched: may return the variable of s7 (glorot_uniform initializer (random))
show_values(['s4'])
