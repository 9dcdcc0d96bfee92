import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.Graph())
try:
    with (m2 := s1.as_default()) as s2:
        show('s2', s2)
        try:
            with (m3 := tf.name_scope(None, default_name=1)) as s3:
                show('s3', s3)
                attempt('s4', lambda: tf.get_default_graph().get_name_scope())
                attempt('s5', lambda: tf.get_default_graph().get_name_scope())
                attempt('s6', lambda: tf.get_variable_scope().set_partitioner(tf.variable_axis_size_partitioner(max_shard_bytes=8, max_shards=1)))
                attempt('s7', lambda: tf.greater(2, [1.0, 2.0, 3.0]))
        except Exception as e: print('s3', type(e).__name__, e)
        attempt('s8', lambda: tf.greater(2, [1.0, 2.0, 3.0]))
        attempt('s9', lambda: -[1.0, 2.0])
except Exception as e: print('s2', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph) for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})
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
pad_node_ids(18)
show_values('s7', 's8', 's9')
