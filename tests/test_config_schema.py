"""The configuration is checked against its declared shape: every mistake at once, with line."""

from __future__ import annotations

import copy
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dean24.commands.cli import app
from dean24.core.errors import ConfigError
from dean24.programme.config import Config, default_config_text, load_config
from dean24.programme.configkeys import ConfigInvalid, key_lines, read_tables
from tests.conftest import make_summary


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _broken(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, str]:
    text = default_config_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    return path, text


def test_a_misspelt_key_and_a_wrong_type_are_both_named_with_their_lines(
    runner: CliRunner, tmp_path: Path
) -> None:
    config, text = _broken(
        tmp_path, ("margin_left_mm = 30", "margn_left_mm = 45"), ("min = 25\n", 'min = "25"\n')
    )
    out = tmp_path / "r.md"
    result = runner.invoke(
        app,
        ["report", str(make_summary(tmp_path / "a.xlsx")), "--config", str(config), "-o", str(out)],
    )
    assert result.exit_code == 2
    err = result.stderr
    assert "có 2 lỗi trong tệp cấu hình" in err
    assert (
        f"[config_unknown_key] tệp {config}: dòng {_line(text, 'margn_left_mm')}, khóa "
        "document.format.margn_left_mm: khóa này không có trong cấu hình "
        '(có phải "margin_left_mm"?).'
    ) in err
    min_line = _line(text, 'min = "25"')
    assert f"dòng {min_line}, khóa indicators[3].target.min: cần một số nguyên." in err
    assert not out.exists()


def test_missing_keys_ranges_and_min_above_max(tmp_path: Path) -> None:
    config, _ = _broken(
        tmp_path,
        ('place = "Lào Cai"\n', ""),
        ("\nbody_pt = 14", "\nbody_pt = 200"),
        ("max = 30", "max = 20"),
        ('\nkind = "programme"', '\nkind = "programe"'),
    )
    with pytest.raises(ConfigInvalid) as caught:
        load_config(config)
    messages = [p.message for p in caught.value.problems]
    assert caught.value.exit_code == 2
    assert any("khóa document.place: thiếu khóa bắt buộc này." in m for m in messages)
    assert any("khóa document.format.body_pt: cần một số không lớn hơn 72." in m for m in messages)
    assert any(
        m.endswith(
            'khóa indicators[2].target.kind: cần "programme", "annual_count" hoặc "annual_percent".'
        )
        for m in messages
    )
    assert any("target.max: 20 nhỏ hơn min = 25." in m for m in messages), messages
    assert [p.code for p in caught.value.problems].count("config_missing_key") == 1


def test_a_huge_integer_is_refused_plainly(runner: CliRunner, tmp_path: Path) -> None:
    config, _ = _broken(tmp_path, ("max_value = 100000", "max_value = 1" + "0" * 400))
    result = runner.invoke(app, ["config", "show", "--config", str(config)])
    assert result.exit_code == 2
    assert "khóa programme.max_value: cần một số không lớn hơn 10.000.000." in result.stderr
    assert "internal_error" not in result.stderr


@pytest.mark.parametrize(
    ("subject", "why"),
    [
        (
            "{period:>300000000}",
            "chỗ thay {period:>300000000} không được kèm định dạng; viết {period}",
        ),
        ("{period!r}", "chỗ thay {period!r} không được kèm định dạng"),
        ("{period.__class__}", "chỗ thay {period.__class__} không có"),
        ("{0}", "chỗ thay {0} không có"),
        ("{period", "dấu { hoặc } không khớp"),
    ],
)
def test_format_strings_take_only_their_named_fields(
    tmp_path: Path, subject: str, why: str
) -> None:
    config, _ = _broken(tmp_path, ('subject = "kết quả {period}', f'subject = "kết quả {subject}'))
    started = time.process_time()  # CPU time: a busy machine stretches only the clock
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert time.process_time() - started < 5
    assert why in str(caught.value)


def test_the_default_configuration_passes() -> None:
    assert len(load_config().units) == 109 and load_config().indicators


def test_key_lines_follow_tables_and_arrays_of_tables() -> None:
    text = (
        "[programme]\nname = 'x'\nrelated = [\n  'a = b',\n]\n\n[[units]]\nname = 'A'\n"
        "[[units]]\nname = 'B'\n[[indicators]]\ncode = 'k'\n[indicators.target]\nmin = 1\n"
        'text = """\nfake = 1\n"""\n'
    )
    lines = key_lines(text)
    assert lines[("programme", "related")] == 3
    assert lines[("units", 0, "name")] == 8 and lines[("units", 1, "name")] == 10
    assert lines[("indicators", 0, "target", "min")] == 14
    assert ("indicators", 0, "target", "fake") not in lines
    assert ("programme", "a") not in lines


# Each key is declared once: what used to pass one check and fail the next (without a line)
# is now one problem, with its key and line.
@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        (
            "page_width_mm = 210",
            "page_width_mm = 1500",
            "config_invalid",
            "khóa document.format.page_width_mm: cần một số không lớn hơn 558,8.",
        ),
        (
            "margin_left_mm = 30",
            "margin_left_mm = 190",
            "config_invalid",
            "khóa document.format.margin_left_mm: lề trái và lề phải để lại quá ít chỗ cho chữ "
            "(cần ít nhất 50 mm).",
        ),
        (
            'name = "Xã Bát Xát"\nshort = "xã Bát Xát"\naliases = ["Bát Xát"]',
            'name = "Xã Bát Xát"\nshort = "xã Bát Xát"\naliases = ["Bát Xát", "Xã Y Tý"]',
            "config_ambiguous_unit",
            'khóa units[71].aliases: tên "Xã Y Tý" của đơn vị "Xã Bát Xát" trùng với đơn vị '
            '"Xã Y Tý".',
        ),
        (
            'indicators = ["cong_doan", "doan_vien_cong_doan", "to_chuc_doan"]',
            'indicators = ["cong_doan", "doan_vien_cong_doan", "to_chuc_doan", "hoc_vien"]',
            "config_invalid",
            'khóa groups[2].indicators: mã "hoc_vien" đã thuộc nhóm khác.',
        ),
        (
            'part_of = "lop_boi_duong"',
            'part_of = "lop_boi_duong_x"',
            "config_invalid",
            'khóa indicators[7].part_of: không có chỉ tiêu mã "lop_boi_duong_x".',
        ),
        (
            "\nmin_peers = 5",
            "\nmin_peers = 5.5",
            "config_invalid",
            "khóa plausibility.min_peers: cần một số nguyên.",
        ),
    ],
)
def test_a_value_is_checked_once_with_its_line(
    runner: CliRunner, tmp_path: Path, old: str, new: str, code: str, message: str
) -> None:
    text = default_config_text()
    if "min_peers" in old:  # the shipped file has the table as a comment
        text += "\n[plausibility]\nmin_peers = 5\n"
    assert old in text, old
    text = text.replace(old, new, 1)
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["config", "show", "--config", str(path)])
    assert result.exit_code == 2
    changed = new.strip().splitlines()[-1 if "aliases" in new else 0]
    line = _line(text, changed)
    assert result.stderr.strip() == f"Lỗi [{code}] tệp {path}: dòng {line}, {message}", (
        result.stderr
    )


def test_a_rule_naming_no_indicator_is_refused_with_its_line(tmp_path: Path) -> None:
    text = default_config_text() + (
        '\n[[rules]]\nleft = "hoc_vien"\noperator = "<="\nright = "khong_co"\n'
        'instruction = "Sửa lại."\nwhen = "lop_boi_duong"\n'
    )
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    assert [p.message for p in caught.value.problems] == [
        f"dòng {_line(text, 'khong_co')}, khóa rules[1].right: cần mã một chỉ tiêu hoặc một số "
        "nguyên."
    ]


def test_two_eras_begun_the_same_day_are_refused_with_the_line(tmp_path: Path) -> None:
    """Which era's words a period gets would depend on their order in the file."""
    text = default_config_text() + '\n[[eras]]\nfrom = 2025-07-01\nunits_noun = "xã"\n'
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    line = len(text.splitlines()) - 1
    assert [p.message for p in caught.value.problems] == [
        f"dòng {line}, khóa eras[2].from: eras[1] cũng bắt đầu ngày 1/7/2025; mỗi ngày một mục "
        "[[eras]]."
    ]


def test_an_indicator_code_used_twice_is_named_with_its_line(tmp_path: Path) -> None:
    text = (
        default_config_text() + '\n[[indicators]]\ncode = "hoc_vien"\nlabel = "Số học viên khác"\n'
    )
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    line = len(text.splitlines()) - 1
    assert [p.message for p in caught.value.problems] == [
        f'dòng {line}, khóa indicators[8].code: mã "hoc_vien" trùng với indicators[7].'
    ]


def test_every_mistake_of_a_file_is_named_together(tmp_path: Path) -> None:
    """A misspelt key, a name two units share and a target ending outside the programme:
    three problems of one file, each with its line, in one run."""
    config, text = _broken(
        tmp_path,
        ("margin_left_mm = 30", "margn_left_mm = 30"),
        (
            'aliases = ["Bát Xát"]\nfrom = 2025-07-01',
            'aliases = ["Bát Xát", "Y Tý"]\nfrom = 2025-07-01',
        ),
        ("max = 30\n", "max = 30\nuntil = 2030-12-31\n"),
    )
    with pytest.raises(ConfigInvalid) as caught:
        load_config(config)
    found = {p.code: p.message for p in caught.value.problems}
    assert set(found) == {"config_unknown_key", "config_ambiguous_unit", "config_date_outside"}
    assert found["config_unknown_key"].startswith(f"dòng {_line(text, 'margn_left_mm')}, ")
    alias_line = _line(text, '"Bát Xát", "Y Tý"')
    assert found["config_ambiguous_unit"].startswith(f"dòng {alias_line}, ")
    assert found["config_date_outside"].startswith(f"dòng {_line(text, 'until = 2030')}, ")


def test_the_keys_command_lists_every_declared_key(runner: CliRunner) -> None:
    result = runner.invoke(app, ["config", "keys"])
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    keys = {row.split("`")[1] for row in rows}
    # Every key the shipped configuration writes is documented, with its range and default.
    shipped = tomllib.loads(default_config_text())
    for table in ("programme", "document"):
        assert {f"{table}.{k}" for k in shipped[table]} <= keys
    assert {f"units[].{k}" for unit in shipped["units"] for k in unit} <= keys
    assert "| `document.format.body_pt` | số, 4 - 72 | 14 | Cỡ chữ (pt) nội dung. |" in rows
    assert any(r.startswith('| `indicators[].target.kind` | "programme"') for r in rows)


_VALUES = st.one_of(
    st.text(max_size=8),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.sampled_from(["name", "kind", "x"]), st.integers(), max_size=2),
    st.lists(st.dictionaries(st.sampled_from(["name", "min"]), st.text(max_size=3)), max_size=2),
)


def _leaves(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [path] + [leaf for k, v in data.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return [path] + [leaf for i, v in enumerate(data[:3]) for leaf in _leaves(v, (*path, i))]
    return [path]


_SHIPPED = default_config_text()
_SHIPPED_DATA = tomllib.loads(_SHIPPED)
_PATHS = [p for p in _leaves(_SHIPPED_DATA) if p]


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(_PATHS), value=_VALUES)
def test_any_value_at_any_key_is_a_configuration_or_named_mistakes(
    path: tuple[str | int, ...], value: Any
) -> None:
    """Whatever value a key holds, reading gives a configuration or configuration errors
    that each name a key (and, for a key the text has, its line): never another failure."""
    data = copy.deepcopy(_SHIPPED_DATA)  # as parsed from the text, fresh for each example
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    try:
        config = read_tables(Config, data, _SHIPPED, "c.toml")
    except ConfigError as error:
        assert error.exit_code == 2
        for problem in error.problems:
            assert problem.code.startswith("config_"), problem
            assert "khóa " in problem.message and problem.message.endswith("."), problem
            assert problem.message.startswith("dòng "), problem
    else:
        assert isinstance(config, Config) and config.indicators
