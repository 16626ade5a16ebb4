"""Notices about the inputs as review comments in the Word report, anchored at the paragraph
they concern, for the analyst to read and delete before sending (never body text)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from dean24.words.document import Block, Notice

AUTHOR = "dean24"
INITIALS = "d24"


def _target(notice: Notice, blocks: Sequence[Block]) -> Block | None:
    """The block the notice concerns, else the opening paragraph, else the first paragraph."""
    for key in (notice.about, "intro"):
        for block in blocks:
            if key in block.about and block.kind != "table":
                return block
    return next((b for b in blocks if b.kind == "para"), None)


def _paragraph(paragraphs: list[Paragraph], text: str) -> Paragraph | None:
    for paragraph in paragraphs:
        if paragraph.text.removeprefix("- ").strip() == text:
            return paragraph
    head = text[:60]
    return next((p for p in paragraphs if head and head in p.text), None)


def add_review_comments(data: bytes, notices: Sequence[Notice], blocks: Sequence[Block]) -> bytes:
    """The .docx bytes with one review comment per notice, authored 'dean24'."""
    if not notices:
        return data
    document = docx.Document(io.BytesIO(data))
    add_comments(document, notices, blocks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_comments(
    document: DocxDocument, notices: Sequence[Notice], blocks: Sequence[Block]
) -> None:
    """One review comment per notice, authored 'dean24', in a document open in python-docx."""
    if not notices:
        return
    paragraphs = list(document.paragraphs)
    for notice in notices:
        block = _target(notice, blocks)
        paragraph = _paragraph(paragraphs, block.text) if block is not None else None
        if paragraph is None:
            paragraph = next((p for p in paragraphs if p.runs and p.text.strip()), None)
        if paragraph is None:
            continue
        runs = [run for run in paragraph.runs if run.text]
        if not runs:
            continue
        document.add_comment(runs, text=notice.text, author=AUTHOR, initials=INITIALS)
