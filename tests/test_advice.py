"""A problem found in a workbook ends with its code's advice from the catalogue (core/codes.py):
the case at hand is said where it is found, what to do about it is written once.

Each case is a real workbook read and checked as `dean24 report` reads and checks it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from dean24.checking.validation import validate
from dean24.core.codes import BY_NAME
from dean24.core.errors import Problem, ValidationFailed
from dean24.programme.config import load_config
from dean24.reading.reader import read_inputs
from tests.conftest import SMALL, districts_for_every_period, make_summary, make_unit_form
from tests.variety import Builder

ONE_UNIT = [(1, 12)] * 7


def _found(inputs: list[Path], config: Path | None = None) -> list[Problem]:
    """Every error and warning of reading and checking the inputs."""
    read = read_inputs(inputs, load_config(config))
    try:
        return list(validate(read, load_config(config)).warnings)
    except ValidationFailed as failed:
        return failed.problems + failed.warnings


def _edit(path: Path, change: Callable[[openpyxl.worksheet.worksheet.Worksheet], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    change(ws)
    wb.save(path)
    return path


def hidden_rows_counted(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx")
    return [_edit(book, lambda ws: setattr(ws.row_dimensions[8], "hidden", True))], None


def sheet_name_other_period(tmp_path: Path) -> tuple[list[Path], Path | None]:
    return [make_summary(tmp_path / "a.xlsx", sheet_title="Quý I năm 2024")], None


def unit_blank(tmp_path: Path) -> tuple[list[Path], Path | None]:
    rows = {**SMALL, "Huyện ủy Bắc Hà": [(None, None)] * 7}
    return [make_summary(tmp_path / "a.xlsx", rows)], None


def period_outside_programme(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", period_line="Kỳ báo cáo: 6 tháng đầu năm 2021")
    return [book], districts_for_every_period(tmp_path / "c.toml")


def file_name_other_unit(tmp_path: Path) -> tuple[list[Path], Path | None]:
    make_unit_form(tmp_path / "Bắc Hà.xlsx", "Huyện ủy Bát Xát", ONE_UNIT)
    return [tmp_path / "Bắc Hà.xlsx"], None


def duplicate_column(tmp_path: Path) -> tuple[list[Path], Path | None]:
    def second_period_column(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.cell(row=5, column=6, value="Trong kỳ")
        for r in range(6, 13):
            ws.cell(row=r, column=6, value=1)

    make_unit_form(tmp_path / "a.xlsx", "Huyện ủy Bát Xát", ONE_UNIT)
    return [_edit(tmp_path / "a.xlsx", second_period_column)], None


def unit_name_missing(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", add_totals=False)
    return [_edit(book, lambda ws: setattr(ws["B8"], "value", None))], None


def value_excel_error(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", add_totals=False)
    return [_edit(book, lambda ws: setattr(ws["C8"], "value", "#DIV/0!"))], None


def formula_no_value(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", add_totals=False)
    return [_edit(book, lambda ws: setattr(ws["C8"], "value", "=1+1"))], None


def value_merged(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", add_totals=False)
    return [_edit(book, lambda ws: ws.merge_cells("C7:C8"))], None


def unit_not_found(tmp_path: Path) -> tuple[list[Path], Path | None]:
    def no_unit(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws["A1"] = "BIỂU KẾT QUẢ"
        ws["A2"] = None

    make_unit_form(tmp_path / "bieu.xlsx", "Huyện ủy Bát Xát", ONE_UNIT)
    return [_edit(tmp_path / "bieu.xlsx", no_unit)], None


def period_conflict(tmp_path: Path) -> tuple[list[Path], Path | None]:
    make_unit_form(tmp_path / "a.xlsx", "Huyện ủy Bát Xát", ONE_UNIT)
    make_unit_form(
        tmp_path / "b.xlsx", "Huyện ủy Bắc Hà", ONE_UNIT, period_line="Kỳ báo cáo: Quý I năm 2024"
    )
    return [tmp_path / "a.xlsx", tmp_path / "b.xlsx"], None


def period_title_mismatch(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx")
    title = "BIỂU TỔNG HỢP KẾT QUẢ QUÝ III NĂM 2024"
    return [_edit(book, lambda ws: setattr(ws["A2"], "value", title))], None


def cumulative_below_period(tmp_path: Path) -> tuple[list[Path], Path | None]:
    rows = {**SMALL, "Huyện ủy Bắc Hà": [(5, 2)] * 7}
    return [make_summary(tmp_path / "a.xlsx", rows, add_totals=False)], None


def _built(corpus: dict[str, Builder], name: str, tmp_path: Path) -> tuple[list[Path], Path | None]:
    """The inputs (and configuration) of a workbook of the corpora."""
    made = corpus[name](tmp_path)
    args = list(made.args)
    config = Path(args[args.index("--config") + 1]) if "--config" in args else None
    return made.inputs, config


def unit_ambiguous(tmp_path: Path) -> tuple[list[Path], Path | None]:
    from tests.corpus_rows import BUILDERS

    return _built(BUILDERS, "r_bare_name_of_two_units_refused", tmp_path)


def indicator_missing(tmp_path: Path) -> tuple[list[Path], Path | None]:
    from tests.corpus_shapes import BUILDERS

    return _built(BUILDERS, "a_group_sheet_missing_refused", tmp_path)


def legacy_font_converted(tmp_path: Path) -> tuple[list[Path], Path | None]:
    from tests.test_legacy import encode_tcvn3

    rows = {encode_tcvn3(name): values for name, values in SMALL.items()}
    return [make_summary(tmp_path / "a.xlsx", rows, add_totals=False)], None


def breakdown_exceeds(tmp_path: Path) -> tuple[list[Path], Path | None]:
    rows = {**SMALL, "Trong đó: nữ": [(99, 999)] * 7}
    return [make_summary(tmp_path / "a.xlsx", rows, add_totals=False)], None


def group_without_units(tmp_path: Path) -> tuple[list[Path], Path | None]:
    rows = {"Cộng khối phường": [(1, 1)] * 7, **SMALL}
    return [make_summary(tmp_path / "a.xlsx", rows, add_totals=False)], None


def year_to_date_inconsistent(tmp_path: Path) -> tuple[list[Path], Path | None]:
    from tests.test_year_to_date import Q3, Q3_ROWS, form

    return [form(tmp_path / "q3.xlsx", Q3, [(5, 3, 60), *Q3_ROWS[1:]])], None


def unit_outside_validity(tmp_path: Path) -> tuple[list[Path], Path | None]:
    rows = {**SMALL, "Xã Cốc San": [(0, 0)] * 7}
    return [make_summary(tmp_path / "a.xlsx", rows, add_totals=False)], None


def period_title_year(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", period_line="Kỳ báo cáo: 6 tháng cuối năm 2024")
    title = "BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 24 NĂM 2024"
    return [_edit(book, lambda ws: setattr(ws["A2"], "value", title))], None


def period_title_mismatch__dates(tmp_path: Path) -> tuple[list[Path], Path | None]:
    line = "Kỳ báo cáo: Quý II năm 2024 (từ ngày 01/01/2024 đến ngày 30/6/2024)"
    return [make_summary(tmp_path / "a.xlsx", period_line=line)], None


def period_missing(tmp_path: Path) -> tuple[list[Path], Path | None]:
    return [make_summary(tmp_path / "a.xlsx", period_line="Biểu kèm theo")], None


def unknown_unit(tmp_path: Path) -> tuple[list[Path], Path | None]:
    rows = {**SMALL, "Huyện ủy Bắc Hả": [(1, 2)] * 7}
    return [make_summary(tmp_path / "a.xlsx", rows, add_totals=False)], None


def unknown_indicator(tmp_path: Path) -> tuple[list[Path], Path | None]:
    book = make_summary(tmp_path / "a.xlsx", add_totals=False)
    return [_edit(book, lambda ws: setattr(ws["C5"], "value", "Chỉ tiêu chưa có"))], None


def _corpus(module: str, name: str) -> Callable[[Path], tuple[list[Path], Path | None]]:
    """A case made by a builder of one of the corpora."""

    def case(tmp_path: Path) -> tuple[list[Path], Path | None]:
        import importlib

        return _built(importlib.import_module(f"tests.{module}").BUILDERS, name, tmp_path)

    return case


# Codes met in more than one place, each place its own case: 'code__place'.
MORE_CASES = {
    "formula_no_value__totals": _corpus("corpus_roles", "totals_of_uncached_formulas"),
    "column_role_unclear": _corpus("corpus_roles", "cumulative_from_a_later_year_refused"),
    "cumulative_ambiguous": _corpus("corpus_roles", "bare_cumulative_in_q3_refused"),
    "column_missing": _corpus("corpus_roles", "only_last_years_period_column_refused"),
    "tables_disagree": _corpus("corpus_shapes", "group_sheet_disagreeing_with_the_summary_refused"),
    "unknown_indicator__row": _corpus("corpus_rows", "r_form_unknown_row_with_figures_refused"),
}

CASES = {
    case.__name__: case
    for case in (
        hidden_rows_counted,
        sheet_name_other_period,
        unit_blank,
        period_outside_programme,
        file_name_other_unit,
        duplicate_column,
        unit_name_missing,
        value_excel_error,
        formula_no_value,
        value_merged,
        unit_not_found,
        period_conflict,
        period_title_mismatch,
        unit_outside_validity,
        legacy_font_converted,
        breakdown_exceeds,
        group_without_units,
        year_to_date_inconsistent,
        cumulative_below_period,
        unit_ambiguous,
        indicator_missing,
        period_title_year,
        period_title_mismatch__dates,
        period_missing,
        unknown_unit,
        unknown_indicator,
    )
} | MORE_CASES


@pytest.mark.parametrize("case", list(CASES))
def test_the_problem_ends_with_its_codes_advice(case: str, tmp_path: Path) -> None:
    inputs, config = CASES[case](tmp_path)
    code = case.split("__")[0]
    found = [p for p in _found(inputs, config) if p.code == code]
    assert found, [str(p) for p in _found(inputs, config)]
    advice = BY_NAME[code].advice
    for problem in found:
        # The case first (more than the advice alone), then the advice, once.
        assert problem.message.endswith(f" {advice}"), problem.message
        assert problem.message.count(advice) == 1, problem.message
        assert len(problem.message) > len(advice) + 20, problem.message


def test_an_advised_problem_ends_with_the_catalogues_advice() -> None:
    advised = Problem("hidden_rows_counted", "Các dòng 8 đang bị ẩn.", advised=True)
    assert advised.message == "Các dòng 8 đang bị ẩn. " + BY_NAME["hidden_rows_counted"].advice
    assert Problem("hidden_rows_counted", "Các dòng 8 đang bị ẩn.").message == (
        "Các dòng 8 đang bị ẩn."
    )
