"""The frozen corpus: stored programs and regressions (store), recorded TF traces per version (traces), and TF's
own naming change log between consecutive versions (changes). `python -m conformance.corpus` is its command."""
