import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Variable([1.0, 2.0], name='x', use_resource=True))
attempt('s2', lambda: g0.unique_name('X_1', mark_as_used=True))
attempt('s3', lambda: tf.get_default_graph().get_name_scope())
try:
    with (m4 := tf.op_scope([], None, default_name='Add')) as s4:
        show('s4', s4)
        attempt('s5', lambda: tf.get_default_graph().get_name_scope())
        attempt('s6', lambda: tf.Variable([1.0, 2.0], name='A'))
        attempt('s7', lambda: tf.Variable([1.0, 2.0], name='v/', use_resource=False))
        attempt('s8', lambda: tf.Variable(1.0))
        attempt('s9', lambda: tf.Variable(2, name='add', use_resource=False))
except Exception as e: print('s4', type(e).__name__, e)
try:
    with (m10 := tf.op_scope([], None, default_name='Add')) as s10:
        show('s10', s10)
        attempt('s11', lambda: tf.Variable(1.0, name='Assign/', use_resource=True))
except Exception as e: print('s10', type(e).__name__, e)
attempt('s12', lambda: tf.Variable(1.0, name='foo_1'))
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
show_values('s1', 's6', 's7', 's8', 's9', 's11', 's12')
