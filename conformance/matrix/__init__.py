"""The TF version matrix: which releases (versions), one uv venv per release (venv), running the suite in each
(run) and the per-version table (summary). `python -m conformance.matrix` is its command."""
