"""Rewrite the README's table of error and warning codes from src/dean24/core/codes.py.

Usage: python scripts/write_codes_table.py [README.md]
"""

from __future__ import annotations

import sys
from pathlib import Path

from dean24.core.codes import markdown_table

START = "<!-- codes: made by `make codes` from src/dean24/core/codes.py; not edited by hand -->"
END = "<!-- end of codes -->"


def main() -> None:
    readme = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1] / "README.md")
    text = readme.read_text("utf-8")
    if text.count(START) != 1 or text.count(END) != 1:
        sys.exit(f"{readme}: the table's markers are missing or repeated:\n{START}\n{END}")
    before, rest = text.split(START)
    _, after = rest.split(END)
    readme.write_text(f"{before}{START}\n{markdown_table()}{END}{after}", "utf-8")


if __name__ == "__main__":
    main()
