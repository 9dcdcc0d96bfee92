"""Cross-version checkpoint compatibility: would a TF1 checkpoint written on one TF version restore on another?

`derive.py` reads it off the recorded traces' `checkpoint` events (the report's **Checkpoint compatibility**
table, generated/checkpoint-compat.json); `real.py` saves and restores for real inside the matrix venvs;
`check.py` (`make compat`) compares the two on a sample of corpus programs.
"""
