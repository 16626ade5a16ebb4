.PHONY: test quick lint format golden template samples codes bench

test:
	.venv/bin/pytest -n auto

# While editing: all but the tests marked slow (LibreOffice, killed processes, time limits).
quick:
	.venv/bin/pytest -n auto -m "not slow"

lint:
	.venv/bin/ruff check src tests scripts benchmarks
	.venv/bin/ruff format --check src tests scripts benchmarks
	.venv/bin/mypy

# Rewrite the golden reports (tests/golden/*/) from a deliberate change: the run still fails;
# read the diff (git diff tests/golden), then run the tests again.
golden:
	status=0; DEAN24_UPDATE_GOLDEN=1 .venv/bin/pytest -q -n 2 tests/test_golden.py || status=$$?; \
	git diff --stat -- tests/golden; exit $$status

format:
	.venv/bin/ruff format src tests scripts benchmarks

# Rebuild the Word template and the sample workbooks from their scripts.
template:
	.venv/bin/python scripts/build_docx_template.py

samples:
	.venv/bin/python scripts/make_sample_data.py

# Rewrite the README's table of error and warning codes from src/dean24/core/codes.py.
codes:
	.venv/bin/python scripts/write_codes_table.py

bench:
	.venv/bin/python benchmarks/run.py
