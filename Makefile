# The two commands a fresh machine needs: `make run` and `make test`.
# Both create .venv from nothing when it is missing and reuse it afterwards.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench bench-crawl bench-pages bench-extract bench-graph bench-query bench-view clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/thidua run

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: bench-crawl bench-pages bench-extract bench-graph bench-query bench-view

bench-crawl: $(STAMP)
	$(PY) -m bench.crawl

bench-pages: $(STAMP)
	$(PY) -m bench.pages

bench-extract: $(STAMP)
	$(PY) -m bench.extract

bench-graph: $(STAMP)
	$(PY) -m bench.graph

bench-query: $(STAMP)
	$(PY) -m bench.query

bench-view: $(STAMP)
	$(PY) -m bench.view

clean:
	rm -rf data exports/*.* .pytest_cache
