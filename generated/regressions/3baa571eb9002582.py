# Regression: Quirk reentered_name_scope_manager_exits_first_entry: entering a tf.compat.v1.name_scope object again replaces its Graph.name_scope generator; collecting the first one runs its finally, so the second entry starts from the root (foo_1/, not foo/foo/)
import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution()
tf.reset_default_graph()
g0 = tf.get_default_graph()
try:
    m1 = tf.name_scope(None, default_name='foo', values=[])
    with m1 as s1:
        print('s1', getattr(s1, 'name', s1), getattr(s1, 'original_name_scope', ''))
        try:
            with m1 as s2:
                print('s2', getattr(s2, 'name', s2), getattr(s2, 'original_name_scope', ''))
                try:
                    s3 = tf.constant(1.0)
                    print('s3', getattr(s3, 'name', s3), getattr(s3, 'original_name_scope', ''))
                except Exception as e:
                    print('s3', type(e).__name__, e)
        except Exception as e:
            print('s2', type(e).__name__, e)
        try:
            s4 = tf.constant(1.0)
            print('s4', getattr(s4, 'name', s4), getattr(s4, 'original_name_scope', ''))
        except Exception as e:
            print('s4', type(e).__name__, e)
except Exception as e:
    print('s1', type(e).__name__, e)
try:
    s5 = tf.constant(1.0)
    print('s5', getattr(s5, 'name', s5), getattr(s5, 'original_name_scope', ''))
except Exception as e:
    print('s5', type(e).__name__, e)
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

show_values(['s3', 's4', 's5'])
