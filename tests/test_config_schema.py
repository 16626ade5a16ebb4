"""The configuration is checked against its declared shape: every mistake at once, with line."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean24.cli import app
from dean24.config import default_config_text, load_config
from dean24.configschema import ConfigInvalid, check_config, key_lines
from dean24.errors import ConfigError
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
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert time.monotonic() - started < 5
    assert why in str(caught.value)


def test_the_default_configuration_passes() -> None:
    """The shipped configuration is checked here, not at every run."""
    text = default_config_text()
    check_config(tomllib.loads(text), text, "de_an_24_lao_cai.toml")
    assert load_config().indicators


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
