"""The read floor: import pandas, then read every sheet of every workbook of a folder with
python-calamine. Nothing dean24 does to a folder of workbooks can take less.

Run: python benchmarks/read_floor.py FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas  # noqa: F401  (dean24 report imports it too)
from python_calamine import CalamineWorkbook


def main() -> None:
    cells = 0
    files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix == ".xlsx")
    for path in files:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            cells += sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
        workbook.close()
    print(f"{len(files)} files, {cells} cells")


if __name__ == "__main__":
    main()
