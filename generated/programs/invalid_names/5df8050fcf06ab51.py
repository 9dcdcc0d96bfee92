import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.name_scope(None, default_name=1)) as s1:
        show('s1', s1)
        try:
            with (m2 := tf.variable_scope(None, default_name='Read', values=[])) as s2:
                show('s2', s2)
        except Exception as e: print('s2', type(e).__name__, e)
        attempt('s3', lambda: tf.Graph())
        attempt('s4', lambda: 2 * 0.5)
        attempt('s5', lambda: tf.constant([1.0]))
        attempt('s6', lambda: tf.get_default_graph().get_name_scope())
except Exception as e: print('s1', type(e).__name__, e)
try:
    with (m7 := tf.variable_scope(None, default_name='Read', values=[])) as s7:
        show('s7', s7)
        attempt('s8', lambda: tf.identity(s4, name='a'))
        attempt('s9', lambda: s8 + [1.0, 2.0, 3.0])
        attempt('s10', lambda: s9 + s8)
        attempt('s11', lambda: tf.constant(0.5, name='vs/'))
        attempt('s12', lambda: tf.add_to_collection(tf.GraphKeys.LOCAL_VARIABLES, s11))
except Exception as e: print('s7', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
def show_values(*ids):  # as the harness: per graph, one Session runs the variables' initializers in order, then fetches
    config = tf.ConfigProto() if hasattr(tf, "ConfigProto") else None  # TF: Grappler off, op by op as the model does
    if config is not None: config.graph_options.rewrite_options.disable_meta_optimizer = True
    bound = {}  # a failed statement bound nothing; a PartitionedVariable is fetched as its parts k[0], k[1], ...
    for k, o in ((k, globals().get(k)) for k in ids):
        parts = enumerate(o) if type(o).__name__ == "PartitionedVariable" else [(None, o)] if hasattr(o, "op") else []
        bound.update({k if i is None else f"{k}[{i}]": p for i, p in parts})
    for graph in {id(o.graph): o.graph for o in bound.values()}.values():
        mine, sess = {k: o for k, o in bound.items() if o.graph is graph}, tf.Session(graph=graph, config=config)
        try:
            for init in {id(o): o.initializer for o in mine.values() if "Variable" in type(o).__name__}.values(): sess.run(init)
            for k, value in zip(mine, sess.run(list(mine.values()))): print("value", k, value.dtype.name, value.tolist())
        except Exception as e: print("value", list(mine), type(e).__name__, e)
        sess.close()
def pad_node_ids(slack):  # each graph gets more node ids than any graph's nodes can have (conformance/foreign_edges.py)
    graphs = [g for g in {id(g): g for g in list(globals().values()) if type(g).__name__ == "Graph"}.values() if g.get_operations()]
    target = max((len(g.get_operations()) for g in graphs), default=0) + slack
    for g in graphs if len(graphs) > 1 and hasattr(tf, "import_graph_def") else []:  # TF only: the model has no C graph
        if g.finalized: g._unsafe_unfinalize()
        with g.as_default(), tf.name_scope(None): [tf.no_op(name="pad") for _ in range(target - len(g.get_operations()))]
pad_node_ids(24)
show_values('s4', 's5', 's8', 's9', 's10', 's11')
