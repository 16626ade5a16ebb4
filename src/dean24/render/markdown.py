"""Markdown output, laid out by a Jinja template (templates/report.md.j2)."""

from __future__ import annotations

from pathlib import Path

from dean24.words.document import ReportDocument
from dean24.words.limits import LimitedEnvironment, bounded_output
from dean24.words.templates_path import templates_dir
from dean24.words.templating import environment as template_environment
from dean24.words.templating import template_errors

TEMPLATE_NAME = "report.md.j2"


# Each character that would start markup, with the backslash that keeps it literal; the no-break
# spaces that keep a table cell's words together in Word are plain spaces in Markdown.
_MARKUP = str.maketrans({**{ch: "\\" + ch for ch in "\\`*_[]<>|#"}, "\u00a0": " "})


def _md_escape(text: str) -> str:
    """Keep text literal in Markdown: escape characters that would start markup."""
    return str(text).translate(_MARKUP)


def _md_row(cells: list[str]) -> str:
    """A table row: its cells kept literal, between pipes (one call for a row: the unit table
    of 20.000 units has 360.000 cells)."""
    return "| " + " | ".join(_md_escape(cell) for cell in cells) + " |"


def environment(folder: Path) -> LimitedEnvironment:
    return template_environment([folder], {"md": _md_escape, "md_row": _md_row})


def render_markdown(document: ReportDocument, template: Path | None = None) -> str:
    """The report as Markdown text."""
    # A template given by its path is the file it leads to; what it includes comes from
    # that file's folder, and from nowhere else.
    real = template.resolve() if template else None
    folder, name = (real.parent, real.name) if real else (templates_dir(), TEMPLATE_NAME)
    env = environment(folder)
    with template_errors(str(folder / name), env, given=template):
        return bounded_output(env.get_template(name).generate(doc=document), env)
