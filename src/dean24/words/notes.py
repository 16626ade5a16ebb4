"""The analyst's notes (Markdown, sections by heading) for the report's qualitative sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dean24.core.errors import InputFileError, Location, Problem
from dean24.core.text import fold, format_int, nfc
from dean24.core.userfiles import FileTooLarge, NotRegularFile, read_bounded

# Section of the report → words that name it in a notes heading.
SECTIONS: dict[str, tuple[str, ...]] = {
    "leadership": ("lanh dao", "chi dao", "trien khai", "quan triet"),
    "strengths": ("uu diem", "ket qua noi bat"),
    "causes": ("nguyen nhan",),
    "shortcomings": ("han che", "ton tai", "kho khan"),
    "tasks": ("nhiem vu", "giai phap", "phuong huong", "ke hoach"),
}
MAX_NOTES_BYTES = 500_000  # about 150 pages; notes give the main points of four sections
# Characters that no Word document may hold (XML 1.0): C0 controls but tab and line breaks,
# DEL, and the two non-characters U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Opens a paragraph of the notes in the text the templates write: what follows is the
# analyst's text, never a heading, a table mark or a placeholder (a private-use character,
# taken out of the notes as they are read).
NOTE_TEXT = "\ue024"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+•]\s+")


@dataclass
class Notes:
    """Paragraphs per section; a paragraph that was a list item keeps a leading '- '."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, section: str) -> list[str]:
        return self.sections.get(section, [])

    def marked(self) -> dict[str, list[str]]:
        """The paragraphs of each section, each opened by NOTE_TEXT (after its '- ')."""
        return {
            key: [as_note_text(p) for p in paragraphs] for key, paragraphs in self.sections.items()
        }


def as_note_text(paragraph: str) -> str:
    """A paragraph of the notes marked as text: '- ' stays in front, so a list stays a list."""
    if paragraph.startswith("- "):
        return f"- {NOTE_TEXT}{paragraph[2:]}"
    return f"{NOTE_TEXT}{paragraph}"


def section_of(heading: str) -> str | None:
    folded = fold(heading)
    for section, words in SECTIONS.items():
        if any(word in folded for word in words):
            return section
    return None


def read_notes(path: Path) -> Notes:
    """Parse a notes file; headings that name no known section are reported as warnings."""
    try:
        text = read_bounded(path, MAX_NOTES_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(
            "notes_not_found", "Không tìm thấy tệp ghi chú.", Location(file=str(path))
        ) from None
    except NotRegularFile as exc:
        raise InputFileError(
            "notes_not_regular",
            f"Tệp ghi chú không phải tệp văn bản thường mà là {exc.kind.removeprefix('một ')}; "
            "chỉ ra một tệp Markdown (.md) lưu trên đĩa.",
            Location(file=str(path)),
        ) from None
    except FileTooLarge:
        raise InputFileError(
            "notes_too_large",
            f"Tệp ghi chú dài hơn giới hạn {format_int(MAX_NOTES_BYTES)} byte (khoảng 150 "
            "trang). Ghi chú chỉ cần các ý chính cho các phần lãnh đạo, chỉ đạo; hạn chế, "
            "nguyên nhân; nhiệm vụ: rút gọn tệp rồi chạy lại.",
            Location(file=str(path)),
        ) from None
    except (OSError, UnicodeDecodeError):
        raise InputFileError(
            "notes_unreadable",
            "Không đọc được tệp ghi chú: cần văn bản Markdown mã UTF-8.",
            Location(file=str(path)),
        ) from None
    return parse_notes(text, str(path))


def parse_notes(text: str, source: str = "") -> Notes:
    notes = Notes()
    current: str | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if current is not None and paragraph:
            notes.sections.setdefault(current, []).append(nfc(" ".join(paragraph)))
        paragraph.clear()

    controls: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _CONTROL.search(line):
            controls.append(number)
            line = _CONTROL.sub("", line)
        line = line.replace(NOTE_TEXT, "")
        if match := _HEADING.match(line):
            flush()
            current = section_of(match.group(1))
            if current is None:
                notes.problems.append(
                    Problem(
                        "notes_section_unknown",
                        f'Mục "{nfc(match.group(1))}" (dòng {number}) của tệp ghi chú không ứng '
                        "với phần nào của báo cáo (lãnh đạo, chỉ đạo; ưu điểm; hạn chế; "
                        "nguyên nhân; nhiệm vụ) nên bị bỏ qua.",
                        Location(file=source),
                        severity="warning",
                    )
                )
            continue
        if not line.strip():
            flush()
        elif _BULLET.match(line):
            flush()
            paragraph.append("- " + _BULLET.sub("", line).strip())
        else:
            paragraph.append(line.strip())
    flush()
    if controls:
        shown = ", ".join(str(n) for n in controls[:5]) + (", …" if len(controls) > 5 else "")
        notes.problems.append(
            Problem(
                "notes_control_chars",
                f"Tệp ghi chú có ký tự điều khiển không in được ở {len(controls)} dòng (dòng "
                f"{shown}), thường do chép từ phần mềm khác; các ký tự này đã được bỏ đi.",
                Location(file=source),
                severity="warning",
            )
        )
    return notes
