"""A configuration for a province as it is since 1/7/2025: its commune-level units.

The list of units comes from the vietnam-provinces package (the 34 provinces and their
3.321 communes, wards and special zones after the 2025 reorganisation); the rest of the
configuration is the default one, to be reviewed.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass

from dean24.core.errors import Dean24Error, UsageError
from dean24.core.text import fold, join_vi, nfc, unit_key
from dean24.programme.config import Config, config_from_text

_PROVINCE_KIND = re.compile(r"^(?:tinh|thanh pho|tp)\s+")


@dataclass(frozen=True)
class CommuneUnit:
    """One commune-level unit: 'Xã Bát Xát' is kind 'xã' and bare name 'Bát Xát'."""

    name: str
    kind: str
    bare: str


@dataclass(frozen=True)
class ProvinceUnits:
    province: str
    units: tuple[CommuneUnit, ...]
    source: str  # the package and the date of its data

    def kinds(self) -> str:
        """'93 xã, 6 phường' — how many units of each kind."""
        counts = Counter(u.kind for u in self.units)
        return ", ".join(f"{n} {kind}" for kind, n in counts.most_common())


def _province_key(name: str) -> str:
    return _PROVINCE_KIND.sub("", fold(name))


# The provinces that merged into another on 1/7/2025 (Nghị quyết số 202/2025/QH15): the name
# that no longer exists → the province it is part of.
MERGED_INTO: dict[str, str] = {
    old: new
    for new, olds in (
        ("Tuyên Quang", ("Hà Giang",)),
        ("Lào Cai", ("Yên Bái",)),
        ("Thái Nguyên", ("Bắc Kạn",)),
        ("Phú Thọ", ("Vĩnh Phúc", "Hòa Bình")),
        ("Bắc Ninh", ("Bắc Giang",)),
        ("Hưng Yên", ("Thái Bình",)),
        ("Hải Phòng", ("Hải Dương",)),
        ("Ninh Bình", ("Hà Nam", "Nam Định")),
        ("Quảng Trị", ("Quảng Bình",)),
        ("Đà Nẵng", ("Quảng Nam",)),
        ("Quảng Ngãi", ("Kon Tum",)),
        ("Gia Lai", ("Bình Định",)),
        ("Khánh Hòa", ("Ninh Thuận",)),
        ("Lâm Đồng", ("Đắk Nông", "Bình Thuận")),
        ("Đắk Lắk", ("Phú Yên",)),
        ("Hồ Chí Minh", ("Bình Dương", "Bà Rịa - Vũng Tàu")),
        ("Đồng Nai", ("Bình Phước",)),
        ("Tây Ninh", ("Long An",)),
        ("Cần Thơ", ("Sóc Trăng", "Hậu Giang")),
        ("Vĩnh Long", ("Bến Tre", "Trà Vinh")),
        ("Đồng Tháp", ("Tiền Giang",)),
        ("Cà Mau", ("Bạc Liêu",)),
        ("An Giang", ("Kiên Giang",)),
    )
    for old in olds
}
_MERGED = {_province_key(old): (old, new) for old, new in MERGED_INTO.items()}


def province_units(name: str) -> ProvinceUnits:
    """The commune-level units of a province, named as the user writes it ('Lào Cai',
    'tỉnh Lào Cai', 'TP Hồ Chí Minh'); an unknown name is an error listing close ones."""
    try:
        import vietnam_provinces
        from vietnam_provinces import Province, Ward
    except ImportError:
        raise Dean24Error(
            "provinces_unavailable",
            "Cần gói vietnam-provinces (danh sách đơn vị hành chính sau sắp xếp năm 2025) để "
            "tạo cấu hình theo tỉnh: cài bằng pip install vietnam-provinces.",
        ) from None
    provinces = {_province_key(p.name): p for p in Province.iter_all()}
    province = provinces.get(_province_key(name))
    if province is None and _province_key(name) in _MERGED:
        old, new = _MERGED[_province_key(name)]
        raise UsageError(
            "province_merged",
            f"Tỉnh {old} đã hợp nhất vào tỉnh, thành phố {new} từ ngày 01/7/2025; các xã, "
            f'phường của {old} nay thuộc {new}. Dùng --province "{new}".',
        )
    if province is None:
        close = difflib.get_close_matches(_province_key(name), list(provinces), n=4, cutoff=0.5)
        hint = (
            f"Có phải: {join_vi([provinces[k].name for k in close])}?"
            if close
            else "Các tỉnh, thành phố: "
            + join_vi(sorted((p.name for p in provinces.values()), key=fold))
            + "."
        )
        raise UsageError(
            "unknown_province",
            f'Không có tỉnh, thành phố "{nfc(name)}" trong danh sách 34 tỉnh, thành phố từ '
            f"01/7/2025. {hint}",
        )
    units = []
    for ward in Ward.iter_by_province(province.code):
        full = nfc(ward.name)
        kind = nfc(ward.division_type.value)
        prefix = kind[:1].upper() + kind[1:] + " "
        bare = full[len(prefix) :] if full.startswith(prefix) else full
        units.append(CommuneUnit(full, kind, bare))
    source = (
        f"gói vietnam-provinces {vietnam_provinces.__version__}, dữ liệu ngày "
        f"{vietnam_provinces.__data_version__}"
    )
    return ProvinceUnits(nfc(province.name), tuple(units), source)


def _toml_string(text: str) -> str:
    # A JSON string without ASCII escaping is a valid TOML basic string.
    return json.dumps(text, ensure_ascii=False)


COMMUNES_FROM = "2025-07-01"  # the day the commune-level units began to report


def units_toml(found: ProvinceUnits) -> str:
    """The [[units]] tables of the province's units, each reporting from 1/7/2025.

    The name without its kind word ('Bát Xát' for 'Xã Bát Xát') is an alias, unless it
    would name two units of the province (a commune and a ward of the same name).
    """
    bare_keys = Counter(unit_key(u.bare) for u in found.units)
    full_keys = {unit_key(u.name) for u in found.units}
    blocks = []
    for unit in found.units:
        key = unit_key(unit.bare)
        aliases = [unit.bare] if bare_keys[key] == 1 and key not in full_keys else []
        blocks.append(
            "[[units]]\n"
            f"name = {_toml_string(unit.name)}\n"
            f"short = {_toml_string(f'{unit.kind} {unit.bare}')}\n"
            f"aliases = [{', '.join(_toml_string(a) for a in aliases)}]\n"
            f"from = {COMMUNES_FROM}\n"
        )
    return "\n".join(blocks)


def _replace_units(text: str, units: str) -> str:
    """The configuration text with its [[units]] tables replaced by units.

    Comments above the first [[units]] stay; those above the next table belong to it.
    """
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if line.startswith("[")]
    unit_headers = [i for i in headers if lines[i].strip() == "[[units]]"]
    if unit_headers:
        start = unit_headers[0]
        after = [i for i in headers if i > unit_headers[-1] and lines[i].strip() != "[[units]]"]
        end = after[0] if after else len(lines)
        while end > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
    else:
        indicators = [i for i in headers if lines[i].strip() == "[[indicators]]"]
        start = end = indicators[0] if indicators else len(lines)
        while start > 0 and lines[start - 1].startswith("#"):
            start = end = start - 1
    return "".join(lines[:start]) + units + "\n" + "".join(lines[end:]).lstrip("\n")


_PERCENT_TARGET = re.compile(
    r'\[indicators\.target\]\nkind = "annual_percent"\n(?:(?!\n\[).)*?(?=\n\n|\Z)', re.S
)


def _base_placeholder(text: str) -> str:
    """Each percentage target left for the analyst: its base (1.434 party members in the
    private units of Lào Cai before 2025) belongs to a province and phase, so the target is
    written as comments with a marked base, to fill in and uncomment."""

    def commented(match: re.Match[str]) -> str:
        lines = [
            "# CẦN BỔ SUNG: mục tiêu phần trăm tính trên một số gốc của tỉnh (base). Ghi số gốc",
            "# của tỉnh sau hợp nhất vào base rồi bỏ dấu # ở các dòng dưới; đến khi đó chỉ tiêu",
            "# này không có mục tiêu.",
        ]
        for line in match.group(0).splitlines():
            if line.startswith("base ="):
                line = "base = 0  # CẦN BỔ SUNG"
            lines.append(f"# {line}")
        return "\n".join(lines)

    return _PERCENT_TARGET.sub(commented, text)


_DISTRICT_RECIPIENTS = '"Các huyện ủy, thị ủy, thành ủy, Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh,"'


def province_config_text(found: ProvinceUnits, default_text: str) -> str:
    """The default configuration with the province's units, and a note of what to review."""
    header = (
        f"# Cấu hình tạo bằng dean24 config init --province cho {found.province}: "
        f"{len(found.units)} đơn vị cấp xã\n"
        f"# từ ngày 01/7/2025 ({found.kinds()}), theo {found.source}.\n"
        "# CẦN RÀ SOÁT trước khi dùng: các mục [programme] (đề án, thời gian, mục tiêu), "
        "[document]\n"
        "# (cơ quan ban hành, địa danh, chữ ký, nơi nhận) và các chỉ tiêu, mục tiêu dưới đây "
        "được chép\n"
        "# từ cấu hình mặc định (Đề án 24, Lào Cai).\n"
        "# CẦN LÀM: (1) thêm các đảng bộ báo cáo không phải xã, phường (các đảng ủy trực thuộc "
        "tỉnh ủy)\n"
        "# vào danh sách [[units]], kèm from = ngày bắt đầu báo cáo; danh sách này không tự có "
        "các đơn vị đó.\n"
        "# (2) ghi số gốc của mục tiêu phần trăm (chỗ CẦN BỔ SUNG).\n\n"
    )
    text = _base_placeholder(_replace_units(default_text, units_toml(found)))
    # Every unit is a commune-level one: the report goes to their Party committees.
    text = text.replace(_DISTRICT_RECIPIENTS, '"Các đảng ủy xã, phường,"')
    return header + text


def build_province_config(name: str, default_text: str) -> tuple[str, Config, ProvinceUnits]:
    """The text of the province's configuration, checked by loading it as report would."""
    found = province_units(name)
    text = province_config_text(found, default_text)
    config = config_from_text(text, f"(--province {found.province})")
    return text, config, found
