"""tf.compat.v1.train: the Saver."""

from reference_impl.saver import Saver  # noqa: F401
