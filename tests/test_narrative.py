"""The narrative machinery: rendered text cut into blocks, and the Vietnamese filters."""

from __future__ import annotations

from dean24.programme.config import Unit
from dean24.words.facts import unit_name
from dean24.words.narrative import _units, cut_blocks


def test_text_is_cut_into_blocks_with_their_anchors() -> None:
    text = (
        "# I. MỤC\n\n⟦intro⟧Một câu viết\n  trên hai dòng , có dấu phẩy.\n\n"
        "## 1. Mục nhỏ\n\n### a) Ý nhỏ\n\n- ⟦x⟧Gạch một\n- Gạch hai\n  nối tiếp\n\n"
        "[CẦN BỔ SUNG] Nêu thêm.\n\n[[BẢNG 2]]\n"
    )
    blocks = cut_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("h1", "I. MỤC"),
        ("para", "Một câu viết trên hai dòng, có dấu phẩy."),
        ("h2", "1. Mục nhỏ"),
        ("h3", "a) Ý nhỏ"),
        ("bullet", "Gạch một"),
        ("bullet", "Gạch hai nối tiếp"),
        ("placeholder", "[CẦN BỔ SUNG] Nêu thêm."),
        ("table", ""),
    ]
    assert blocks[1].about == ["intro"] and blocks[4].about == ["x"]
    assert blocks[-1].table == 1


def test_units_are_named_with_their_kind_once_per_group() -> None:
    names = ["Thị xã Sa Pa", "Huyện Mường Khương", "Huyện Si Ma Cai", "Đảng ủy Khối Cơ quan"]
    units = [unit_name(Unit(n, n), n) for n in names]
    assert _units(units) == (
        "thị xã Sa Pa, các huyện Mường Khương, Si Ma Cai và Đảng ủy Khối Cơ quan"
    )
    assert _units(units[1:3]) == "các huyện Mường Khương và Si Ma Cai"
    assert _units(units[:1]) == "thị xã Sa Pa"
