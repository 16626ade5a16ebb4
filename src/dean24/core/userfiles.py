"""The files the user gave: read only regular files, never past a cap on the bytes read, and
never write over one of them (every file a run writes is checked against them all)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from dean24.core.errors import Location, UsageError

_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path names something that is not a regular file (a folder, a FIFO, a device)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} là {kind}")
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more bytes than the cap allows."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"{path} dài hơn {limit} byte")
        self.limit = limit


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISFIFO(mode):
        return "một đường ống (FIFO)"
    if stat.S_ISSOCK(mode):
        return "một socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    return "không phải tệp thường"


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, reading at most limit + 1 of them whatever size the file
    claims: a FIFO, a device (/dev/zero), a socket or a folder raise NotRegularFile without
    blocking; more than limit bytes raise FileTooLarge. Other failures are the OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, _kind(mode))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise FileTooLarge(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


Role = tuple[str, Path]  # what a file is, in Vietnamese ("tệp ghi chú"), and its path


def refuse_clashes(
    given: Iterable[Role], written: Iterable[Role], checked: Iterable[Role] = ()
) -> None:
    """Refuse, before anything is written, a file to write that is one of the user's files
    (following links, and letter case where the file system ignores it) or another file to
    write: UsageError naming both. written's roles name what is written ("tệp kết quả",
    "tệp nhật ký", "cơ sở dữ liệu lịch sử", …), which also give the error's code; checked:
    files the run also writes, already checked against the user's files. Each path is looked
    at once, so thousands of files cost thousands of looks, not millions."""
    users = {file_identity(path): (role, path) for role, path in reversed(list(given))}
    done = {file_identity(path): (role, path) for role, path in reversed(list(checked))}
    for role, out in written:
        if str(out) == "-":
            continue
        identity = file_identity(out)
        if identity in users:
            other_role, other = users[identity]
            code = _IS_INPUT.get(role, "output_is_input")
            raise UsageError(
                code,
                f"{_capital(role)} {out} chính là {other_role} {other}; ghi vào đó sẽ mất "
                f"tệp của bạn nên không ghi gì. {_advice(role, code)}",
                Location(file=str(out)),
            )
        if identity in done:
            other_role, other = done[identity]
            if other_role == role == "tệp kết quả":
                raise UsageError(
                    "output_twice",
                    f"Tệp kết quả {out} được chỉ ra hai lần ({other}); mỗi tệp chỉ ghi một "
                    "lần. Bỏ bớt một -o.",
                    Location(file=str(out)),
                )
            code = _CLASH.get(role, "output_clash")
            raise UsageError(
                code,
                f"{_capital(role)} {out} trùng với {other_role} {other} mà lần chạy này "
                f"cũng ghi; hai thứ không thể chung một tệp. {_advice(role, code)}",
                Location(file=str(out)),
            )
        done[identity] = (role, out)


# The code of each written role: written over one of the user's files, and written twice.
_IS_INPUT = {
    "tệp kết quả": "output_is_input",
    "báo cáo": "output_is_input",
    "tệp nhật ký": "log_is_input",
    "cơ sở dữ liệu lịch sử": "store_is_input",
    "biểu": "form_is_input",
    "tệp ghi nhận các lần chạy": "manifest_is_input",
    "tệp khóa": "lock_is_input",
}
_CLASH = {
    "tệp kết quả": "output_clash",
    "báo cáo": "output_clash",
    "tệp nhật ký": "log_clash",
    "cơ sở dữ liệu lịch sử": "store_clash",
    "biểu": "form_clash",
    "tệp ghi nhận các lần chạy": "manifest_clash",
    "tệp khóa": "lock_clash",
}
# What to do where the role says more than the code: a report, one of many a batch writes.
_ADVICE = {
    "tệp kết quả": "Chọn tên khác cho tệp kết quả bằng -o.",
    "báo cáo": "Chọn thư mục kết quả khác bằng --out.",
}


def _advice(role: str, code: str) -> str:
    """What to do about a file to write that clashes: the role's own advice, else the code's
    in the catalogue."""
    from dean24.core.codes import BY_NAME

    return _ADVICE.get(role) or BY_NAME[code].advice


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


FileIdentity = tuple[object, ...]


def file_identity(path: Path) -> FileIdentity:
    """What makes a path one file: an existing file is its device and inode (links, and
    letter case where the file system ignores it); a path not there yet is its resolved,
    case-normalised form. Two paths name one file when their identities are equal."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        pass
    else:
        return ("file", found.st_dev, found.st_ino)
    try:
        where = path.resolve()
    except (OSError, RuntimeError, ValueError):
        where = path.absolute()
    return ("path", os.path.normcase(where))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (file_identity)."""
    return file_identity(a) == file_identity(b)
