# transalign: `make test` sets everything up (.venv) and runs ruff + pytest.
VENV ?= .venv
PY := $(VENV)/bin/python
INPUT ?= examples/article.de.txt
MODEL ?=
ARGS ?=

.PHONY: venv test lint translate demo tiny-model bench clean browser review-screenshots

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

# Chromium and its driver for the review pages' browser tests (Debian/Ubuntu, as root);
# without them those tests skip, naming these packages.
browser:
	apt-get install -y chromium chromium-driver

# Screenshots of the three review pages on the examples (docs/review/)
review-screenshots: tiny-model
	$(PY) scripts/review_screenshots.py

clean:
	rm -rf $(VENV) models demo-out .pytest_cache .ruff_cache
