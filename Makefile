# Entry points. Plain `python3` and `make` are all a fresh machine needs: every target that uses
# Python depends on `install`, which builds .venv/ once (and again only when pyproject.toml changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8765
# pytest-xdist workers for `make test` and `make unit`: one per core, and one more. The suite spends
# much of its time waiting (deadlines, retry backoffs, servers stopping, subprocesses): the extra
# worker runs its tests meanwhile (on 2 cores, 3 workers: 153 s against 167 s for 2).
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) + 1)')
# Keep bytecode caches even where the environment asks Python not to write them: the suite starts
# dozens of interpreters (the CLI, user projects, docs pages, tools/), and without caches each one
# recompiles the wrapper and the generated package from source.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install generate check-generated spec-diff spec-propose lint test suite unit contract contract-replay matrix demo mock bench bench-work mutation clean docs docs-check dist-check

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[mock,cli,dev]'
	touch $(STAMP)

generate: install  ## openapi/ -> generated/ (amend, validate, generate, remove stale files), then the spec-diff report
	$(BIN)/python tools/generate.py
	-$(BIN)/python tools/spec_diff.py --base HEAD

# BASE=<git ref> (default HEAD); FAIL_ON_BREAKING=1 exits 1 when anything breaks client users (for CI).
spec-diff: install  ## what the working tree's spec changes break, against BASE; reports/spec-diff.{md,json}
	$(BIN)/python tools/spec_diff.py --base '$(or $(BASE),HEAD)' $(if $(filter 1 yes true,$(FAIL_ON_BREAKING)),--fail-on-breaking)

check-generated: install  ## fail, naming the files, when generated/ is not what openapi/ produces
	$(BIN)/python tools/generate.py --check

# EVIDENCE=DIR/evidence.json of a recording run (CONTRACT_RECORD=DIR make contract); exit 1 when something
# observed cannot be a patch. NO_PYTHON_API=1 skips the generated-client comparison (two generator runs).
spec-propose: install  ## proposed amendments from a recorded run: reports/proposal/{relaxations,tightenings}.yaml, report.md
	@test -n '$(EVIDENCE)' || { echo "spec-propose: set EVIDENCE=DIR/evidence.json (from CONTRACT_RECORD=DIR make contract)" >&2; exit 2; }
	$(BIN)/python tools/spec_propose.py --evidence '$(EVIDENCE)' $(if $(filter 1 yes true,$(NO_PYTHON_API)),--no-python-api)

lint: install
	$(BIN)/ruff check wrapper tests tools examples benchmarks noxfile.py
	$(BIN)/ruff format --check wrapper tests tools examples benchmarks noxfile.py
	$(BIN)/mypy
	$(BIN)/lint-imports

# The checks and every test, side by side: the suite spends much of its time waiting (deadlines,
# retry backoffs, subprocesses), which the checks fill. Each check still fails `make test`; its output
# comes out as it finishes (-Oline), the suite's progress beside it. The contract suite draws fewer
# cases per operation here (every operation is still driven) than in its full-depth run, `make contract`.
test: install  ## lint, check-generated, the docs, the wheel and the whole suite (parallel)
	@$(MAKE) --no-print-directory -j -Oline lint check-generated docs dist-check suite

# Every test, in parallel. A module runs whole on one worker; the longest modules go first
# (tests/conftest.py, LONGEST_FIRST).
suite: install
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder

unit: install  ## the fast tests while you work: client, CLI and mock (no lint, no generator, no contract)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder tests/client tests/cli tests/mock

# One process: a staging run's writes stay in order, and the per-operation case summary sees every case.
# CONTRACT_RECORD=DIR also records every response (redacted) into DIR/evidence.json, and the client
# scenarios as cassettes under DIR/cassettes/.
contract: install  ## schemathesis contract suite at full depth; CONTRACT_BASE_URL=... points it at staging
	CONTRACT_DEPTH=full $(BIN)/python -m pytest tests/contract -m contract --junitxml=reports/contract.xml

# CASSETTES=DIR of a recording run. vcrpy answers every request; one not in the recording fails, naming it.
contract-replay: install  ## replay a recorded run's client scenarios offline, the network blocked
	@test -n '$(CASSETTES)' || { echo "contract-replay: set CASSETTES=DIR (from CONTRACT_RECORD=DIR make contract)" >&2; exit 2; }
	CONTRACT_REPLAY='$(CASSETTES)' $(BIN)/python -m pytest tests/contract/test_client_scenarios.py -m contract \
		--record-mode=none --block-network

matrix: install  ## client, CLI and mock tests on every Python >= 3.11 found, lowest and newest httpx/attrs (nox)
	$(BIN)/nox -f noxfile.py

demo: install  ## the main job against the embedded mock server
	$(BIN)/python examples/demo.py

mock: install  ## run the mock server in the foreground
	$(BIN)/python -m cerebras_management.testing --host 127.0.0.1 --port $(PORT)

bench: install  ## side-by-side benchmarks against raw httpx; writes reports/bench.json
	$(BIN)/python -m benchmarks

# About 5 minutes; needs valgrind (Debian: apt-get install valgrind). ARGS="--items 1000 --modes warm".
bench-work: install  ## bulk work per request in instructions (callgrind), ours vs raw httpx; reports/bench-work.json
	$(BIN)/python -m benchmarks.work $(ARGS)

docs: install  ## the documentation site into site/, strict: any warning (a broken link, an unknown name) fails
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

docs-check: docs  ## open the site in headless Chromium: search, follow a result, screenshots in reports/docs/
	@command -v chromium >/dev/null || { echo "docs-check: installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python tools/docs_check.py

dist-check: install  ## build the sdist and the wheel from it, twine check, the wheel's contents
	$(BIN)/python tools/check_dist.py >/dev/null

# MODULES="_retry _secrets" (default: every module in tools/mutation/modules.toml); FAIL_UNDER=90 exits 1 below it.
# Minutes per module, so not part of `make test`.
mutation: install  ## mutmut over the safety-critical modules; reports/mutation.json and a table
	$(BIN)/python tools/mutation/run.py $(MODULES) $(if $(FAIL_UNDER),--fail-under $(FAIL_UNDER))

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache reports site build/mutation
