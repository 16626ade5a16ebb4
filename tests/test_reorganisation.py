"""Units reorganised between periods: the districts before 7/2025, the communes after."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.periods import parse_code
from dean24.judging.reorganisation import same_units, units_changed
from tests.conftest import CODES, SMALL, make_summary, make_unit_form

DISTRICTS = [f"Huyện {n}" for n in "ABCDEFGHIJ"]
COMMUNES = [f"Xã {n}" for n in range(90)] + [f"Phường {n}" for n in range(9)]


def test_a_few_units_missing_is_not_a_change_of_units() -> None:
    assert same_units(DISTRICTS[:7], DISTRICTS)
    assert same_units(DISTRICTS, DISTRICTS[:5])
    assert not same_units(DISTRICTS, DISTRICTS[:4])
    assert not same_units(DISTRICTS, COMMUNES)
    assert same_units([], COMMUNES)


def test_the_note_dates_the_change_and_names_the_new_units() -> None:
    """The note names the last period with other units and how many sent a report for it (9
    of 10 districts sent, the store holds 9): never '9 đơn vị' as if there were 9, never the
    first day of a year the districts still reported in."""
    h1, h2, next_h1 = (parse_code(c) for c in ("2025-H1", "2025-H2", "2026-H1"))
    stored = [(h1, DISTRICTS[:9]), (h2, COMMUNES)]
    note = units_changed(next_h1, COMMUNES, stored)
    assert note is not None and note.code == "units_changed"
    assert note.message.startswith(
        "Sau 6 tháng đầu năm 2025, các đơn vị báo cáo là các xã, phường (99 đơn vị; 6 tháng đầu "
        "năm 2025 có 9 đơn vị gửi báo cáo)"
    )
    first = units_changed(h2, [*COMMUNES, "Đảng ủy Khối"], [(h1, DISTRICTS)])
    assert first is not None
    assert "Sau 6 tháng đầu năm 2025, các đơn vị báo cáo là các xã, phường và 1 đơn vị khác" in (
        first.message
    )
    # The year 2025 as one period: the change is after its first half, not on 1/1/2025.
    year = units_changed(parse_code("2025"), COMMUNES, [(h1, DISTRICTS)])
    assert year is not None and year.message.startswith("Sau 6 tháng đầu năm 2025, ")
    assert "01/1/2025" not in year.message
    assert units_changed(h2, DISTRICTS, [(h1, DISTRICTS[:8])]) is None
    assert units_changed(h2, COMMUNES, []) is None


KHOI = "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"


def test_a_store_across_the_change_compares_nothing_while_new_units_are_silent(
    runner: CliRunner, in_tmp: Path
) -> None:
    # 2025-H1: three districts and the Khối, with the default configuration.
    h1_rows = {**SMALL, "Đảng ủy Khối CQ-DN tỉnh": [(1, 20)] * 7}
    h1 = make_summary(in_tmp / "h1.xlsx", h1_rows, period_line="Kỳ báo cáo: 6 tháng đầu năm 2025")
    first = runner.invoke(app, ["report", str(h1), "--store", "h.sqlite", "-o", "h1.json"])
    assert first.exit_code == 0, first.output
    # 2025-H2: the communes, and the Khối that reports on both sides of the change.
    assert runner.invoke(app, ["config", "init", "lc.toml", "--province", "Lào Cai"]).exit_code == 0
    with (in_tmp / "lc.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[[units]]\nname = "{KHOI}"\nshort = "Khối"\naliases = ["Khối CQ-DN"]\n')
    inbox = in_tmp / "xa"
    inbox.mkdir()
    period_line = "Kỳ báo cáo: 6 tháng cuối năm 2025"
    h2 = {
        "Đảng ủy xã Bát Xát": [(1, 5)] * 7,  # far below Bát Xát district's cumulative: no matter
        "Phường Sa Pa": [(2, 9)] * 7,
        "Khối CQ-DN": [(1, 21)] * 6 + [(1, 25)],  # the last does not follow from 20 + 1
    }
    for i, (name, values) in enumerate(h2.items()):
        make_unit_form(inbox / f"{i}.xlsx", name, values, period_line=period_line)
    result = runner.invoke(
        app, ["report", "xa", "--config", "lc.toml", "--store", "h.sqlite", "-o", "h2.json"]
    )
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "h2.json").read_text("utf-8"))
    codes = [w["code"] for w in model["warnings"]]
    assert codes.count("units_changed") == 1
    (note,) = [w for w in model["warnings"] if w["code"] == "units_changed"]
    assert "Sau 6 tháng đầu năm 2025, các đơn vị báo cáo là các xã, phường" in note["message"]
    # Only the Khối, present on both sides, is checked against its previous report.
    breaks = [w for w in model["warnings"] if w["code"] == "continuity_break"]
    assert len(breaks) == 1 and KHOI in breaks[0]["message"]
    assert "carried_forward" not in codes
    # Province totals: this period's units only; the comparison is with H1's province total.
    h1_model = json.loads((in_tmp / "h1.json").read_text("utf-8"))
    for i, code in enumerate(CODES):
        indicator = next(r for r in model["indicators"] if r["code"] == code)
        assert indicator["period_value"] == sum(v[i][0] for v in h2.values())
        assert indicator["cumulative_value"] == sum(v[i][1] for v in h2.values())
        assert next(r for r in h1_model["indicators"] if r["code"] == code)
        # Three of the new units against every old one is no comparison: none is made.
        assert "previous" not in indicator
    names = {u["name"] for u in model["units"]}
    assert not any(n.startswith(("Huyện", "Thành phố", "Thị xã")) for n in names)
    markdown = runner.invoke(
        app, ["report", "xa", "--config", "lc.toml", "--store", "h.sqlite", "-o", "-"]
    )
    # The text says a change of units from the configuration's dates (this one has none, see
    # test_the_text_says_the_change_once); the store's finding stays a warning.
    assert "các đơn vị báo cáo là" not in markdown.stdout
    assert (
        "Do còn 97/100 đảng bộ xã, phường chưa gửi báo cáo 6 tháng cuối năm 2025, số liệu kỳ này "
        "chưa so sánh được với 6 tháng đầu năm 2025 (số liệu của các đơn vị trước khi sắp xếp)."
    ) in markdown.stdout
    assert "so với 6 tháng đầu năm 2025" not in markdown.stdout
    # check, for an office, says the same about continuity.
    checked = runner.invoke(
        app, ["check", str(inbox / "0.xlsx"), "--config", "lc.toml", "--store", "h.sqlite"]
    )
    assert checked.exit_code == 0 and "continuity_break" not in checked.stdout


def test_the_text_says_the_change_once(runner: CliRunner, in_tmp: Path) -> None:
    """The shipped configuration's communes from 1/7/2025: the first report after the change
    says it in section II with the units of both sides; a later one does not."""
    from dean24.programme.config import load_config

    communes = [u.name for u in load_config().units if u.valid_from is not None]
    rows = {name: [(1, 3)] * 7 for name in communes[:5]}
    h2 = make_summary(in_tmp / "h2.xlsx", rows, period_line="Kỳ báo cáo: 6 tháng cuối năm 2025")
    later = make_summary(
        in_tmp / "h1.xlsx",
        {name: [(1, 4)] * 7 for name in communes[:5]},
        period_line="Kỳ báo cáo: 6 tháng đầu năm 2026",
    )
    said = runner.invoke(app, ["report", str(h2), "--date", "2026-01-10", "-o", "-"])
    assert said.exit_code == 0, said.output
    sentence = (
        f"Từ ngày 1/7/2025, các đơn vị báo cáo là {len(communes)} đảng bộ xã, phường (trước đó "
        "là 10 đơn vị)"
    )
    assert said.stdout.count(sentence) == 1
    section = said.stdout.split("## II.")[1].split("##")[0]
    assert sentence in section
    after = runner.invoke(app, ["report", str(later), "--date", "2026-07-10", "-o", "-"])
    assert after.exit_code == 0, after.output
    assert "các đơn vị báo cáo là" not in after.stdout


def test_recipients_follow_the_date_of_issue(runner: CliRunner, in_tmp: Path) -> None:
    """A report on the districts' last half year, issued after 1/7/2025, goes to the
    committees that exist when it is issued, not to the abolished district committees."""
    h1 = make_summary(in_tmp / "h1.xlsx", SMALL, period_line="Kỳ báo cáo: 6 tháng đầu năm 2025")
    before = runner.invoke(app, ["report", str(h1), "--date", "2025-06-30", "-o", "-"])
    after = runner.invoke(app, ["report", str(h1), "--date", "2025-07-08", "-o", "-"])
    assert before.exit_code == 0 and after.exit_code == 0, after.output
    assert "Các huyện ủy, thị ủy, thành ủy" in before.stdout
    assert "Các huyện ủy, thị ủy, thành ủy" not in after.stdout
    assert "Các đảng ủy xã, phường," in after.stdout
    # The text still speaks of the units that reported: districts.
    assert "đảng bộ xã, phường" not in after.stdout.split("Nơi nhận")[0]


def test_a_year_reported_by_communes_calls_them_communes(runner: CliRunner, in_tmp: Path) -> None:
    """The year 2025 began with districts; a year report sent by the communes speaks of
    communes, and is sent to them."""
    from dean24.programme.config import load_config

    communes = [u.name for u in load_config().units if u.valid_from is not None]
    rows = {name: [(1, 3)] * 7 for name in communes}
    year = make_summary(in_tmp / "y.xlsx", rows, period_line="Kỳ báo cáo: năm 2025")
    result = runner.invoke(app, ["report", str(year), "--date", "2026-01-15", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "Kết quả của từng đảng bộ xã, phường năm 2025" in result.stdout
    assert "Các huyện ủy, thị ủy, thành ủy" not in result.stdout
    assert "Các đảng ủy xã, phường," in result.stdout


def test_a_year_reported_by_communes_adds_the_districts_first_half(
    runner: CliRunner, in_tmp: Path
) -> None:
    """The communes began on 1/7/2025: their year 2025 runs from then, and the store's first
    half of the districts before them makes the year's first months (7 admissions + 99)."""
    from dean24.programme.config import load_config

    h1_rows = {**SMALL, "Đảng ủy Khối CQ-DN tỉnh": [(1, 20)] * 7}
    h1 = make_summary(in_tmp / "h1.xlsx", h1_rows, period_line="Kỳ báo cáo: 6 tháng đầu năm 2025")
    assert (
        runner.invoke(app, ["report", str(h1), "--store", "h.sqlite", "-o", "h1.json"]).exit_code
        == 0
    )
    communes = [u.name for u in load_config().units if u.valid_from is not None]
    rows = {name: [(1, 3)] * 7 for name in communes}
    year = make_summary(in_tmp / "y.xlsx", rows, period_line="Kỳ báo cáo: năm 2025")
    args = ["report", str(year), "--store", "h.sqlite", "--date", "2026-01-15"]
    result = runner.invoke(app, [*args, "-o", "y.json", "-o", "y.md"])
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "y.json").read_text("utf-8"))
    admitted = next(r for r in model["indicators"] if r["code"] == "ket_nap_dang_vien")
    first_half = sum(v[0][0] for v in h1_rows.values())
    assert admitted["year_to_date"]["value"] == len(communes) + first_half
    assert admitted["year_to_date"]["periods"] == ["2025-H1", "2025"]
    assert "year_below_stored" not in {w["code"] for w in model["warnings"]}
    text = (in_tmp / "y.md").read_text("utf-8")
    assert "Số liệu năm 2025 của các đảng bộ xã, phường tính từ ngày 1/7/2025" in text
    # the communes' own figures are their half year's, never the year's
    results = text.split("## III.")[0]
    assert "Trong 6 tháng cuối năm 2025, toàn tỉnh" in results
    assert "Trong năm 2025, toàn tỉnh" not in results


def test_new_units_are_compared_with_old_ones_only_when_none_is_silent() -> None:
    """Two communes against the districts' H1 2025, one of which was carried: compared, with
    the carried district said; a third commune silent: no comparison with the districts."""
    from dean24.core.model import Coverage, Past, PastPeriod
    from dean24.judging.comparisons import compare

    h1 = parse_code("2025-H1")
    stored = PastPeriod(h1, {"a": (5, 50)}, {"Huyện A": {"a": (5, 50)}}, ("Huyện B",))
    reported = {"Xã X": {"a": (1, 3)}, "Xã Y": {"a": (2, 4)}}
    whole = compare(parse_code("2025-H2"), [], reported, ["Xã X", "Xã Y"], Past([stored]))
    assert whole.withheld == []
    assert whole.short_then == [Coverage(h1, ("Huyện B",), 1, 2)]
    units = ["Xã X", "Xã Y", "Xã Z"]
    silent = compare(parse_code("2025-H2"), [], reported, units, Past([stored]))
    assert silent.withheld == [h1] and silent.short_then == []


def test_a_quarter_after_a_half_year_continues_each_units_cumulative(
    runner: CliRunner, in_tmp: Path
) -> None:
    """Q1 2025 after H2 2024: the report just before is a half year, not the quarter before,
    and each unit's cumulative must still follow from it (Sa Pa's 14 and 1 make 15, not 20;
    a cumulative that falls, to 7, is an error)."""
    h2 = make_summary(in_tmp / "h2.xlsx", SMALL, period_line="Kỳ báo cáo: 6 tháng cuối năm 2024")
    first = runner.invoke(app, ["report", str(h2), "--store", "h.sqlite", "-o", "h2.json"])
    assert first.exit_code == 0, first.output
    q1_rows = {name: [(0, c) for _, c in values] for name, values in SMALL.items()}
    q1_rows["Thị ủy Sa Pa"] = [(1, 7), *q1_rows["Thị ủy Sa Pa"][1:]]
    q1 = make_summary(in_tmp / "q1.xlsx", q1_rows, period_line="Kỳ báo cáo: quý I năm 2025")
    result = runner.invoke(app, ["report", str(q1), "--store", "h.sqlite", "-o", "q1.json"])
    assert result.exit_code == 1, result.output
    assert "cumulative_below_previous" in result.output
    assert (
        "Số lũy kế kỳ này (7) nhỏ hơn số lũy kế đơn vị đã báo cáo 6 tháng cuối năm 2024 (14)"
        in (result.output)
    )
    q1_rows["Thị ủy Sa Pa"] = [(1, 20), *q1_rows["Thị ủy Sa Pa"][1:]]
    q1 = make_summary(in_tmp / "q1.xlsx", q1_rows, period_line="Kỳ báo cáo: quý I năm 2025")
    result = runner.invoke(app, ["report", str(q1), "--store", "h.sqlite", "-o", "q1.json"])
    assert result.exit_code == 0, result.output
    model = json.loads((in_tmp / "q1.json").read_text("utf-8"))
    breaks = [w for w in model["warnings"] if w["code"] == "continuity_break"]
    assert len(breaks) == 1
    message = breaks[0]["message"]
    assert "Thị xã Sa Pa" in message and "6 tháng cuối năm 2024" in message
    assert "là 14, cộng số trong kỳ 1 được 15, nhưng biểu ghi lũy kế 20" in message


def test_the_change_is_said_only_where_a_report_sets_periods_of_other_units_beside_it() -> None:
    """A quarter of 2026 whose trend reaches back to 2025's last quarter only (the third was
    never reported) sets no district's period beside it: no word of the change; the first half
    of 2026 draws 2025's first half of districts in its trend."""
    from dean24.core.model import Past, PastPeriod
    from dean24.judging.comparisons import compare

    def stored(code: str, units: list[str]) -> PastPeriod:
        return PastPeriod(parse_code(code), {}, {u: {} for u in units})

    reported: dict[str, dict[str, tuple[int, int]]] = {u: {} for u in COMMUNES}
    past = Past(periods=[stored("2025-H1", DISTRICTS), stored("2025-Q4", COMMUNES)])
    quarter = compare(parse_code("2026-Q1"), [], reported, COMMUNES, past)
    assert not quarter.notices
    assert [p.period.code for p in quarter.trend] == ["2025-Q4", "2026-Q1"]
    past = Past(periods=[stored("2025-H1", DISTRICTS), stored("2025-H2", COMMUNES)])
    half = compare(parse_code("2026-H1"), [], reported, COMMUNES, past)
    assert [n.code for n in half.notices] == ["units_changed"]


def test_the_trend_is_a_chain_of_periods_that_follow_one_another() -> None:
    """Quarters of 2026 after halves of 2025 and quarters of 2024 of which the second was
    reported as a half year: the trend runs without a hole (each period's figures add to the
    cumulative of the next), taking a half year where no quarter was reported."""
    from dean24.core.model import Past, PastPeriod
    from dean24.judging.comparisons import compare

    codes = ["2024-Q1", "2024-H1", "2024-Q3", "2024-Q4", "2025-H1", "2025-H2", "2026-Q1", "2026-Q2"]
    past = Past(periods=[PastPeriod(parse_code(c), {}, {}) for c in codes])
    trend = compare(parse_code("2026-Q3"), [], {}, [], past).trend
    assert [p.period.code for p in trend] == [
        "2024-H1",
        "2024-Q3",
        "2024-Q4",
        "2025-H1",
        "2025-H2",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    ]
