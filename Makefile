.PHONY: test lint format template samples codes bench

test:
	.venv/bin/pytest -n auto

lint:
	.venv/bin/ruff check src tests scripts benchmarks
	.venv/bin/ruff format --check src tests scripts benchmarks
	.venv/bin/mypy

format:
	.venv/bin/ruff format src tests scripts benchmarks

# Rebuild the Word template and the sample workbooks from their scripts.
template:
	.venv/bin/python scripts/build_docx_template.py

samples:
	.venv/bin/python scripts/make_sample_data.py

# Rewrite the README's table of error and warning codes from src/dean24/codes.py.
codes:
	.venv/bin/python scripts/write_codes_table.py

bench:
	.venv/bin/python benchmarks/run.py
