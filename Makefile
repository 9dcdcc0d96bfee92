# tf-scope-conformance: the two contract commands are `make test` and `make report`.
PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PROFILE ?= ci
TF_VERSIONS ?=
export PYTHONHASHSEED := 0

.PHONY: test slow report matrix corpus compat bench bench-nightly lint fast clean-venv

$(STAMP): pyproject.toml
	@set -e; \
	if $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install -q uv; then \
	  [ -x $(VPY) ] || $(PYTHON) -m uv venv -q --python $(PYTHON) $(VENV); \
	  $(PYTHON) -m uv pip install -q --python $(VPY) -e '.[tf,dev]'; \
	else \
	  [ -x $(VPY) ] || $(PYTHON) -m venv $(VENV); \
	  $(VPY) -m pip install -q -e '.[tf,dev]'; \
	fi; \
	touch $(STAMP)

## make test: set up .venv (uv) with TF 2.21.0, run the fast lane (the corpus replayed on the model, no TF, -x),
## then, if it passes, the whole suite, ci profile, on pytest-xdist (conformance/launch.py).
test: $(STAMP)
	$(VPY) -m conformance.launch --profile $(PROFILE)

## make slow: the long reliability checks (crash, hang, killed run, determinism), real suite runs in subprocesses.
slow: $(STAMP)
	$(VPY) -m pytest -n auto -m slow

## make report: run the main job (suite if no results yet) and build reports/index.html.
report: $(STAMP)
	$(VPY) -m conformance.report --profile $(PROFILE)

## make matrix [TF_VERSIONS="2.12.1 2.21.0"] [PROFILE=ci|nightly]: one uv venv per TF version.
matrix: $(STAMP)
	$(VPY) -m conformance.matrix --profile $(PROFILE) $(if $(TF_VERSIONS),--versions "$(TF_VERSIONS)")

## make corpus: regenerate generated/ (programs + TF traces for every matrix version, and tf-nightly).
corpus: $(STAMP)
	$(VPY) -m conformance.corpus build $(if $(TF_VERSIONS),--versions "$(TF_VERSIONS)")

## make compat [TF_VERSIONS="2.20.0 2.21.0 nightly"]: save checkpoints for real on A, restore them for real on B, on a
## sample of corpus programs, for each consecutive version pair; exits 1 if the derived compatibility table disagrees.
compat: $(STAMP)
	$(VPY) -m conformance.compat check $(if $(TF_VERSIONS),--versions "$(TF_VERSIONS)")

## make bench: benchmarks -> reports/bench.json
bench: $(STAMP)
	$(VPY) -m conformance.selfcheck bench

## make bench-nightly: xdist_speedup_2 on the nightly profile (about an hour; the nightly workflow runs it) -> reports/bench.json
bench-nightly: $(STAMP)
	$(VPY) -m conformance.selfcheck bench --only xdist_speedup_2_nightly

fast: $(STAMP)
	$(VPY) -m pytest -m corpus -q

lint: $(STAMP)
	$(VPY) -m ruff check .

clean-venv:
	rm -rf $(VENV)
