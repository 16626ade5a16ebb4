"""Load templates only from inside the folder they came from: a file or folder link that leads
out of it is refused with its name, and only regular files are read, up to a cap."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from dean24.core.errors import Location, TemplateError
from dean24.core.text import format_int
from dean24.core.userfiles import FileTooLarge, NotRegularFile, read_bounded

MAX_TEMPLATE_BYTES = 1_000_000  # a text template (.j2); the shipped ones are a few KB each
MAX_DOCX_TEMPLATE_BYTES = 50 * 2**20  # a Word template (.docx); the shipped one is ~40 KB


def confined(folder: Path, name: str) -> Path | None:
    """folder/name when it is there and, links followed, inside folder (folder itself may be a
    link: it is the folder given); None when there is no such entry; TemplateError naming
    the entry when it is a broken link or leads out of the folder."""
    path = folder.joinpath(*name.split("/"))
    if not os.path.lexists(path):
        return None
    try:
        root = folder.resolve(strict=True)
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise TemplateError(
            "template_link_broken",
            "Liên kết này trong thư mục mẫu không trỏ tới tệp nào (tệp đích đã bị xóa hoặc "
            "chuyển đi); chép mẫu vào thư mục mẫu hoặc xóa liên kết.",
            Location(file=str(path)),
        ) from None
    if not real.is_relative_to(root):
        path = _leaving(folder, root, name) or path
        real = path.resolve()
        raise TemplateError(
            "template_link_outside",
            f"Liên kết này trỏ ra ngoài thư mục mẫu {folder} (tới {real}); mẫu chỉ được dùng "
            "tệp nằm trong thư mục của nó. Chép tệp cần dùng vào thư mục mẫu thay cho liên "
            "kết rồi chạy lại.",
            Location(file=str(path)),
        )
    return path


def _leaving(folder: Path, root: Path, name: str) -> Path | None:
    """The first entry of folder/name (a file or a sub-folder) that leads out of root."""
    path = folder
    for part in name.split("/"):
        path = path / part
        try:
            if not path.resolve(strict=True).is_relative_to(root):
                return path
        except (OSError, RuntimeError):
            return None
    return None


def read_template(path: Path, limit: int = MAX_TEMPLATE_BYTES) -> bytes:
    """The bytes of a template file: a regular file of at most limit bytes, else
    TemplateError naming it (FileNotFoundError is left to the caller)."""
    try:
        return read_bounded(path, limit)
    except NotRegularFile as exc:
        raise TemplateError(
            "template_not_regular",
            f"Mẫu này không phải tệp thường mà là {exc.kind.removeprefix('một ')}; dùng một "
            "tệp mẫu lưu trên đĩa (tạo bằng dean24 template init).",
            Location(file=str(path)),
        ) from None
    except FileTooLarge:
        raise TemplateError(
            "template_file_too_large",
            f"Tệp mẫu dài hơn giới hạn {format_int(limit)} byte; mẫu mặc định chỉ vài chục "
            "KB. Kiểm tra lại tệp mẫu.",
            Location(file=str(path)),
        ) from None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise TemplateError(
            "template_unreadable",
            f"Không đọc được tệp mẫu ({exc.strerror or exc}); kiểm tra quyền đọc.",
            Location(file=str(path)),
        ) from None


class ConfinedLoader(jinja2.BaseLoader):
    """Templates from folders, the first that has a name wins; each template (and what it
    includes, imports or extends) is read from inside its folder only (see confined)."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        name = "/".join(split_template_path(template))  # no '..', no absolute path
        for folder in self.folders:
            path = confined(folder, name)
            if path is None:
                continue
            try:
                data = read_template(path)
                mtime = os.stat(path).st_mtime
            except FileNotFoundError:
                continue
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateError(
                    "template_invalid",
                    "Mẫu phải là văn bản UTF-8 (tệp .j2); mẫu Word thì dùng tệp .docx.",
                    Location(file=str(path)),
                ) from None

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return os.stat(path).st_mtime == mtime
                except OSError:
                    return False

            return source, str(path), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.folders:
            try:
                found.update(p.name for p in folder.iterdir() if p.suffix == ".j2")
            except OSError:
                continue
        return sorted(found)


class NothingToLoad(jinja2.BaseLoader):
    """The loader of a Word template: it stands alone, so an include, import or extends in it
    is refused with the template's name (it could only reach outside the template)."""

    def __init__(self, template: Path) -> None:
        self.template = template

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        raise TemplateError(
            "template_include",
            f'Mẫu Word "{self.template.name}" dùng include, import hoặc extends ("{template}"); '
            "mẫu Word không nạp được tệp khác. Đặt nội dung trực tiếp vào mẫu rồi chạy lại.",
            Location(file=str(self.template)),
        )
