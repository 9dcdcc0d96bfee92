# Regression: a node of a while_loop body whose name breaks the C++ rule (`a/>/y`) fails every Session run on the outer graph when lowering inlines the body
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
        attempt('s3', lambda: tf.greater(1.0, 1.0))
        attempt('s4', lambda: tf.constant(1.0, name='a'))
        try:
            with (m5 := tf.op_scope([], 'a')) as s5:
                show('s5', s5)
        except Exception as e: print('s5', type(e).__name__, e)
        def branch7(s7):  # the loop's cond, traced once by the call
            show('s7', None)
            attempt('s8', lambda: tf.less(s7, 3))
            return s8
        def branch9(s9):  # the loop's body, traced once by the call
            global s10, m10
            show('s9', None)
            try:
                with (m10 := tf.name_scope('a')) as s10:
                    show('s10', s10)
                    attempt('s11', lambda: tf.less(s4, 0, name='>'))
            except Exception as e: print('s10', type(e).__name__, e)
            attempt('s12', lambda: s9 + 1)
            return s12
        attempt('s6', lambda: tf.while_loop(branch7, branch9, [0]))
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
pad_node_ids(24)
show_values('s3', 's4')  # not fetched: s6: a tf.while_loop's output (the model's Session has no While kernel); s8: built while a tf.while_loop's cond or body is traced (a function graph's tensor); s11: built while a tf.while_loop's cond or body is traced (a function graph's tensor); s12: built while a tf.while_loop's cond or body is traced (a function graph's tensor)
