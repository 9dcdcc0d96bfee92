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
            with (m2 := g0.as_default()) as s2:
                show('s2', s2)
                attempt('s3', lambda: tf.get_variable('b', shape=[], initializer=2, use_resource=False))
        except Exception as e: print('s2', type(e).__name__, e)
        attempt('s4', lambda: tf.get_variable('b', shape=[], initializer=tf.glorot_uniform_initializer(), use_resource=True))
        try:
            with (m5 := tf.name_scope('a/', default_name='é', values=[s4])) as s5:
                show('s5', s5)
                attempt('s6', lambda: tf.constant(0.5, dtype=tf.int32))
                try:
                    with (m7 := tf.variable_scope(None, default_name='zzz/yyy/', reuse=False)) as s7:
                        show('s7', s7)
                except Exception as e: print('s7', type(e).__name__, e)
                attempt('s8', lambda: tf.get_default_graph().get_name_scope())
                try:
                    with (m9 := m7) as s9:
                        show('s9', s9)
                        attempt('s10', lambda: tf.constant(1.0, dtype=tf.int32))
                        attempt('s11', lambda: tf.get_variable('b', dtype=tf.int32, initializer=tf.ones_initializer(), use_resource=True))
                except Exception as e: print('s9', type(e).__name__, e)
        except Exception as e: print('s5', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m12 := tf.variable_scope(None, default_name='zzz/yyy/', reuse=False)) as s12:
        show('s12', s12)
except Exception as e: print('s12', type(e).__name__, e)
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
show_values('s3', 's6', 's10')  # not fetched: s4: glorot_uniform initializer (random); s11: may return the variable of s4 (glorot_uniform initializer (random))
