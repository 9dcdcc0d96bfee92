"""Checks of the suite itself: planted TF and model bugs (tf_mutants, model_mutants, applied by mutation) and the
benchmarks (bench). `python -m conformance.selfcheck bench|mutants` are its commands."""
