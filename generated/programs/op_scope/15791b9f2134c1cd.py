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
        except Exception as e: print('s6', type(e).__name__, e)
        attempt('s7', lambda: tf.get_variable('Initializer', shape=[2], initializer=tf.glorot_uniform_initializer(), use_resource=True, collections=[tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_VARIABLES], regularizer=lambda w: tf.multiply(w, 0.01)))
        try:
            with (m8 := tf.variable_op_scope(name_or_scope='zeros', values=[], reuse=True)) as s8:
                show('s8', s8)
                attempt('s9', lambda: tf.get_variable_scope())
        except Exception as e: print('s8', type(e).__name__, e)
        attempt('s10', lambda: tf.get_collection(tf.GraphKeys.MODEL_VARIABLES, scope='z'))
        attempt('s11', lambda: tf.trainable_variables(scope='Initializer/Initializer'))
        try:
            with (m12 := tf.op_scope([s7, s7], 'zeros_1', default_name='zeros_1')) as s12:
                show('s12', s12)
        except Exception as e: print('s12', type(e).__name__, e)
except Exception as e: print('s1', type(e).__name__, e)
print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in list(globals().items()) if type(g).__name__ == "Graph"}); print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)] for c in sorted(g.get_all_collection_keys())} for k, g in list(globals().items()) if type(g).__name__ == "Graph"})
