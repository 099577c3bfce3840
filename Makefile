# The two commands a new user needs are `make demo` and `make test`; each one
# builds the local virtual environment first if it is missing or stale.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.painlog-installed

.PHONY: demo test test-clocks fuzz lint format bench reference clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "painlog needs Python 3.11 or newer on PATH"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m painlog.demo

# The suite on every core (pytest-xdist); each test has its own temp diary and clock.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

# The clock-sensitive tests at awkward moments (midnight, DST change days, New
# Year); CI runs it after make test. Installs nothing: faketime is optional.
test-clocks: $(STAMP)
	$(BIN)/python tests/clocks.py
# The fuzz suite with many more examples, fresh seeds and more kill rounds (minutes).
fuzz: $(STAMP)
	PAINLOG_FUZZ_EXAMPLES=60 PAINLOG_KILL_ROUNDS=10 PAINLOG_RACE_ROUNDS=5 PAINLOG_FUZZ_RANDOM=1 \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_attack_breaks.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Rebuild reference/vocabulary.json and guidance-brief.json after editing the TOML files.
reference: $(STAMP)
	$(BIN)/python -m painlog.guidance

clean:
	rm -rf $(VENV) demo bench/out build dist
