"""`tf.nn` of the model's facade: the few neural-network ops the modelled programs call."""

from __future__ import annotations

from reference_impl.math_ops import l2_loss  # noqa: F401
