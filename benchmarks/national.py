"""Build a folder of one unit workbook per commune-level unit of Vietnam (3.321 since 7/2025).

Names come from the vietnam-provinces package and are written with their province
("Xã Bát Xát, Tỉnh Lào Cai"), since commune names repeat across provinces. The figures are
made up but deterministic; expected_totals() gives what the report must add up to.

Run: python benchmarks/national.py FOLDER [--count N]   (N units spread over the list)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = 7


def units(count: int | None = None) -> list[str]:
    """'Phường Hoàn Kiếm, Thành phố Hà Nội' for every unit, in the package's order, or for
    `count` of them spread evenly over the list."""
    from vietnam_provinces import Province, Ward

    provinces = {p.code: p.name for p in Province.iter_all()}
    wards = list(Ward.iter_all())
    if count is not None:
        wards = [wards[i * len(wards) // count] for i in range(count)]
    return [f"{w.name}, {provinces[w.province_code]}" for w in wards]


def figures(index: int) -> list[tuple[int, int]]:
    """(in the period, cumulative) of the seven indicators of the index-th unit."""
    return [((index + k) % 5, (index + k) % 5 + (index * (k + 1)) % 11) for k in range(INDICATORS)]


def expected_totals(count: int) -> list[tuple[int, int]]:
    pairs = [figures(i) for i in range(count)]
    return [(sum(p[k][0] for p in pairs), sum(p[k][1] for p in pairs)) for k in range(INDICATORS)]


def build(folder: Path, count: int | None = None) -> tuple[list[str], Path]:
    """Write the workbooks (once: an existing complete folder is kept) and an open-list
    configuration beside it; give the unit names and the configuration's path."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import make_unit_form

    names = units(count)
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "done.json"
    if not (done.exists() and json.loads(done.read_text("utf-8")) == len(names)):
        for index, name in enumerate(names):
            make_unit_form(folder / f"{index:04d}.xlsx", name, figures(index))
        done.write_text(json.dumps(len(names)), "utf-8")
    return names, open_config(folder.parent / f"{folder.name}.toml")


def open_config(path: Path) -> Path:
    """The default configuration without its [[units]]: every name read is a unit."""
    import re

    from dean24.programme.config import default_config_text

    text = re.sub(r"^\[\[units\]\]\n(?:[^\[].*\n|\n)*", "", default_config_text(), flags=re.M)
    path.write_text(text, "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=None)
    args = parser.parse_args()
    names, config = build(args.folder, args.count)
    print(f"{len(names)} workbooks in {args.folder}; configuration {config}")


if __name__ == "__main__":
    main()
