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

test: venv
	$(VENV)/bin/ruff check src tests scripts
	$(PY) -m pytest -q

# The main job: translate a German article (default model: Helsinki-NLP/opus-mt-de-en,
# downloaded once from the Hugging Face hub). `make translate INPUT=my.txt MODEL=path`.
translate: venv
	$(VENV)/bin/transalign translate $(INPUT) $(if $(MODEL),--model $(MODEL)) $(ARGS)

# Offline demo: build the tiny random test model and translate the example with it.
tiny-model: venv
	@test -f models/tiny/config.json || $(PY) scripts/build_tiny_model.py models/tiny

demo: tiny-model
	$(VENV)/bin/transalign translate $(INPUT) --model models/tiny --format jsonl $(ARGS)

clean:
	rm -rf $(VENV) models .pytest_cache .ruff_cache
