import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    m1 = tf.name_scope('')
    with m1 as s1:
        print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
        try:
            m2 = tf.variable_scope('é', auxiliary_name_scope=False)
            with m2 as s2:
                print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
                try:
                    s3 = tf.get_default_graph().finalize()
                    print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
                except Exception as e:
                    print('s3', type(e).__name__, e)
        except Exception as e:
            print('s2', type(e).__name__, e)
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s4 = tf.constant(1.0, name='a/')
    print('s4', getattr(s4, 'name', s4), getattr(s4, 'original_name_scope', ''))
except Exception as e:
    print('s4', type(e).__name__, e)
try:
    s5 = tf.constant(0.5)
    print('s5', getattr(s5, 'name', s5), getattr(s5, 'original_name_scope', ''))
except Exception as e:
    print('s5', type(e).__name__, e)
try:
    m6 = tf.name_scope('')
    with m6 as s6:
        print('s6', getattr(s6, 'name', s6), getattr(s6, 'original_name_scope', ''))
        try:
            m7 = tf.name_scope('')
            with m7 as s7:
                print('s7', getattr(s7, 'name', s7), getattr(s7, 'original_name_scope', ''))
                try:
                    m8 = tf.name_scope('')
                    with m8 as s8:
                        print('s8', getattr(s8, 'name', s8), getattr(s8, 'original_name_scope', ''))
                except Exception as e:
                    print('s8', type(e).__name__, e)
        except Exception as e:
            print('s7', type(e).__name__, e)
        try:
            s9 = tf.constant(0.5, name='>')
            print('s9', getattr(s9, 'name', s9), getattr(s9, 'original_name_scope', ''))
        except Exception as e:
            print('s9', type(e).__name__, e)
        try:
            s10 = tf.Variable(1.0, name='read_1')
            print('s10', getattr(s10, 'name', s10), getattr(s10, 'original_name_scope', ''))
        except Exception as e:
            print('s10', type(e).__name__, e)
        try:
            s11 = tf.Variable(s4, name='x:0/')
            print('s11', getattr(s11, 'name', s11), getattr(s11, 'original_name_scope', ''))
        except Exception as e:
            print('s11', type(e).__name__, e)
        try:
            s12 = tf.Variable(s4, use_resource=False)
            print('s12', getattr(s12, 'name', s12), getattr(s12, 'original_name_scope', ''))
        except Exception as e:
            print('s12', type(e).__name__, e)
except Exception as e:
    print('s6', type(e).__name__, e)
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

show_values(['s4', 's5', 's9', 's10', 's11', 's12'])
