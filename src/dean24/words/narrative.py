"""Render the report's words from the Jinja templates (sandboxed, strict), with the filters
that write Vietnamese numbers, dates, lists and unit names, and cut the text into blocks."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from dean24.core.errors import Location, TemplateError
from dean24.core.text import (
    format_date,
    format_date_line,
    format_int,
    format_number,
    format_percent,
    join_vi,
    sentence_case,
)
from dean24.words.document import PLACEHOLDER_MARK, Block
from dean24.words.facts import UnitName
from dean24.words.limits import LimitedEnvironment, bounded_output
from dean24.words.notes import NOTE_TEXT
from dean24.words.templates_path import templates_dir
from dean24.words.templating import environment as template_environment
from dean24.words.templating import template_errors

# The narrative templates, in the order `template init` writes and the README lists them.
NARRATIVE_TEMPLATES = (
    "noi_dung.j2",
    "mo_dau.j2",
    "lanh_dao.j2",
    "ket_qua.j2",
    "danh_gia.j2",
    "nhiem_vu.j2",
    "cau_chu.j2",
    "phu_luc.j2",
    "bang.j2",
)

_ANCHOR = re.compile(r"⟦([^⟧]*)⟧")
_TABLE = re.compile(r"^\[\[BẢNG (\d+)\]\]$")


def _number(value: float | int | None, decimals: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return format_int(int(value))
    return format_number(value, decimals)


def _count(value: float | int | None, noun: str) -> str:
    return f"{_number(value)} {noun}".strip()


def _percent(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else format_percent(value, decimals)


def _date(value: date) -> str:
    return format_date(value)


_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _tie(text: Any, *phrases: str) -> str:
    """The words of each phrase in text joined by no-break spaces, so that a narrow table cell
    never breaks them ('mục tiêu', 'cơ sở'); every word of text when no phrase is given."""
    tied = str(text)
    if not phrases:
        return tied.replace(" ", "\u00a0")
    for phrase in phrases:
        tied = tied.replace(phrase, phrase.replace(" ", "\u00a0"))
    return tied


def _join(items: Iterable[Any]) -> str:
    return join_vi([str(i) for i in items])


def _units(items: Iterable[UnitName]) -> str:
    """'thị xã Sa Pa và các huyện Mường Khương, Si Ma Cai; Đảng ủy Khối …': units grouped by
    their kind word, in the order given, a kind named once."""
    order: list[str] = []
    by_kind: dict[str, list[UnitName]] = {}
    for unit in items:
        key = unit.kind or f"\0{unit.name}"
        if key not in by_kind:
            order.append(key)
        by_kind.setdefault(key, []).append(unit)
    parts: list[str] = []
    for key in order:
        units = by_kind[key]
        if not units[0].kind or len(units) == 1:
            parts.extend(u.named for u in units)
            continue
        bare = [u.bare for u in units]
        listed = join_vi(bare) if len(order) == 1 else ", ".join(bare)
        parts.append(f"các {units[0].kind} {listed}")
    return join_vi(parts)


def _anchor(key: str) -> str:
    """A mark the block cutter takes out: the paragraph reports on `key`."""
    return f"⟦{key}⟧"


def environment(folders: list[Path]) -> LimitedEnvironment:
    """The narrative's environment over folders (first wins), with the text filters."""
    return template_environment(
        folders,
        {
            "so": _number,
            "dem": _count,
            "phan_tram": _percent,
            "ngay": _date,
            "ngay_dong": format_date_line,
            "liet_ke": _join,
            "lien": _tie,
            "don_vi": _units,
            "viet_hoa": sentence_case,
        },
        globals={"anchor": _anchor, "CAN_BO_SUNG": PLACEHOLDER_MARK},
        extensions=("jinja2.ext.do",),
    )


@functools.lru_cache(maxsize=8)
def _shared_environment(roots: tuple[Path, ...]) -> LimitedEnvironment:
    """One environment per set of folders, so each template is compiled once per process
    (Jinja recompiles a template whose file changed)."""
    return environment(list(roots))


def folders(user: Path | None) -> list[Path]:
    """The analyst's template folder first (files missing there come from the shipped set)."""
    shipped = templates_dir()
    return [user, shipped] if user is not None else [shipped]


def cut_blocks(text: str) -> list[Block]:
    """Cut rendered text into blocks: paragraphs apart by blank lines; '# ' opens a heading
    (I.), '## ' a sub-heading (1.), '### ' a smaller one; '- ' a bullet; a paragraph that
    opens with [CẦN BỔ SUNG] is a placeholder; '[[BẢNG n]]' places table n; a paragraph of the
    analyst's notes (opened by NOTE_TEXT, after '- ' for a list item) is text. Lines of one
    paragraph are joined with a space, so a sentence may run over several template lines."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        items: list[list[str]] = []
        for line in lines:
            if line.startswith("- ") or not items or _TABLE.match(line):
                items.append([line])
            else:
                items[-1].append(line)
        for item in items:
            blocks.append(_block(" ".join(item)))
    return [b for b in blocks if b.text or b.kind == "table"]


def _block(text: str) -> Block:
    about = _ANCHOR.findall(text)
    text = re.sub(r"\s+", " ", _ANCHOR.sub("", text)).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    for mark, kind in ((NOTE_TEXT, "para"), (f"- {NOTE_TEXT}", "bullet")):
        if text.startswith(mark):  # the analyst's notes: text, whatever it looks like
            return Block(kind, text[len(mark) :].replace(NOTE_TEXT, "").strip(), about=about)
    text = text.replace(NOTE_TEXT, "")
    if match := _TABLE.match(text):
        return Block("table", table=int(match.group(1)) - 1, about=about)
    for mark, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "h1"), ("- ", "bullet")):
        if text.startswith(mark):
            return Block(kind, text[len(mark) :].strip(), about=about)
    if text.startswith(PLACEHOLDER_MARK):
        return Block("placeholder", text, about=about)
    return Block("para", text, about=about)


class Narrative:
    """The narrative templates of one report: the analyst's folder, then the shipped one."""

    def __init__(self, user: Path | None = None) -> None:
        self.env = _shared_environment(tuple(p.resolve() for p in folders(user)))

    def compile_all(self) -> None:
        """Compile every narrative template (each once per process), outside the rendering's
        time bound; a mistake is a TemplateError naming its file and line."""
        for name in NARRATIVE_TEMPLATES:
            with template_errors(name):
                self.env.get_template(name)

    def _load(self, name: str) -> jinja2.Template:
        """Compile a template and those it includes, outside the rendering's time bound."""
        self.compile_all()
        with template_errors(name):
            return self.env.get_template(name)

    def blocks(self, name: str, context: dict[str, Any]) -> list[Block]:
        template = self._load(name)
        with template_errors(template.filename or name, self.env):
            return cut_blocks(bounded_output(template.generate(context), self.env))

    def phrases(self, name: str, context: dict[str, Any]) -> Callable[..., str]:
        """A caller of the template's macros: phrases('bang.j2', ctx)('tieu_de', 'don_vi')."""
        template = self._load(name)
        where = template.filename or name
        with template_errors(where, self.env):
            module = template.make_module(context)

        def call(macro: str, *args: Any) -> str:
            with template_errors(where, self.env):
                found = getattr(module, macro, None)
                if found is None:
                    raise TemplateError(
                        "template_undefined",
                        f"Mẫu thiếu macro {macro}.",
                        Location(file=name),
                    )
                # the template's line breaks and indents are one space; a no-break space (`lien`)
                # stays
                return _SPACES.sub(" ", str(found(*args))).strip(" ")

        return call
