"""Writes the input workbooks and the configuration of the golden cases made of figures (the
sample-data cases read sample_data/ directly). Run `python -m tests.golden_inputs` from the
project's folder after changing the figures here; the cases' expected outputs are then
rewritten with `make golden` and read before they are committed.

Each case is a folder of tests/golden: case.toml (the runs and what to check), the inputs, and
the expected outputs of its last run (tests/test_golden.py)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

from dean24.programme.config import default_config_text
from tests.conftest import CODES, districts_for_every_period, make_summary

GOLDEN = Path(__file__).parent / "golden"
DISTRICTS = ["Thành ủy Lào Cai", "Thị ủy Sa Pa", "Huyện ủy Bát Xát"]

Rows = dict[str, list[tuple[int, int]]]


def figures(
    ket_nap: int = 0, dang: int = 0, cong_doan: int = 0, doan: int = 0, members: int = 0
) -> list[int]:
    """Period figures of party admissions, party, trade-union and youth-union organisations
    and trade-union members; classes and learners follow the admissions."""
    return [ket_nap, dang, cong_doan, members, doan, ket_nap // 10, ket_nap // 4]


class Province:
    """Three district units over successive periods: the first carries the given figures, the
    others report zeros; cumulative figures follow each other."""

    def __init__(self, folder: Path, start: int = 0) -> None:
        self.folder = folder
        self.cumulative = {unit: [start] * len(CODES) for unit in DISTRICTS}

    def book(
        self, name: str, period_line: str, first: list[int], units: list[str] | None = None
    ) -> str:
        rows: Rows = {}
        for i, unit in enumerate(units or DISTRICTS):
            values = first if i == 0 else [0] * len(CODES)
            self.cumulative[unit] = [
                c + v for c, v in zip(self.cumulative[unit], values, strict=True)
            ]
            rows[unit] = list(zip(values, self.cumulative[unit], strict=True))
        make_summary(self.folder / f"{name}.xlsx", rows, period_line=period_line)
        return f"{name}.xlsx"


def _case(name: str) -> Path:
    folder = GOLDEN / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        old.unlink()
    return folder


def _district_config(folder: Path) -> str:
    districts_for_every_period(folder / "huyen.toml")
    return "huyen.toml"


def quarters() -> None:
    for name, last in (("quy_3_2024", 3), ("quy_4_2024", 4)):
        folder = _case(name)
        province = Province(folder)
        _district_config(folder)
        quarter = [
            (
                "q1",
                "quý I",
                figures(10, 1, 2, 1, 100) if last == 4 else figures(ket_nap=10, doan=4),
            ),
            ("q2", "quý II", figures(12, 0, 1, 0, 80) if last == 4 else figures(ket_nap=12)),
            ("q3", "quý III", figures(20, 2, 3, 1, 120) if last == 4 else figures(ket_nap=20)),
            ("q4", "quý IV", figures(10, 1, 2, 0, 90)),
        ][:last]
        for code, label, values in quarter:
            province.book(code, f"Kỳ báo cáo: {label} năm 2024", values)


def final_year() -> None:
    folder = _case("nam_2025")
    province = Province(folder)
    _district_config(folder)
    province.book("y2023", "Kỳ báo cáo: năm 2023", figures(60, 4, 10, 3, 800))
    province.book("y2024", "Kỳ báo cáo: năm 2024", figures(47, 5, 10, 4, 900))
    province.book("y2025", "Kỳ báo cáo: năm 2025", figures(58, 5, 8, 2, 700))


def carried_forward() -> None:
    folder = _case("chuyen_ky_h2_2024")
    province = Province(folder, start=5)
    _district_config(folder)
    province.book("h1", "Kỳ báo cáo: 6 tháng đầu năm 2024", figures(30, 2, 3, 2, 400))
    province.book(
        "h2", "Kỳ báo cáo: 6 tháng cuối năm 2024", figures(20, 1, 2, 1, 300), DISTRICTS[:2]
    )


def _configured(after: bool) -> list[str]:
    """The shipped configuration's units: district-level ones (until 6/2025), or commune-level."""
    units = tomllib.loads(default_config_text())["units"]
    return [u["name"] for u in units if ("from" in u) == after]


def commune_rows(names: Sequence[str]) -> Rows:
    """Figures for communes that vary as a province's would: some admit, most do not set up
    a party organisation, a few set up a youth union."""
    rows: Rows = {}
    for k, name in enumerate(names):
        period = [
            1 if k % 3 == 0 else 0,  # party members admitted
            1 if k % 10 == 0 else 0,  # party organisations
            1 if k % 7 == 0 else 0,  # trade unions
            (k % 5) * 3,  # trade-union members
            1 if k % 30 == 0 else 0,  # youth unions
            1 if k % 4 == 0 else 0,  # classes
            3 if k % 4 == 0 else 0,  # learners
        ]
        earlier = [k % 4, k % 2, k % 3, 20 + k, k % 2, 1, 4]
        rows[name] = [(p, p + e) for p, e in zip(period, earlier, strict=True)]
    return rows


def commune_h2_2025() -> None:
    folder = _case("xa_h2_2025")
    communes = _configured(after=True)
    make_summary(
        folder / "xa.xlsx",
        commune_rows(communes[:70]),
        period_line="Kỳ báo cáo: 6 tháng cuối năm 2025",
    )


def commune_h2_2025_few() -> None:
    """20 of 99 communes report the phase's last period, with no history: their cumulative
    figures fall short of the targets, which the others' unknown figures may well make up."""
    folder = _case("xa_h2_2025_thieu")
    communes = _configured(after=True)
    make_summary(
        folder / "xa.xlsx",
        commune_rows(communes[:20]),
        period_line="Kỳ báo cáo: 6 tháng cuối năm 2025",
    )


def after_the_phase() -> None:
    """The shipped configuration over the change of units: the districts' H1 2025, the
    communes' H2 2025 that closes the phase, then the communes' H1 2026 (60 of 99 report)."""
    folder = _case("sau_giai_doan_2026")
    districts = _configured(after=False)
    communes = _configured(after=True)
    # H1 2025: the ten district-level units; cumulative since the programme began.
    h1: Rows = {}
    for k, name in enumerate(districts):
        period = [3, 1 if k < 2 else 0, 1 if k < 3 else 0, 40, 1 if k == 0 else 0, 1, 3]
        before = [10, 1, 2, 150, 2, 2, 6]
        h1[name] = [(p, p + b) for p, b in zip(period, before, strict=True)]
    make_summary(folder / "h1_2025.xlsx", h1, period_line="Kỳ báo cáo: 6 tháng đầu năm 2025")
    # H2 2025: the communes; their cumulative figures before the period add up to the districts'
    # at the end of H1 2025 (130, 12, 23, 1.900, 21, 30 and 90).
    h2: Rows = {}
    for k, name in enumerate(communes):
        period = [
            1 if k % 3 == 0 else 0,  # 33 admitted: with H1's 30, the year's 58 is exceeded
            1 if k % 50 == 0 else 0,  # 2 party organisations: 14 in all, short of 15
            1 if k % 20 == 0 else 0,  # 5 trade unions: 28 in all, within 25 - 30
            (k % 5) * 3,  # 588 trade-union members: 2.488 in all, short of 2.500
            1 if k % 50 == 0 else 0,  # 2 youth unions: with H1's 1, the year's 3 met
            1 if k % 4 == 0 else 0,
            3 if k % 4 == 0 else 0,
        ]
        before = [
            2 if k < 65 else 0,
            1 if k < 12 else 0,
            1 if k < 23 else 0,
            20 if k < 19 else 19,
            1 if k < 21 else 0,
            1 if k < 30 else 0,
            3 if k < 30 else 0,
        ]
        h2[name] = [(p, p + b) for p, b in zip(period, before, strict=True)]
    make_summary(folder / "h2_2025.xlsx", h2, period_line="Kỳ báo cáo: 6 tháng cuối năm 2025")
    # H1 2026: 60 communes report; the others' cumulative figures are carried from H2 2025.
    h1_2026: Rows = {}
    for k, name in enumerate(communes[:60]):
        period = [
            1 if k % 4 == 0 else 0,
            1 if k % 25 == 0 else 0,
            1 if k % 30 == 0 else 0,
            (k % 3) * 5,
            0,
            1 if k % 5 == 0 else 0,
            2 if k % 5 == 0 else 0,
        ]
        h1_2026[name] = [(p, p + c) for p, (_, c) in zip(period, h2[name], strict=True)]
    make_summary(folder / "h1_2026.xlsx", h1_2026, period_line="Kỳ báo cáo: 6 tháng đầu năm 2026")


def main() -> None:
    quarters()
    final_year()
    carried_forward()
    commune_h2_2025()
    commune_h2_2025_few()
    after_the_phase()


if __name__ == "__main__":
    main()
