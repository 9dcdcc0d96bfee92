import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    s1 = tf.constant(1.0, name='mul')
    print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s2 = tf.Graph()
    print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
except Exception as e:
    print('s2', type(e).__name__, e)
try:
    m3 = s2.as_default()
    with m3 as s3:
        print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
        try:
            s4 = tf.constant(1.0, name='random_uniform')
            print('s4', getattr(s4, 'name', s4), getattr(s4, 'original_name_scope', ''))
        except Exception as e:
            print('s4', type(e).__name__, e)
except Exception as e:
    print('s3', type(e).__name__, e)
try:
    s5 = tf.Graph()
    print('s5', getattr(s5, 'name', s5), getattr(s5, 'original_name_scope', ''))
except Exception as e:
    print('s5', type(e).__name__, e)
try:
    m6 = s5.as_default()
    with m6 as s6:
        print('s6', getattr(s6, 'name', s6), getattr(s6, 'original_name_scope', ''))
        try:
            s7 = tf.constant(1.0, name='random_uniform')
            print('s7', getattr(s7, 'name', s7), getattr(s7, 'original_name_scope', ''))
        except Exception as e:
            print('s7', type(e).__name__, e)
except Exception as e:
    print('s6', type(e).__name__, e)
try:
    m8 = tf.name_scope(None, default_name='X_1_1')
    with m8 as s8:
        print('s8', getattr(s8, 'name', s8), getattr(s8, 'original_name_scope', ''))
        try:
            m9 = tf.variable_scope('Const_1', values=[], auxiliary_name_scope=True)
            with m9 as s9:
                print('s9', getattr(s9, 'name', s9), getattr(s9, 'original_name_scope', ''))
        except Exception as e:
            print('s9', type(e).__name__, e)
        try:
            s10 = tf.subtract(0.5, s4, name='Add_1')
            print('s10', getattr(s10, 'name', s10), getattr(s10, 'original_name_scope', ''))
        except Exception as e:
            print('s10', type(e).__name__, e)
        try:
            m11 = tf.variable_scope('Const_1', values=[], auxiliary_name_scope=True)
            with m11 as s11:
                print('s11', getattr(s11, 'name', s11), getattr(s11, 'original_name_scope', ''))
        except Exception as e:
            print('s11', type(e).__name__, e)
        try:
            m12 = s2.as_default()
            with m12 as s12:
                print('s12', getattr(s12, 'name', s12), getattr(s12, 'original_name_scope', ''))
        except Exception as e:
            print('s12', type(e).__name__, e)
        try:
            m13 = s5.as_default()
            with m13 as s13:
                print('s13', getattr(s13, 'name', s13), getattr(s13, 'original_name_scope', ''))
                try:
                    m14 = s2.as_default()
                    with m14 as s14:
                        print('s14', getattr(s14, 'name', s14), getattr(s14, 'original_name_scope', ''))
                        try:
                            s15 = tf.constant(0.5)
                            print('s15', getattr(s15, 'name', s15), getattr(s15, 'original_name_scope', ''))
                        except Exception as e:
                            print('s15', type(e).__name__, e)
                        try:
                            s16 = g0.unique_name('Const', mark_as_used=True)
                            print('s16', getattr(s16, 'name', s16), getattr(s16, 'original_name_scope', ''))
                        except Exception as e:
                            print('s16', type(e).__name__, e)
                        try:
                            s17 = tf.get_variable('X_1_1', shape=[1, 2], initializer=tf.zeros_initializer(), use_resource=False)
                            print('s17', getattr(s17, 'name', s17), getattr(s17, 'original_name_scope', ''))
                        except Exception as e:
                            print('s17', type(e).__name__, e)
                        try:
                            s18 = tf.Graph()
                            print('s18', getattr(s18, 'name', s18), getattr(s18, 'original_name_scope', ''))
                        except Exception as e:
                            print('s18', type(e).__name__, e)
                        try:
                            s19 = tf.Graph()
                            print('s19', getattr(s19, 'name', s19), getattr(s19, 'original_name_scope', ''))
                        except Exception as e:
                            print('s19', type(e).__name__, e)
                except Exception as e:
                    print('s14', type(e).__name__, e)
        except Exception as e:
            print('s13', type(e).__name__, e)
except Exception as e:
    print('s8', type(e).__name__, e)
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

show_values(['s1', 's4', 's7', 's10', 's15', 's17'])
