"""Write a run's output files all or nothing.

Every file is first written in full to a temporary file beside its target; then, in one step
that signals cannot cut, all of them are renamed over their targets, and the history record
(if any) is committed. When a rename or the commit fails, the renames already done are undone
from backups, so every previous output stays as it was.

Temporary and backup files are named `.dean24-XXXXXXXX.tmp` / `.bak` (short, whatever the
target's name); a run removes the ones older than STALE_AFTER that a killed run left behind.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dean24.errors import Dean24Error, Location
from dean24.interrupt import deferred

TEMP_PREFIX = ".dean24-"
STALE_AFTER = 15 * 60  # seconds; a run's write window lasts well under a second
_OURS = re.compile(r"^\.dean24-[0-9a-f]{8}\.(tmp|bak)$")
# Left by earlier versions (tempfile.mkstemp beside the target).
_EARLIER = re.compile(r"^\..+\.(md|docx|json)\.[a-z0-9_]{8}\.tmp$")


class OutputError(Dean24Error):
    """An output file cannot be written."""


class Commit(Protocol):
    """Something recorded together with the files: prepared before, committed with them."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


def output_error(path: Path, exc: OSError) -> OutputError:
    """The project's message for an OSError while writing path, naming what to do."""
    code, message = "output_unwritable", f"Không ghi được tệp ({exc.strerror or exc})."
    if exc.errno == errno.EISDIR or path.is_dir():
        code, message = "output_is_directory", "Đây là một thư mục; chọn một tên tệp để ghi."
    elif exc.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
        code, message = (
            "disk_full",
            "Ổ đĩa đã đầy (hoặc hết hạn mức); giải phóng chỗ trống rồi chạy lại.",
        )
    elif exc.errno == errno.EROFS:
        code, message = "output_read_only", "Ổ đĩa chỉ cho đọc; chọn thư mục khác để ghi."
    elif exc.errno == errno.ENAMETOOLONG:
        code, message = "output_name_too_long", "Tên tệp quá dài; chọn tên ngắn hơn."
    elif exc.errno == errno.ENOTDIR:
        code, message = (
            "output_folder_invalid",
            "Một phần của đường dẫn là tệp chứ không phải thư mục; chọn đường dẫn khác.",
        )
    elif exc.errno in {errno.EACCES, errno.EPERM}:
        code = "output_permission"
        message = "Không có quyền ghi tệp này hoặc thư mục chứa nó"
        if os.name == "nt":
            message += "; nếu tệp đang mở trong Word thì đóng lại rồi chạy lại."
        else:
            message += "; kiểm tra quyền ghi hoặc chọn thư mục khác."
    return OutputError(code, message, Location(file=str(path)))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same file on disk (links, and letter case where
    the file system ignores it), or the same resolved path for files not there yet."""
    try:
        if os.path.samefile(a, b):
            return True
    except (OSError, ValueError):
        pass
    try:
        first, second = a.resolve(), b.resolve()
    except (OSError, RuntimeError):
        first, second = a.absolute(), b.absolute()
    return os.path.normcase(first) == os.path.normcase(second)


def same_file_as(out: Path) -> Callable[[Path], bool]:
    """same_file(out, path) for many paths, with out looked at once: two existing files are
    one when they are the same file on disk; an output not there yet is no existing file
    (following links, it would exist); anything else is judged by same_file."""
    try:
        out_stat: os.stat_result | None = os.stat(out)
        missing = False
    except FileNotFoundError:
        out_stat, missing = None, True
    except (OSError, ValueError):
        out_stat, missing = None, False

    def same(path: Path) -> bool:
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            return same_file(out, path)
        if out_stat is not None:
            return os.path.samestat(out_stat, found)
        return False if missing else same_file(out, path)

    return same


_cleaned: set[str] = set()


def clean_stale(folder: Path, now: float | None = None) -> None:
    """Remove temporary and backup files of dean24 runs that were killed in their write step
    (once per folder and process: a batch writes many files into one folder)."""
    key = os.path.abspath(folder)
    if now is None and key in _cleaned:
        return
    _cleaned.add(key)
    limit = (time.time() if now is None else now) - STALE_AFTER
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (_OURS.match(entry.name) or _EARLIER.match(entry.name)):
            continue
        with suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                os.unlink(entry.path)


def _new_name(folder: Path, suffix: str) -> Path:
    return folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}{suffix}"


def _create(folder: Path, suffix: str) -> tuple[int, Path]:
    """A new file of ours in folder, created with the permissions the umask gives."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        path = _new_name(folder, suffix)
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue


@dataclass
class _Target:
    path: Path
    temp: Path | None = None
    backup: Path | None = None
    existed: bool = False
    replaced: bool = False


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _write_temp(target: _Target, data: bytes) -> None:
    folder = _folder(target.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale(folder)
        fd, target.temp = _create(folder, ".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise output_error(target.path, exc) from None


def _backup(target: _Target) -> None:
    """Keep the previous file under a name of ours, so its replacement can be undone."""
    if not target.path.is_file():
        return
    target.existed = True
    folder = _folder(target.path)
    try:
        fd, backup = _create(folder, ".bak")
        os.close(fd)
        target.backup = backup
        try:
            os.unlink(backup)
            os.link(target.path, backup)
        except OSError:  # no hard links here (some network shares): a copy does
            shutil.copy2(target.path, backup)
    except OSError as exc:
        raise output_error(target.path, exc) from None


def _undo(targets: list[_Target]) -> list[Path]:
    """Put back what was there before; the paths that could not be put back."""
    stuck = []
    for target in reversed(targets):
        if not target.replaced:
            continue
        try:
            if target.backup is not None:
                os.replace(target.backup, target.path)
                target.backup = None
            elif not target.existed:
                os.unlink(target.path)
            target.replaced = False
        except OSError:
            stuck.append(target.path)
    return stuck


def _remove(paths: Iterator[Path | None]) -> None:
    for path in paths:
        if path is not None:
            with suppress(OSError):
                os.unlink(path)


def _sync_folders(targets: list[_Target]) -> None:
    if os.name == "nt":
        return
    for folder in {_folder(t.path) for t in targets}:
        with suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_all(outputs: dict[Path, bytes], record: Commit | None = None) -> None:
    """Replace every file of outputs, and commit record, all together or not at all.

    On failure nothing is replaced and record is rolled back; only if an undo itself fails
    (the disk vanished midway) does the error list the files that are already new.
    """
    targets = [_Target(path) for path in outputs]
    try:
        for target in targets:
            if target.path.is_dir():
                raise output_error(target.path, IsADirectoryError(errno.EISDIR, "is a directory"))
            _write_temp(target, outputs[target.path])
        with deferred():
            for target in targets:
                _backup(target)
            failed: OSError | None = None
            for target in targets:
                assert target.temp is not None
                try:
                    os.replace(target.temp, target.path)
                except OSError as exc:
                    failed = exc
                    break
                target.temp = None
                target.replaced = True
            if failed is not None:
                _raise_undone(targets, output_error(target.path, failed))
            if record is not None:
                try:
                    record.commit()
                except BaseException as exc:
                    _raise_undone(targets, exc)
            _sync_folders(targets)
    except BaseException:
        if record is not None:
            with deferred(), suppress(Exception):
                record.rollback()
        raise
    finally:
        with deferred():
            _remove(t.temp for t in targets)
            _remove(t.backup for t in targets)


def _raise_undone(targets: list[_Target], error: BaseException) -> None:
    stuck = _undo(targets)
    if stuck:
        cause = str(error)
        if isinstance(error, Dean24Error):
            where = error.location.describe()
            cause = f"{where[:1].upper()}{where[1:]}: {error.message}" if where else error.message
        raise OutputError(
            "output_partial",
            f"{cause} Không khôi phục được các tệp cũ; các tệp sau đã là bản mới: "
            f"{', '.join(str(p) for p in reversed(stuck))}. Kiểm tra ổ đĩa rồi chạy lại.",
        ) from error
    raise error


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file in one step; on any failure the old file stays as it was."""
    write_all({path: data})
