import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
attempt('s1', lambda: tf.constant(1.0, name='Add'))
attempt('s2', lambda: tf.Graph())
try:
    with (m3 := s2.as_default()) as s3:
        show('s3', s3)
        attempt('s4', lambda: tf.constant(1.0, name='X_1'))
except Exception as e: print('s3', type(e).__name__, e)
try:
    with (m5 := tf.variable_scope(None, default_name='Const', reuse=False)) as s5:
        show('s5', s5)
        try:
            with (m6 := tf.name_scope(None, values=[s1])) as s6:
                show('s6', s6)
                try:
                    with (m7 := tf.name_scope('v', values=[s1])) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.subtract([1.0, 2.0, 3.0], s1))
                        attempt('s9', lambda: s5.set_partitioner(tf.min_max_variable_partitioner(max_partitions=2, min_slice_size=8)))
                        attempt('s10', lambda: tf.get_variable('Add', shape=[3, 2], initializer=s4, use_resource=True))
                        attempt('s11', lambda: tf.Graph())
                        attempt('s12', lambda: tf.get_variable('random_uniform', shape=[2], initializer=[1.0, 2.0], trainable=True))
                        attempt('s13', lambda: tf.subtract(s10, [1.0, 2.0]))
                except Exception as e: print('s7', type(e).__name__, e)
                attempt('s14', lambda: s10 - s10)
                attempt('s15', lambda: tf.add_to_collection(tf.GraphKeys.GLOBAL_VARIABLES, s13))
                try:
                    with (m16 := tf.name_scope(None, values=[s1])) as s16:
                        show('s16', s16)
                except Exception as e: print('s16', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s5', type(e).__name__, e)
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
pad_node_ids(32)
show_values('s1', 's4', 's8', 's10', 's12', 's13', 's14')
