"""`dean24 batch`: one report per workbook or folder in an inbox, unattended and idempotent."""

from __future__ import annotations

import hashlib
import json
import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dean24 import __version__
from dean24.core.errors import Dean24Error, InputFileError, Location, Problem, UsageError
from dean24.core.periods import Period
from dean24.programme.config import default_config_text, load_config
from dean24.reading.reader import WORKBOOK_SUFFIXES
from dean24.store.outputs import recover, write_atomic

MANIFEST = "dean24-manifest.json"
LOCK = ".dean24.lock"
DEFAULT_STORE = "dean24.sqlite"
# The name of the batch's own file: an input whose reports would take it is refused.
RESERVED_STEMS = (Path(MANIFEST).stem,)
EXIT_LOCKED = 75
FORMATS = ("md", "docx", "json", "xlsx", "pdf")  # what a batch run can write


class BatchLocked(Dean24Error):
    """Another batch run holds the output folder."""

    exit_code = EXIT_LOCKED


@dataclass(frozen=True)
class BatchSettings:
    inbox: Path
    out: Path
    formats: tuple[str, ...] = ("md", "docx", "json")
    config_path: Path | None = None
    store_path: Path | None = None
    docx_template: Path | None = None
    report_date: date = field(default_factory=date.today)
    templates: Path | None = None  # the analyst's template folder
    notes_dir: Path | None = None  # NOTES_DIR/<input name>.md is that input's notes
    period: Period | None = None  # the period of every input, as `report --period`
    log: Path | None = None  # the JSON log file (written by the caller; checked here)
    feedback: Path | None = None  # marked copies of inputs with problems: FEEDBACK/, or
    # FEEDBACK/<folder name>/ for an input that is a folder

    def __post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise UsageError(
                "bad_format",
                f"Định dạng không hợp lệ: {', '.join(unknown) or 'không có định dạng nào'}; "
                f"dùng {', '.join(FORMATS)}.",
            )
        if self.notes_dir is not None and not self.notes_dir.is_dir():
            raise UsageError("notes_dir_not_found", f"Không có thư mục ghi chú {self.notes_dir}.")


@dataclass
class Outcome:
    """What happened to one input: one JSON line of the batch log."""

    input: str
    sha256: str
    status: str  # ok, skipped, failed
    period: str | None = None
    outputs: list[str] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    error: list[dict[str, str]] | None = None
    duration: float = 0.0
    event: str = "input"  # or "skipped_file": an entry of the inbox left out, and why

    def as_dict(self) -> dict[str, Any]:
        """The JSON line; a file name that is not UTF-8 appears in escaped form (\\xNN)."""
        return {
            "input": shown(self.input),
            "sha256": self.sha256,
            "period": self.period,
            "status": self.status,
            "outputs": [shown(p) for p in self.outputs],
            "warnings": [_shown_problem(w) for w in self.warnings],
            "error": None if self.error is None else [_shown_problem(e) for e in self.error],
            "duration": round(self.duration, 3),
        }


def shown(name: str | Path) -> str:
    """A file name as text that can always be written: bytes that are not UTF-8 (left by
    unzipping a Windows archive) as \\xNN escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _shown_problem(problem: dict[str, str]) -> dict[str, str]:
    return {key: shown(value) for key, value in problem.items()}


def _undecodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def scan_inbox(inbox: Path) -> tuple[list[Path], list[Outcome]]:
    """The inbox's inputs, and a line for each entry left out: a link that leads nowhere or
    out of the inbox (a report must come only from what was put in the inbox)."""
    if not inbox.is_dir():
        raise Dean24Error(
            "inbox_not_found", "Không tìm thấy thư mục đầu vào.", Location(file=str(inbox))
        )
    root = inbox.resolve()
    found: list[Path] = []
    left_out: list[Outcome] = []
    try:
        entries = sorted(inbox.iterdir())
    except OSError as exc:
        raise Dean24Error(
            "inbox_unreadable",
            f"Không đọc được thư mục đầu vào ({exc.strerror or exc}); kiểm tra quyền đọc.",
            Location(file=str(inbox)),
        ) from None
    for path in entries:
        if path.name.startswith((".", "~$")):
            continue
        problem = _link_problem(path, root)
        if problem is None and not (
            path.is_dir() or (path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES)
        ):
            problem = Problem(
                "not_a_workbook",
                "Tệp này không phải sổ Excel (.xlsx, .xlsm, .xls, .ods) hay thư mục sổ của "
                "các đơn vị; bỏ qua.",
                Location(file=shown(path)),
                severity="warning",
            )
        if problem is not None:
            left_out.append(_left_out(path, problem))
            continue
        found.append(path)
    return found, left_out


def _left_out(path: Path, problem: Problem) -> Outcome:
    return Outcome(str(path), "", "skipped", warnings=[problem.as_dict()], event="skipped_file")


def _link_problem(path: Path, root: Path, consequence: str = "bỏ qua") -> Problem | None:
    """Why a link cannot be an input (broken, or leading out of the inbox), else None."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(
            "link_broken",
            f"Liên kết này không trỏ tới tệp nào (tệp đích đã bị xóa hoặc chuyển đi); "
            f"{consequence}.",
            Location(file=shown(path)),
            severity="warning",
        )
    if not target.is_relative_to(root):
        return Problem(
            "link_outside_inbox",
            f"Liên kết này trỏ ra ngoài thư mục đầu vào ({shown(target)}); {consequence}. Chép "
            "tệp vào thư mục đầu vào nếu cần lập báo cáo từ nó.",
            Location(file=shown(path)),
            severity="warning",
        )
    return None


def check_input(path: Path, inbox: Path) -> None:
    """Refuse an input that cannot be reported faithfully: a workbook whose name is not
    UTF-8, or, in a unit folder, a workbook link that is broken or leads out of the inbox
    (leaving it out would give the province's totals without that unit)."""
    entries = [path]
    if path.is_dir():
        entries += [
            p
            for p in sorted(path.iterdir())
            if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
        ]
    root = inbox.resolve()
    for entry in entries:
        if _undecodable(entry.name):
            raise InputFileError(
                "file_name_undecodable",
                "Tên tệp không phải chữ Unicode (UTF-8), thường do giải nén một tệp .zip tạo "
                "trên Windows; đổi tên tệp (hoặc giải nén lại bằng công cụ hỗ trợ UTF-8) rồi "
                "chạy lại.",
                Location(file=shown(entry)),
            )
        if entry == path:
            continue
        problem = _link_problem(
            entry, root, "đơn vị của tệp này chưa được tính nên thư mục chưa được lập báo cáo"
        )
        if problem is not None:
            raise InputFileError(problem.code, problem.message, problem.location)


def _hash_file(path: Path, digest: Any) -> None:
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)


def input_digest(path: Path) -> str:
    """sha256 of a workbook, or of a folder's workbooks (names and contents)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(path.iterdir()):
            if item.is_file() and not item.name.startswith((".", "~$")):
                digest.update(os.fsencode(item.name) + b"\0")
                _hash_file(item, digest)
    else:
        _hash_file(path, digest)
    return digest.hexdigest()


def recipe_digest(settings: BatchSettings) -> str:
    """What else a report depends on: configuration, templates, tool version, formats."""
    from dean24.words.loader import MAX_DOCX_TEMPLATE_BYTES, confined, read_template
    from dean24.words.templates_path import templates_dir

    period = settings.period.code if settings.period else ""
    digest = hashlib.sha256(
        f"dean24 {__version__}\0{','.join(settings.formats)}\0{period}\0".encode()
    )
    if settings.feedback is not None:
        digest.update(f"feedback {settings.feedback}\0".encode())
    if settings.config_path is not None:
        _hash_file(settings.config_path, digest)
    else:
        digest.update(default_config_text().encode("utf-8"))
    templates = sorted(p for p in templates_dir().iterdir() if p.is_file())
    if settings.templates is not None and settings.templates.is_dir():
        for entry in sorted(settings.templates.iterdir()):
            if (path := confined(settings.templates, entry.name)) is not None and path.is_file():
                templates.append(path)
    if settings.docx_template is not None:
        templates.append(settings.docx_template)
    for template in templates:
        digest.update(template.name.encode("utf-8") + b"\0")
        try:
            digest.update(read_template(template, MAX_DOCX_TEMPLATE_BYTES))
        except OSError as exc:
            raise Dean24Error(
                "template_not_found",
                f"Không đọc được mẫu báo cáo ({exc.strerror or exc}).",
                Location(file=str(template)),
            ) from None
    return digest.hexdigest()


def _load_manifest(out: Path) -> tuple[dict[str, Any], Outcome | None]:
    """The manifest of earlier runs, or none (with a line) when it is not the manifest's shape:
    every input is then reported again and the manifest written anew."""
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, dict) for k, v in data.items()
    ):
        return data, None
    problem = Problem(
        "manifest_invalid",
        "Tệp ghi nhận các lần chạy trước bị hỏng hoặc sai dạng; mọi đầu vào được lập lại và "
        "tệp được ghi lại.",
        Location(file=str(path)),
        severity="warning",
    )
    return {}, _left_out(path, problem)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(out / LOCK))
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:  # a TimeoutError, so an OSError: caught first
        raise BatchLocked(
            "batch_locked",
            "Một lần chạy dean24 batch khác đang ghi vào thư mục này; lần chạy này dừng lại.",
            Location(file=str(out)),
            advised=True,
        ) from None
    except OSError as exc:
        raise Dean24Error(
            "output_unwritable",
            f"Không tạo hoặc ghi được thư mục kết quả ({exc.strerror or exc}).",
            Location(file=str(out)),
        ) from None
    try:
        yield
    finally:
        lock.release()


def run_batch(
    settings: BatchSettings,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
    on_start: Callable[[int], None] = lambda total: None,
    on_read: Callable[[Path], None] = lambda path: None,
) -> list[Outcome]:
    """Render every new or changed input of the inbox; never stops at a failed one.

    Every input is read first (on_read after each one read well), then reported in the order
    of its period (on_outcome after each input, whatever became of it). An input's duration
    is the time of its own reading and reporting.
    """
    from dean24.commands.pipeline import (
        ReportSettings,
        check_clashes,
        check_templates,
        feedback_targets,
        report_valid,
        write_feedback_on_failure,
    )
    from dean24.commands.worker import ReadWorker
    from dean24.core.errors import ValidationFailed
    from dean24.store.history import recorded

    check_templates(settings.templates)
    check_paths(settings)
    if "pdf" in settings.formats:
        from dean24.render.pdf import require_soffice

        require_soffice()  # before the folder is locked or anything written
    with _locked(settings.out):
        recover(settings.out, recorded)  # a set a killed run left half replaced is made whole
        config = load_config(settings.config_path)
        inputs, left_out = scan_inbox(settings.inbox)
        on_start(len(inputs))
        outcomes: list[Outcome] = []

        def tell(outcome: Outcome) -> None:
            outcomes.append(outcome)
            on_outcome(outcome)

        for outcome in left_out:
            tell(outcome)
        manifest, broken = _load_manifest(settings.out)
        if broken is not None:
            tell(broken)
        recipe = recipe_digest(settings)
        store = store_path(settings)
        pending: list[tuple[Path, str, float, Any]] = []
        stems: dict[str, list[Path]] = {}
        for path in inputs:
            stems.setdefault(_twin_key(path), []).append(path)
        worker = ReadWorker(config)
        try:
            for path in inputs:
                started = time.monotonic()
                digest = ""
                try:
                    digest = input_digest(path)
                    check_input(path, settings.inbox)
                    check_name(path)
                    clash = [p for p in stems[_twin_key(path)] if p != path]
                    if clash:
                        raise _name_clash(path, clash)
                    outputs = [settings.out / f"{_stem(path)}.{fmt}" for fmt in settings.formats]
                    notes = _notes_for(path, settings.notes_dir)
                    notes_digest = input_digest(notes) if notes else None
                    entry = manifest.get(path.name, {})
                    if (
                        entry.get("input_sha256") == digest
                        and entry.get("recipe") == recipe
                        and entry.get("notes_sha256") == notes_digest
                        and all(p.is_file() for p in outputs)
                    ):
                        tell(
                            Outcome(
                                str(path),
                                digest,
                                "skipped",
                                entry.get("period"),
                                [str(p) for p in outputs],
                                duration=time.monotonic() - started,
                            )
                        )
                        continue
                    report = ReportSettings(
                        inputs=(path,),
                        outputs=tuple(outputs),
                        period=settings.period,
                        config_path=settings.config_path,
                        notes_path=notes,
                        report_date=settings.report_date,
                        docx_template=settings.docx_template,
                        store_path=store,
                        templates=settings.templates,
                        feedback=_feedback_dir(path, settings.feedback),
                    )
                    targets = feedback_targets(report)
                    check_clashes(report, report.outputs + tuple(targets.values()))
                    try:
                        valid = worker.read(report)
                    except ValidationFailed as failed:
                        write_feedback_on_failure(failed, targets)
                        raise
                except OSError as exc:
                    tell(_failed(path, digest, _unreadable(path, exc), started))
                    continue
                except Exception as exc:  # one input never stops the others
                    outcome = _failed(path, digest, _as_error(exc), started)
                    outcome.outputs = list(getattr(exc, "written", []))
                    tell(outcome)
                    continue
                pending.append(
                    (
                        path,
                        digest,
                        time.monotonic() - started,
                        (report, valid, notes_digest, targets),
                    )
                )
                on_read(path)
        finally:
            worker.close()
        # Earlier periods first, so each report is judged and compared with the ones before it
        # (the year so far, the units' last reports) once they are in the history.
        pending.sort(key=lambda item: item[3][1].period.end)
        for path, digest, read_time, (report, valid, notes_digest, targets) in pending:
            started = time.monotonic() - read_time
            try:
                model, written = report_valid(valid, config, report, report.outputs, targets)
            except Exception as exc:
                outcome = _failed(path, digest, _as_error(exc), started)
            else:
                outcome = Outcome(
                    str(path),
                    digest,
                    "ok",
                    model.period.code,
                    [str(p) for p in written],
                    [w.as_dict() for w in model.warnings],
                    duration=time.monotonic() - started,
                )
                manifest[path.name] = {
                    "input_sha256": digest,
                    "recipe": recipe,
                    "notes_sha256": notes_digest,
                    "period": model.period.code,
                    "outputs": [p.name for p in report.outputs],
                }
                try:
                    write_atomic(
                        settings.out / MANIFEST,
                        (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(),
                    )
                except Dean24Error as exc:  # the report stands; the next run redoes it
                    outcome.warnings.append(exc.problems[0].as_dict())
            tell(outcome)
        return outcomes


def store_path(settings: BatchSettings) -> Path:
    """The history store of a batch: the one given, else OUT/dean24.sqlite."""
    return settings.store_path or settings.out / DEFAULT_STORE


def _twin_key(path: Path) -> str:
    """Inputs whose reports take one name: the same letters in any case or Unicode form."""
    return unicodedata.normalize("NFC", _stem(path)).casefold()


def check_name(path: Path) -> None:
    """Refuse an input whose reports would take the name of one of the batch's own files."""
    key = _twin_key(path)
    if key in RESERVED_STEMS:
        raise InputFileError(
            "input_name_reserved",
            f"Báo cáo của đầu vào này sẽ mang tên {key}.*, tên dean24 dành cho tệp ghi nhận "
            f"các lần chạy ({MANIFEST}) trong thư mục kết quả; ghi báo cáo sẽ đè lên tệp đó. "
            f"Đổi tên đầu vào (ví dụ {key}-bao-cao{path.suffix}) rồi chạy lại.",
            Location(file=shown(path)),
        )


def check_paths(settings: BatchSettings, *, log_only: bool = False) -> None:
    """Refuse, before anything is written, a run where a file it writes (a report, the
    manifest, the history store, the lock, the log) is one of the user's files (an input or
    a workbook in an input folder, a notes file, the configuration, a template) or another
    file it writes; and an output folder, log or store inside the inbox (what is written
    there would be read back as inputs, or change a unit folder). Inputs refused on their
    own (twins, reserved names) are left to their own errors.
    log_only: check the log alone (before it is opened; the rest is checked by the run, which
    logs what it finds); an inbox that cannot be listed is then left to the run."""
    from dean24.commands.pipeline import STORE_ROLE
    from dean24.core.userfiles import refuse_clashes

    if log_only and settings.log is None:
        return
    try:
        inputs, _ = scan_inbox(settings.inbox)
    except Dean24Error:
        if not log_only:
            raise
        inputs = []
    given: list[tuple[str, Path]] = []
    keys: dict[str, int] = {}
    for path in inputs:
        keys[_twin_key(path)] = keys.get(_twin_key(path), 0) + 1
    written: list[tuple[str, Path]] = []
    for path in inputs:
        given.append(("đầu vào", path))
        if path.is_dir():
            try:
                inside = sorted(path.iterdir())
            except OSError:
                inside = []
            given.extend(("đầu vào", p) for p in inside if p.suffix.lower() in WORKBOOK_SUFFIXES)
        try:
            notes = _notes_for(path, settings.notes_dir)
        except Dean24Error:  # the input's own error, when its turn comes
            notes = None
        if notes is not None:
            given.append(("tệp ghi chú", notes))
        key = _twin_key(path)
        if keys[key] == 1 and key not in RESERVED_STEMS:
            written.extend(
                ("báo cáo", settings.out / f"{_stem(path)}.{fmt}") for fmt in settings.formats
            )
    for role, file in (
        ("tệp cấu hình", settings.config_path),
        ("mẫu Word", settings.docx_template),
    ):
        if file is not None:
            given.append((role, file))
    if settings.templates is not None and settings.templates.is_dir():
        given.extend(("mẫu", p) for p in sorted(settings.templates.iterdir()) if p.is_file())
    own = [
        ("tệp ghi nhận các lần chạy", settings.out / MANIFEST),
        ("tệp khóa", settings.out / LOCK),
    ]
    kept = [(STORE_ROLE, store_path(settings), "--store", "store_in_inbox")]
    if settings.log is not None:
        kept.append(("tệp nhật ký", settings.log, "--log", "log_in_inbox"))
    files = [*written, *own, *((role, file) for role, file, _, _ in kept)]
    kept.insert(0, ("thư mục kết quả", settings.out, "--out", "out_in_inbox"))
    if log_only:
        kept = kept[-1:]
        refuse_clashes(given, files[-1:], files[:-1])
    else:
        refuse_clashes(given, files)
    inbox = settings.inbox.resolve()
    for role, file, option, code in kept:
        if _inside(file, inbox):
            raise UsageError(
                code,
                f"{role[:1].upper()}{role[1:]} {file} nằm trong thư mục đầu vào {settings.inbox}"
                f": dean24 không ghi gì vào thư mục đầu vào. Chọn chỗ khác bằng {option}.",
                Location(file=str(file)),
            )


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def _feedback_dir(path: Path, feedback: Path | None) -> Path | None:
    """Where an input's marked copies go: the feedback folder, or a folder of the input's
    name in it when the input is a folder of workbooks (their names may meet)."""
    if feedback is None:
        return None
    return feedback / path.name if path.is_dir() else feedback


def _notes_for(path: Path, notes_dir: Path | None) -> Path | None:
    """The input's notes: NOTES_DIR/<name of the input>.md, when that file exists."""
    if notes_dir is None:
        return None
    notes = notes_dir / f"{_stem(path)}.md"
    if not os.path.lexists(notes):
        return None
    if not notes.is_file():  # a FIFO, a device, a folder, a broken link: never read
        raise InputFileError(
            "notes_not_regular",
            "Ghi chú của đầu vào này không phải tệp văn bản thường (là thư mục, đường ống, "
            "thiết bị hoặc liên kết hỏng) nên không đọc được; thay bằng một tệp Markdown (.md) "
            "hoặc xóa nó đi.",
            Location(file=shown(notes)),
        )
    return notes


def _stem(path: Path) -> str:
    """The name an input's reports take: a folder's name, a workbook's name without suffix."""
    return path.name if path.is_dir() else path.stem


def _unreadable(path: Path, exc: OSError) -> Dean24Error:
    return Dean24Error(
        "file_unreadable",
        f"Không đọc được đầu vào ({exc.strerror or exc}); kiểm tra quyền đọc tệp.",
        Location(file=str(path)),
    )


def _name_clash(path: Path, others: list[Path]) -> Dean24Error:
    names = ", ".join(p.name for p in others)
    return Dean24Error(
        "output_name_clash",
        f"Báo cáo của đầu vào này trùng tên với báo cáo của {names}; đổi tên một trong các "
        "đầu vào để báo cáo này không ghi đè báo cáo kia.",
        Location(file=str(path)),
    )


def _as_error(exc: Exception) -> Dean24Error:
    if isinstance(exc, Dean24Error):
        return exc
    return Dean24Error(
        "internal_error",
        f"dean24 gặp lỗi không lường trước khi lập báo cáo này ({type(exc).__name__}: {exc}).",
    )


def _failed(path: Path, digest: str, exc: Dean24Error, started: float) -> Outcome:
    return Outcome(
        str(path),
        digest,
        "failed",
        error=[p.as_dict() for p in exc.problems],
        duration=time.monotonic() - started,
    )
