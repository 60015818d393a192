# transalign: `make test` sets everything up (.venv) and runs ruff + pytest.
VENV ?= .venv
PY := $(VENV)/bin/python
INPUT ?= examples/article.de.txt
MODEL ?=
ARGS ?=

.PHONY: venv test lint translate demo tiny-model bench clean

venv:
	@bash scripts/setup_venv.sh

lint: venv
	$(VENV)/bin/ruff check src tests scripts

# pytest runs with HOME and TMPDIR in a new empty sandbox and fails if a test wrote
# outside its own temporary folders (scripts/test_isolated.py)
test: venv
	$(VENV)/bin/ruff check src tests scripts
	$(PY) scripts/test_isolated.py -q

# The main job: translate a German article (default model: Helsinki-NLP/opus-mt-de-en,
# downloaded once from the Hugging Face hub). `make translate INPUT=my.txt MODEL=path`.
translate: venv
	$(VENV)/bin/transalign translate $(INPUT) $(if $(MODEL),--model $(MODEL)) $(ARGS)

# Offline demo: build the tiny random test model, then translate, segment, align, export
# and evaluate the example article with it, each command echoed (scripts/demo.sh).
tiny-model: venv
	@test -f models/tiny/config.json || $(PY) scripts/build_tiny_model.py models/tiny

demo: tiny-model
	@bash scripts/demo.sh

clean:
	rm -rf $(VENV) models demo-out .pytest_cache .ruff_cache
