"""Write a run's output files all or nothing, even when the run is killed.

A run's files beside its outputs all bear its token (16 hex digits) after a prefix no other
program uses:

    .dean24-tmp-TOKEN.lock       held (an OS lock) while the run lives, in every folder it writes
    .dean24-tmp-TOKEN-N.new      the new content of output N, written in full and synced
    .dean24-tmp-TOKEN-N.old      the previous output N (a hard link, or a copy)
    .dean24-tmp-TOKEN.journal    the renames to make and the history record, in every folder

The steps: lock, .new files, .old files, journal, renames, commit the record, then remove the
journal, the .old files and the lock. A failure undoes the renames from the .old files.

A kill at any instant is settled by the next run that starts in the folder (recover()): for a
token whose lock no live run holds, a complete journal means the renames may have begun, so
they are finished when the record was committed (or there is none) and undone otherwise; no
complete journal means no rename had begun. Whether a record was committed only its store can
tell: the command that writes with a store passes its check (`Recorded`); without it, a set
with a record is left for such a run. Either way the token's files are then removed, at
any age; a live run's files are never touched, nor any name the tool does not make.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Protocol

from dean24.core.errors import Dean24Error, Location, UsageError
from dean24.core.interrupt import deferred

# Whether the record a journal entry describes was committed (the store tells).
Recorded = Callable[[dict[str, Any]], bool]

PREFIX = ".dean24-tmp-"
_OURS = re.compile(r"^\.dean24-tmp-([0-9a-f]{16})(?:-[0-9]{1,6})?\.(?:lock|new|old|journal)$")
# Left by earlier versions of the tool: removed once surely no run of theirs is still writing.
_EARLIER = re.compile(r"^\.dean24-[0-9a-f]{8}\.(?:tmp|bak)$")
EARLIER_STALE_AFTER = 15 * 60  # seconds


class OutputError(Dean24Error):
    """An output file cannot be written."""


class Commit(Protocol):
    """Something recorded together with the files: prepared before, committed with them."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def journal_entry(self) -> dict[str, str | int]:
        """What identifies the record once committed; recorded() reads it."""
        ...

    def recorded(self, entry: dict[str, Any]) -> bool:
        """Whether the record a journal entry describes (of any store of its kind) was
        committed: a kill after the renames is settled forward, else backward."""
        ...


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


# --- locks: a run's token is live while some process holds its lock file ----------------


def _lock_name(folder: Path, token: str) -> Path:
    return folder / f"{PREFIX}{token}.lock"


def _os_lock(fd: int) -> bool:
    """Take the OS lock of an open file without waiting; False when another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _take_lock(path: Path, *, new: bool) -> int | None:
    """The locked descriptor of path, or None when a live run holds it, or it was removed or
    replaced meanwhile (the lock would then guard nothing: the usual race of lock files that
    are removed after use). With new, the file must not exist yet, and a failure to make it is
    raised (the folder cannot be written)."""
    flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if new else 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError:
        if new:
            raise
        return None
    try:
        if _os_lock(fd) and os.path.samestat(os.fstat(fd), os.stat(path)):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _drop_lock(path: Path, fd: int) -> None:
    """Remove a lock file, then let it go (on Windows the other way round: an open file cannot
    be removed there)."""
    with suppress(OSError):
        os.unlink(path)
    os.close(fd)
    if sys.platform == "win32":
        with suppress(OSError):
            os.unlink(path)


# --- the journal ---------------------------------------------------------------------------


@dataclass
class _Target:
    path: Path
    new: Path
    old: Path | None = None
    replaced: bool = False


@dataclass
class _Journal:
    token: str
    targets: list[_Target]
    folders: list[Path]
    record: dict[str, Any] | None = None

    def text(self) -> str:
        return json.dumps(
            {
                "dean24_journal": 1,
                "token": self.token,
                "folders": [str(f) for f in self.folders],
                "targets": [
                    {
                        "path": os.path.abspath(t.path),
                        "new": str(t.new),
                        "old": t.old and str(t.old),
                    }
                    for t in self.targets
                ],
                "record": self.record,
            }
        )


def _journal_name(folder: Path, token: str) -> Path:
    return folder / f"{PREFIX}{token}.journal"


def _read_journal(folder: Path, token: str) -> _Journal | None:
    """The token's journal when it was written whole in every folder it names (then the
    renames may have begun), else None (then none had)."""
    texts = []
    try:
        first = _journal_name(folder, token).read_text("utf-8")
        data = json.loads(first)
        folders = [Path(f) for f in data["folders"]]
        for other in folders:
            texts.append(_journal_name(other, token).read_text("utf-8"))
        targets = [
            _Target(Path(t["path"]), Path(t["new"]), Path(t["old"]) if t["old"] else None)
            for t in data["targets"]
        ]
        record = data["record"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("token") != token or any(text != first for text in texts):
        return None
    if not isinstance(record, dict | None) or not any(_same_dir(folder, f) for f in folders):
        return None
    for target in targets:  # only the token's own files, beside outputs in the named folders
        beside = [target.new] if target.old is None else [target.new, target.old]
        for path in beside:
            found = _OURS.match(path.name)
            if not found or found.group(1) != token or path.parent != target.path.parent:
                return None
        if target.path.parent not in folders:
            return None
    return _Journal(token, targets, folders, record)


def _same_dir(a: Path, b: Path) -> bool:
    """One folder, whatever the path that reaches it."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _committed(record: dict[str, Any] | None, recorded: Recorded | None) -> bool | None:
    """Whether the journal's record was committed (no record: as if it were); None when no
    store can tell now."""
    if record is None:
        return True
    return None if recorded is None else recorded(record)


def _settle(journal: _Journal, forward: bool) -> None:
    """Finish every rename (forward), or put back every previous output."""
    for target in journal.targets:
        with suppress(OSError):
            if forward:
                if os.path.lexists(target.new):
                    os.replace(target.new, target.path)
            elif target.old is not None:
                if os.path.lexists(target.old):
                    os.replace(target.old, target.path)
            elif not os.path.lexists(target.new):
                os.unlink(target.path)  # it was not there before the run; it is the new one


_recovered: set[str] = set()


def recover(folder: Path, recorded: Recorded | None = None) -> None:
    """Settle, in folder, what runs killed while writing left: finish or undo their renames
    (see the module's notes) and remove their files. Files of live runs, and every name the
    tool does not make, stay. Each command calls it first for its output folders, with its
    store's check of a record (`recorded`) when it writes one; write_all then only for a
    folder not settled yet in this process (a batch writes many reports into one folder)."""
    key = os.path.abspath(folder)
    folder = Path(key)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    tokens: set[str] = set()
    limit = time.time() - EARLIER_STALE_AFTER
    for entry in entries:
        found = _OURS.match(entry.name)
        if found:
            tokens.add(found.group(1))
        elif _EARLIER.match(entry.name):
            with suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
    settled = [_recover_token(folder, token, recorded) for token in sorted(tokens)]
    if all(settled):
        _recovered.add(key)


def _recover_token(folder: Path, token: str, recorded: Recorded | None) -> bool:
    """Settle one token's files; False when its record is left for a store to tell."""
    locks: list[tuple[Path, int]] = []
    try:
        fd = _take_lock(_lock_name(folder, token), new=False)
        if fd is None:
            return True  # a live run
        locks.append((_lock_name(folder, token), fd))
        journal = _read_journal(folder, token)
        folders = [folder]
        if journal is not None:
            for other in journal.folders:
                if _same_dir(other, folder):
                    continue
                fd = _take_lock(_lock_name(other, token), new=False)
                if fd is None:
                    return True  # being settled from another folder; the next run sees to it
                locks.append((_lock_name(other, token), fd))
            forward = _committed(journal.record, recorded)
            if forward is None:
                return False  # no store can tell now: leave everything for a later run
            with deferred():
                _settle(journal, forward)
                _sync(journal.folders)
                _remove(_journal_name(f, token) for f in journal.folders)
            folders = journal.folders
        for each in folders:
            _remove_token_files(each, token)
        return True
    finally:
        for path, fd in locks:
            _drop_lock(path, fd)


def _remove_token_files(folder: Path, token: str) -> None:
    with suppress(OSError):
        for entry in os.scandir(folder):
            found = _OURS.match(entry.name)
            if found and found.group(1) == token and not entry.name.endswith(".lock"):
                with suppress(OSError):
                    os.unlink(entry.path)


def recover_for(outputs: Iterable[Path], recorded: Recorded | None = None) -> None:
    """recover() every folder the outputs go to ("-" is standard output)."""
    for folder in {_folder(path) for path in outputs if str(path) != "-"}:
        if folder.is_dir():
            recover(folder, recorded)


# --- writing -------------------------------------------------------------------------------


def _folder(path: Path) -> Path:
    return Path(os.path.abspath(path.parent if str(path.parent) else "."))


def _sync(folders: Iterable[Path]) -> None:
    """Make renames and new names in folders durable (nothing to do on Windows)."""
    if os.name == "nt":
        return
    for folder in set(folders):
        with suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    """A new file of ours with data, synced, with the permissions the umask gives."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _keep_old(target: _Target, name: Path) -> None:
    """Keep the previous output under name, so its replacement can be undone."""
    if not target.path.is_file():
        return
    try:
        os.link(target.path, name)
    except OSError:  # no hard links here (some network shares): a synced copy does
        with suppress(OSError):
            os.unlink(name)
        shutil.copy2(target.path, name)
        with open(name, "rb+") as handle:
            os.fsync(handle.fileno())
    target.old = name


def _undo(targets: list[_Target]) -> list[Path]:
    """Put back what was there before; the paths that could not be put back."""
    stuck = []
    for target in reversed(targets):
        if not target.replaced:
            continue
        try:
            if target.old is not None:
                os.replace(target.old, target.path)
            else:
                os.unlink(target.path)
            target.replaced = False
        except OSError:
            stuck.append(target.path)
    return stuck


def _remove(paths: Iterable[Path | None]) -> None:
    for path in paths:
        if path is not None:
            with suppress(OSError):
                os.unlink(path)


@dataclass
class _Run:
    """One write_all: its token, its locks, the files it made."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    locks: list[tuple[Path, int]] = field(default_factory=list)
    made: list[Path] = field(default_factory=list)

    def lock(self, folders: dict[Path, Path], recorded: Recorded | None) -> None:
        """Settle each folder (folder → an output written there), then hold the run's lock
        in it before anything else of the run is made there."""
        for folder, output in folders.items():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise output_error(output, exc) from None
            if str(folder) not in _recovered:
                recover(folder, recorded)
            path = _lock_name(folder, self.token)
            for _ in range(100):  # a run settling the folder may take the new file first
                try:
                    fd = _take_lock(path, new=True)
                except FileExistsError:
                    fd = None
                    time.sleep(0.01)
                except OSError as exc:
                    raise output_error(output, exc) from None
                if fd is not None:
                    self.locks.append((path, fd))
                    break
            else:
                raise output_error(output, OSError(errno.EAGAIN, os.strerror(errno.EAGAIN)))

    def name(self, folder: Path, index: int, kind: str) -> Path:
        path = folder / f"{PREFIX}{self.token}-{index}.{kind}"
        self.made.append(path)
        return path

    def release(self) -> None:
        """Remove the run's files, the journal first: once it is gone, a kill leaves files
        that the next run only removes."""
        _remove(p for p in self.made if p.suffix == ".journal")
        _remove(p for p in self.made if p.suffix != ".journal")
        for path, fd in self.locks:
            _drop_lock(path, fd)
        self.locks.clear()


def write_all(outputs: dict[Path, bytes], record: Commit | None = None) -> None:
    """Replace every file of outputs, and commit record, all together or not at all, even
    when the process is killed at any instant (the next run in the folder settles it).

    On failure nothing is replaced and record is rolled back; only if an undo itself fails
    (the disk vanished midway) does the error list the files that are already new, and the
    journal stays for the next run to put the previous ones back.
    """
    for path in outputs:
        if path.is_dir():
            raise output_error(path, IsADirectoryError(errno.EISDIR, "is a directory"))
    where = {_folder(path): path for path in reversed(list(outputs))}
    folders = sorted(where)
    run = _Run()
    targets: list[_Target] = []
    keep_journal = False
    try:
        run.lock(
            {folder: where[folder] for folder in folders},
            record.recorded if record is not None else None,
        )
        for index, (path, data) in enumerate(outputs.items()):
            new = run.name(_folder(path), index, "new")
            try:
                _write_file(new, data)
            except OSError as exc:
                raise output_error(path, exc) from None
            targets.append(_Target(path, new))
        with deferred():
            for index, target in enumerate(targets):
                try:
                    _keep_old(target, run.name(_folder(target.path), index, "old"))
                except OSError as exc:
                    raise output_error(target.path, exc) from None
            _sync(folders)
            entry = record.journal_entry() if record is not None else None
            journal = _Journal(run.token, targets, folders, entry or None)
            for folder in folders:
                run.made.append(_journal_name(folder, run.token))
                try:
                    _write_file(run.made[-1], journal.text().encode())
                except OSError as exc:
                    raise output_error(where[folder], exc) from None
            _sync(folders)
            for target in targets:
                try:
                    os.replace(target.new, target.path)
                except OSError as exc:
                    _raise_undone(targets, output_error(target.path, exc))
                target.replaced = True
            if record is not None:
                try:
                    record.commit()
                except BaseException as exc:
                    _raise_undone(targets, exc)
            _sync(folders)
    except BaseException as exc:
        keep_journal = isinstance(exc, _Partial)
        if record is not None:
            with deferred(), suppress(Exception):
                record.rollback()
        raise
    finally:
        with deferred():
            if keep_journal:
                for _path, fd in run.locks:  # the next run puts the previous files back
                    os.close(fd)
            else:
                run.release()


def _raise_undone(targets: list[_Target], error: BaseException) -> NoReturn:
    """Undo the renames and raise error; if some cannot be undone, raise output_partial."""
    stuck = _undo(targets)
    if stuck:
        cause = str(error)
        if isinstance(error, Dean24Error):
            where = error.location.describe()
            cause = f"{where[:1].upper()}{where[1:]}: {error.message}" if where else error.message
        raise _Partial(
            "output_partial",
            f"{cause} Không khôi phục được các tệp cũ; các tệp sau đã là bản mới: "
            f"{', '.join(str(p) for p in reversed(stuck))}. Kiểm tra ổ đĩa rồi chạy lại: lần "
            "chạy sau đặt lại các tệp cũ trước khi ghi.",
        ) from error
    raise error


class _Partial(OutputError):
    """Some renames could not be undone: the journal stays for the next run."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file in one step; on any failure the old file stays as it was."""
    write_all({path: data})


def write_copy(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a copy of a shipped file for the analyst to edit, never over a file unasked."""
    if path.exists() and not force:
        raise UsageError("file_exists", f"{path} đã có; dùng --force để ghi đè.")
    write_atomic(path, data)
