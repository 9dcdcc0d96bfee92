import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.get_variable_scope().reuse_variables())
try:
    with (m2 := tf.variable_scope('a b', auxiliary_name_scope=True, reuse=tf.AUTO_REUSE, initializer=tf.glorot_uniform_initializer())) as s2:
        show('s2', s2)
except Exception as e: print('s2', type(e).__name__, e)
try:
    with (m3 := tf.name_scope('<script>"q', values=[])) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.get_default_graph().unique_name('zzz/yyy/', mark_as_used=False))
        try:
            with (m5 := tf.name_scope(None, default_name='read')) as s5:
                show('s5', s5)
        except Exception as e: print('s5', type(e).__name__, e)
        try:
            with (m6 := tf.variable_scope('a b', auxiliary_name_scope=True, values=[], reuse=None)) as s6:
                show('s6', s6)
        except Exception as e: print('s6', type(e).__name__, e)
        attempt('s7', lambda: tf.multiply(0.5, 2))
        attempt('s8', lambda: tf.identity(s7, name='read/'))
        attempt('s9', lambda: tf.get_variable('', shape=[2]))
except Exception as e: print('s3', type(e).__name__, e)
try:
    with (m10 := tf.name_scope('<script>"q', values=[])) as s10:
        show('s10', s10)
        attempt('s11', lambda: tf.multiply(1.0, s7))
        attempt('s12', lambda: tf.constant(1.0))
except Exception as e: print('s10', type(e).__name__, e)
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
show_values('s7', 's8', 's11', 's12')  # not fetched: s9: no initializer: a float variable gets its scope's initializer or glorot_uniform (random)
