import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf
tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()
def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope) if hasattr(value, "original_name_scope") else repr(value))
def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
try:
    with (m1 := tf.op_scope([], 'Initializer', default_name='Initializer')) as s1:
        show('s1', s1)
        attempt('s2', lambda: tf.get_variable_scope().set_partitioner(tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=8)))
        try:
            with (m3 := tf.variable_op_scope(name_or_scope=None, values=[], default_name='Initializer_1', reuse=False)) as s3:
                show('s3', s3)
                attempt('s4', lambda: tf.get_variable_scope().set_partitioner(None))
        except Exception as e: print('s3', type(e).__name__, e)
        try:
            with (m5 := tf.op_scope([], 'Initializer', default_name='Initializer')) as s5:
                show('s5', s5)
        except Exception as e: print('s5', type(e).__name__, e)
        try:
            with (m6 := tf.variable_creator_scope(lambda next_creator, **kwargs: next_creator(**{**kwargs, 'name': 'Initializer_1'}))) as s6:
                show('s6', s6)
                try:
                    with (m7 := g0.as_default()) as s7:
                        show('s7', s7)
                        attempt('s8', lambda: tf.get_default_graph().unique_name('', mark_as_used=False))
                except Exception as e: print('s7', type(e).__name__, e)
        except Exception as e: print('s6', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
