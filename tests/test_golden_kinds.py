"""What the golden reports say beyond their text being equal (tests/test_golden.py runs them):
a long list of units is a count, and a leader is named only where there is a real lead."""

from __future__ import annotations

import tomllib
from pathlib import Path

from dean24.programme.config import default_config_text
from tests.test_horizons import section

GOLDEN = Path(__file__).parent / "golden"


def test_a_commune_level_report_counts_the_units_rather_than_naming_forty() -> None:
    names = [u["name"] for u in tomllib.loads(default_config_text())["units"] if "from" in u]
    for case in ("xa_h2_2025", "sau_giai_doan_2026"):
        text = (GOLDEN / case / "expected.md").read_text("utf-8")
        shortcomings = section(text, "### 2. Hạn chế")
        assert "chi tiết tại Phụ lục, Bảng 3" in shortcomings, case
        named = [n for n in names if n.split(" ", 1)[1] in shortcomings]
        assert len(named) <= 5, (case, named)  # counts, not forty names
        # The appendix names them: Bảng 3 lists the units the text counts.
        assert "**Bảng 3. Danh sách đảng bộ xã, phường chưa có kết quả" in text, case


def test_a_leader_is_named_only_where_there_is_a_real_lead() -> None:
    from dean24.core.model import UnitResult
    from dean24.words.facts import UnitName, _leaders

    def units(*values: int) -> list[tuple[UnitResult, int]]:
        return [(UnitResult(f"U{i}", True, {"x": (v, v)}), v) for i, v in enumerate(values)]

    names = {f"U{i}": UnitName(f"U{i}", "", f"U{i}") for i in range(5)}
    assert _leaders("x", units(1, 0, 0), names) == []  # one unit holds the whole count
    assert _leaders("x", units(2, 2, 1), names) == []  # level with another
    assert _leaders("x", units(0, 0, 0), names) == []
    assert _leaders("x", units(8, 7, 1), names) == []  # one more than the next
    assert _leaders("x", units(3, 1, 0), names) == []  # most of the province's count
    assert _leaders("x", units(11, 9, 3, 1), names) == []  # 2 more, less than a quarter more
    (leader,) = _leaders("x", units(5, 3, 2, 1), names)
    assert leader.unit.name == "U0" and leader.value == 5
