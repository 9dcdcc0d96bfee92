import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.constant(1.0, name='foo'))
attempt('s2', lambda: tf.Graph())
try:
    with (m3 := s2.as_default()) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.constant(1.0, name='x'))
except Exception as e: print('s3', type(e).__name__, e)
attempt('s5', lambda: tf.Graph())
try:
    with (m6 := s5.as_default()) as s6:
        show('s6', s6)
        attempt('s7', lambda: tf.constant(1.0, name='A'))
except Exception as e: print('s6', type(e).__name__, e)
try:
    with (m8 := tf.op_scope([], None)) as s8:
        show('s8', s8)
        try:
            with (m9 := tf.variable_scope(None, default_name='vs', auxiliary_name_scope=False, reuse=None)) as s9:
                show('s9', s9)
        except Exception as e: print('s9', type(e).__name__, e)
        try:
            with (m10 := g0.as_default()) as s10:
                show('s10', s10)
                attempt('s11', lambda: tf.constant(0.5))
                try:
                    with (m12 := tf.variable_scope('mul', reuse=True)) as s12:
                        show('s12', s12)
                        attempt('s13', lambda: tf.subtract(s7, 1.0))
                        attempt('s14', lambda: tf.add(s1, s4))
                        attempt('s15', lambda: tf.get_variable('read', initializer=tf.glorot_uniform_initializer(), use_resource=True))
                        attempt('s16', lambda: g0.finalize())
                        attempt('s17', lambda: -s15)
                        attempt('s18', lambda: tf.add(s1, s13, name='Assign/'))
                        attempt('s19', lambda: tf.get_variable('mul', initializer=tf.glorot_uniform_initializer()))
                except Exception as e: print('s12', type(e).__name__, e)
        except Exception as e: print('s10', type(e).__name__, e)
except Exception as e: print('s8', type(e).__name__, e)
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
show_values('s1', 's4', 's7', 's11', 's13', 's14', 's18')  # not fetched: s15: glorot_uniform initializer (random); s17: glorot_uniform initializer (random); s19: glorot_uniform initializer (random)
