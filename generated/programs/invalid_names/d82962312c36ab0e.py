import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := g0.as_default()) as s1:
        show('s1', s1)
        try:
            with (m2 := tf.variable_scope(None, default_name='Variable', auxiliary_name_scope=False, values=[], reuse=1)) as s2:
                show('s2', s2)
                attempt('s3', lambda: g0.unique_name('-x', mark_as_used=True))
                try:
                    with (m4 := tf.variable_op_scope(name_or_scope=s2, values=[])) as s4:
                        show('s4', s4)
                        attempt('s5', lambda: tf.get_variable('a/', shape=[2], initializer=tf.glorot_uniform_initializer(), use_resource=True))
                        attempt('s6', lambda: tf.get_variable('a/', initializer=tf.ones_initializer()))
                        attempt('s7', lambda: tf.Variable(1.0, name='read', use_resource=False))
                        attempt('s8', lambda: tf.get_variable('a/', shape=[1, 2], dtype=tf.int32, initializer=[1.0, 2.0]))
                        attempt('s9', lambda: tf.constant([1.0, 2.0], name='a b/'))
                except Exception as e: print('s4', type(e).__name__, e)
                try:
                    with (m10 := tf.name_scope('random_uniform', default_name='a/b/', values=[s9, s9])) as s10:
                        show('s10', s10)
                except Exception as e: print('s10', type(e).__name__, e)
        except Exception as e: print('s2', type(e).__name__, e)
        attempt('s11', lambda: tf.constant(0.5, name='/x'))
        attempt('s12', lambda: tf.Variable(s11, name='zeros'))
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
def show_values(*ids):  # as the harness: per graph, one Session runs the variables' initializers in order, then fetches
    config = tf.ConfigProto() if hasattr(tf, "ConfigProto") else None  # TF: Grappler off, op by op as the model does
    if config is not None: config.graph_options.rewrite_options.disable_meta_optimizer = True
    bound = {k: globals()[k] for k in ids if hasattr(globals().get(k), "op")}  # a failed statement bound nothing
    for graph in {id(o.graph): o.graph for o in bound.values()}.values():
        mine, sess = {k: o for k, o in bound.items() if o.graph is graph}, tf.Session(graph=graph, config=config)
        try:
            for init in {id(o): o.initializer for o in mine.values() if "Variable" in type(o).__name__}.values(): sess.run(init)
            for k, value in zip(mine, sess.run(list(mine.values()))): print("value", k, value.dtype.name, value.tolist())
        except Exception as e: print("value", list(mine), type(e).__name__, e)
        sess.close()
show_values('s7', 's9', 's11', 's12')  # not fetched: s5: glorot_uniform initializer (random); s6: may return the variable of s5 (glorot_uniform initializer (random)); s8: may return the variable of s5 (glorot_uniform initializer (random))
