# Spoorwijzer: see README.md. Every target works on a fresh clone.
VENV ?= .venv
STAMP := $(VENV)/.installed
NLP_STAMP := $(VENV)/.nl_spoorwijzer-installed
WEB_STAMP := website/node_modules/.installed
export VENV

.PHONY: install train run shell test test-fast lint format validate eval eval-unseen bench bench-scaled clean help

help:
	@echo "make install   create $(VENV) with Python 3.10, the pinned packages, the Dutch spaCy pipeline and the widget's npm package"
	@echo "make train     train the model when data or config changed"
	@echo "make run       train if needed, then start every server (Ctrl-C stops them all)"
	@echo "make shell     chat in the terminal"
	@echo "make test      lint, validate, train once, run every test (what CI runs)"
	@echo "make test-fast unit and content tests: no servers, no model (under a minute)"
	@echo "make lint      ruff: lint and format check"
	@echo "make format    ruff: sort imports and format the code"
	@echo "make eval      the realistic set end to end, beside a site-search baseline"
	@echo "make bench     load benchmark against Rasa's starter bot (writes results/bench.json)"
	@echo "make bench-scaled  the same on PostgreSQL, Redis, two Rasa servers and nginx"

install: $(STAMP) $(NLP_STAMP) $(WEB_STAMP)

# The Dutch spaCy pipeline (nl_spoorwijzer), rebuilt when the venv or its recipe changed;
# a stamp, because the check itself imports spaCy and may try a download.
$(NLP_STAMP): $(STAMP) $(wildcard spoorwijzer/tools/nlp/*.py)
	@bash -c '. scripts/env.sh && python -m spoorwijzer.tools.nlp.install'
	@touch $@

$(STAMP): requirements.txt constraints.txt pyproject.toml scripts/install-venv.sh
	@bash scripts/install-venv.sh
	@touch $@

# The widget's socket.io client, from the npm registry (exact versions in the lock file).
$(WEB_STAMP): website/package.json website/package-lock.json
	@cd website && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

train: install
	@bash scripts/train.sh

run: train
	@bash scripts/run.sh

shell: train
	@bash scripts/shell.sh

validate: install
	@bash -c '. scripts/env.sh && python -m spoorwijzer.tools.validate'

test: install
	@bash scripts/test.sh

test-fast: install
	@bash -c '. scripts/env.sh && python -m pytest -q -m unit'

lint: install
	@bash -c '. scripts/env.sh && ruff check . && ruff format --check .'

format: install
	@bash -c '. scripts/env.sh && ruff check --fix --select I . && ruff format .'

clean:
	rm -rf models results .rasa var

# The realistic set end to end (replies, not labels), beside a site-search baseline;
# eval-unseen scores the part kept unseen while tuning (tests/realistic/README.md).
eval: train
	@bash -c '. scripts/env.sh && python -m tests.realistic'

eval-unseen: train
	@bash -c '. scripts/env.sh && python -m tests.realistic --unseen'

# Load benchmark: starts the stack on free ports, measures it and Rasa's starter bot in
# the same run, prints the ratios and writes the whole summary (bench/load.py).
bench: train
	@bash -c '. scripts/env.sh && python bench/load.py --start --json results/bench.json'

# The same with the production shape: PostgreSQL, Redis, two Rasa servers, nginx.
bench-scaled: train
	@bash -c '. scripts/env.sh && python bench/load.py --scaled --json results/bench-scaled.json'
