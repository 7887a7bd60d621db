# Run inside the project venv (. .venv/bin/activate). Gold data: ../shared/datasets or $TIDINGS_DATA.
PYTHON ?= python
OUT ?= out
LIMIT ?=
BENCH_LIMIT ?= 300

.PHONY: measure
measure:  ## score every dev set, benchmark throughput, gazetteer lookups, workers and Ray, the store and the dashboard at 1M events, regenerate docs/ACCURACY.md + PERFORMANCE.md
	mkdir -p $(OUT)
	tidings eval all --json $(OUT)/accuracy.json --errors 0 $(if $(LIMIT),--limit $(LIMIT))
	$(PYTHON) benchmarks/throughput.py --limit $(BENCH_LIMIT) --json $(OUT)/throughput.json
	$(PYTHON) benchmarks/lookup.py --limit $(BENCH_LIMIT) --json $(OUT)/lookup.json
	$(PYTHON) benchmarks/startup.py --json $(OUT)/startup.json
	$(PYTHON) benchmarks/parallel.py --limit $(BENCH_LIMIT) --json $(OUT)/parallel.json
	$(PYTHON) benchmarks/long_article.py --json $(OUT)/long_article.json
	rm -f $(OUT)/scale.duckdb
	$(PYTHON) benchmarks/store_scale.py --db $(OUT)/scale.duckdb --json $(OUT)/store_scale.json
	$(PYTHON) benchmarks/dashboard_paint.py --db $(OUT)/scale.duckdb --json $(OUT)/dashboard_paint.json
	$(PYTHON) benchmarks/near_duplicates.py --json $(OUT)/near_duplicates.json
	$(PYTHON) benchmarks/report.py --accuracy $(OUT)/accuracy.json --throughput $(OUT)/throughput.json \
		--lookup $(OUT)/lookup.json --startup $(OUT)/startup.json --parallel $(OUT)/parallel.json \
		--long-article $(OUT)/long_article.json \
		--store-scale $(OUT)/store_scale.json --near-duplicates $(OUT)/near_duplicates.json \
		--dashboard-paint $(OUT)/dashboard_paint.json
