"""The core of `dean24 report`: read and validate; build the whole model (with what the store
holds, read once as `Past`); render every output from it; write them, with the store's record."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dean24.core.errors import Dean24Error, Location, Problem, UsageError, ValidationFailed
from dean24.core.model import Past, ReportModel, ValidData
from dean24.core.periods import Period
from dean24.programme.config import Config, load_config

if TYPE_CHECKING:
    from dean24.store.history import History
    from dean24.words.document import ReportDocument
    from dean24.words.notes import Notes

Progress = Callable[[int, int], None]  # (workbooks read, workbooks in all)

FORMATS = (".md", ".json", ".docx", ".xlsx", ".pdf")
STORE_ROLE = "cơ sở dữ liệu lịch sử"


@dataclass(frozen=True)
class ReportSettings:
    """Everything one report run needs, as given on the command line."""

    inputs: tuple[Path, ...]
    outputs: tuple[Path, ...] = ()
    period: Period | None = None
    config_path: Path | None = None
    notes_path: Path | None = None
    report_date: date = field(default_factory=date.today)
    docx_template: Path | None = None
    md_template: Path | None = None
    store_path: Path | None = None
    templates: Path | None = None  # the analyst's template folder (missing files: shipped ones)
    feedback: Path | None = None  # folder for marked copies of the inputs with problems


@dataclass
class ReportRun:
    """What a run produced: the model, the files written, text for stdout, the warnings."""

    model: ReportModel
    config: Config
    written: list[Path]
    stdout: str
    warnings: list[Problem]


def default_outputs(inputs: tuple[Path, ...]) -> tuple[Path, ...]:
    """With no -o: '<first input name>.md' and '.docx' in the current folder."""
    first = inputs[0].resolve() if inputs[0].is_dir() else inputs[0]
    stem = first.name if first.is_dir() else first.stem
    return (Path(f"{stem}.md"), Path(f"{stem}.docx"))


def check_outputs(outputs: tuple[Path, ...]) -> None:
    for out in outputs:
        if str(out) != "-" and out.suffix.lower() not in FORMATS:
            raise UsageError(
                "bad_output",
                f'Không biết ghi định dạng "{out.suffix or out.name}"; dùng đuôi .md, .json, '
                '.docx, .xlsx, .pdf, hoặc "-" để in Markdown ra màn hình.',
            )


def _user_files(settings: ReportSettings) -> list[tuple[str, Path]]:
    """Every file of the run that the user gave, with what it is, in Vietnamese."""
    from dean24.reading.reader import WORKBOOK_SUFFIXES

    files: list[tuple[str, Path]] = []
    for path in settings.inputs:
        files.append(("đầu vào", path))
        if path.is_dir():
            try:
                inside = [p for p in path.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES]
            except OSError:
                inside = []
            files.extend(("đầu vào", p) for p in inside)
    for role, given in (
        ("tệp ghi chú", settings.notes_path),
        ("tệp cấu hình", settings.config_path),
        ("mẫu Word", settings.docx_template),
        ("mẫu Markdown", settings.md_template),
        (STORE_ROLE, settings.store_path),
    ):
        if given is not None:
            files.append((role, given))
    if settings.templates is not None and settings.templates.is_dir():
        files.extend(("mẫu", p) for p in sorted(settings.templates.iterdir()) if p.is_file())
    return files


def check_templates(folder: Path | None) -> None:
    """The analyst's template folder must be a folder."""
    if folder is not None and not folder.is_dir():
        raise UsageError(
            "template_not_found",
            "Không tìm thấy thư mục mẫu; tạo bằng dean24 template init <thư mục>.",
            Location(file=str(folder)),
        )


def _layout(given: Path | None, folder: Path | None, name: str) -> Path | None:
    """A layout template: the one given, else the folder's copy, else None (shipped)."""
    from dean24.words.loader import confined

    if given is not None:
        return given
    if folder is not None and (path := confined(folder, name)) is not None:
        return path
    return None


def check_clashes(settings: ReportSettings, outputs: tuple[Path, ...]) -> None:
    """Refuse, before anything is read or written, an output that is one of the user's own
    files (an input, the notes, a template, the configuration, the store), an output given
    twice, or an output that is a folder; and a store that is one of the user's other files.
    Default output names are checked the same way."""
    from dean24.core.userfiles import refuse_clashes

    given = _user_files(settings)
    written = [("tệp kết quả", out) for out in outputs if str(out) != "-"]
    refuse_clashes(given, written)
    for _, out in written:
        if out.is_dir():
            raise UsageError(
                "output_is_directory",
                "Tệp kết quả là một thư mục; chọn một tên tệp (ví dụ bao_cao.docx).",
                Location(file=str(out)),
            )
    store = [(role, path) for role, path in given if role == STORE_ROLE]
    refuse_clashes([(role, path) for role, path in given if role != STORE_ROLE], store)


def feedback_targets(settings: ReportSettings) -> dict[str, Path]:
    """Where the marked copy of each input file would go (none without a feedback folder);
    the folder must not be a file."""
    if settings.feedback is None:
        return {}
    if settings.feedback.exists() and not settings.feedback.is_dir():
        raise UsageError(
            "feedback_not_directory",
            f"{settings.feedback} đã có và không phải thư mục; --feedback cần một thư mục để "
            "ghi bản sao đánh dấu của các biểu.",
            Location(file=str(settings.feedback)),
        )
    from dean24.reading.reader import expand_inputs
    from dean24.render.feedback import copy_targets

    try:
        files = expand_inputs(list(settings.inputs))
    except (OSError, Dean24Error):  # an input that cannot be listed is said where it is read
        return {}
    return copy_targets(files, settings.feedback)


def feedback_copies(problems: list[Problem], targets: dict[str, Path]) -> dict[Path, bytes]:
    """The marked copies of the input files that `problems` are about, as bytes to write."""
    if not targets:
        return {}
    from dean24.render.feedback import marked_copies, render_copies

    return render_copies(marked_copies(problems, targets))


def write_feedback_on_failure(failed: ValidationFailed, targets: dict[str, Path]) -> None:
    """With errors no report is written, but the marked copies are: that is when the units
    need them most. They are recorded on the error, to be said with it."""
    from dean24.store.outputs import write_all

    copies = feedback_copies([*failed.problems, *failed.warnings], targets)
    if copies:
        write_all(copies)
        failed.written = [str(path) for path in copies]


def build_report_model(
    settings: ReportSettings, config: Config, progress: Progress | None = None
) -> tuple[ReportModel, list[Problem]]:
    """Read and validate the inputs and build the whole model, with what the history store
    holds (read only: nothing is recorded)."""
    valid = read_valid(settings, config, progress, meanwhile=lambda: _prepare(settings))
    past = read_past(settings.store_path, valid.period, readonly=True)
    notes = _notes(settings)
    model = build_report(valid, config, past, notes.problems if notes is not None else ())
    return model, list(model.warnings)


def _prepare(settings: ReportSettings) -> None:
    """While worker processes read the workbooks: import what adds the figures up (pandas)
    and what writes the outputs asked for, and compile the narrative templates. A template
    that fails to compile is said where the document is built, as it would be without this.

    No garbage collection meanwhile (imports make many objects and few cycles); what is
    loaded is then frozen, since it lives as long as the process, so that later collections
    do not walk it again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        _load(settings)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load(settings: ReportSettings) -> None:
    import dean24.judging.aggregate
    import dean24.words.document
    from dean24.words.narrative import Narrative

    outputs = settings.outputs or default_outputs(settings.inputs)
    suffixes = {out.suffix.lower() for out in outputs}
    if suffixes & {".docx", ".pdf"}:
        import dean24.render.comments
        import dean24.render.docx
    if ".xlsx" in suffixes:
        import dean24.render.xlsx  # noqa: F401

    # A template that fails here fails again, and is reported, where the document is built.
    with contextlib.suppress(Exception):
        Narrative(settings.templates).compile_all()


def read_valid(
    settings: ReportSettings,
    config: Config,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> ValidData:
    """Read and validate the inputs: one period, one set of figures per unit.

    progress, if given, is called after each workbook with (files read, files in all);
    meanwhile, if given, while worker processes read (see read_inputs).
    """
    from dean24.checking.validation import validate
    from dean24.reading.reader import read_inputs

    read = read_inputs(list(settings.inputs), config, progress, meanwhile, settings.period)
    return validate(read, config, settings.period)


def read_past(store_path: Path | None, period: Period, *, readonly: bool = False) -> Past:
    """What the history store holds before `period` (nothing without a store); readonly for
    the commands that must not change the file (`check`)."""
    if store_path is None or not store_path.exists():
        return Past()
    from dean24.store.history import History

    with History(store_path, readonly=readonly) as history:
        return history.past(period)


def build_report(
    valid: ValidData, config: Config, past: Past, notices: Sequence[Problem] = ()
) -> ReportModel:
    """The whole report model, finished before anything is rendered: the totals and each
    target's verdict, the comparisons with the stored periods and the trend, a change of
    units, the continuity of each unit's cumulative figures, and every notice (`notices`:
    those of the analyst's notes)."""
    from dean24.judging.aggregate import build_model
    from dean24.judging.comparisons import compare, continuity, late_results

    config = config.at(valid.period.start)
    model = build_model(valid, config, past)
    reported = {u.name: u.values for u in model.units if u.reported}
    earlier = compare(model.period, model.indicators, reported, [u.name for u in model.units], past)
    labels = {i.code: i.label for i in config.indicators}
    indicators = tuple(
        replace(
            result,
            previous=earlier.previous.get(result.code),
            year_before=earlier.year_before.get(result.code),
        )
        for result in model.indicators
    )
    found = continuity(valid.period, valid.units, past, labels)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        # a figure that contradicts what the store holds: no report on it
        raise ValidationFailed(errors, [*model.warnings, *found])
    warnings = (*model.warnings, *notices, *earlier.notices, *found)
    return replace(
        model,
        indicators=indicators,
        trend=tuple(earlier.trend),
        warnings=warnings,
        comparisons_withheld=tuple(earlier.withheld),
        compared_incomplete=tuple(earlier.short_then),
        late=tuple(late_results(valid.period, valid.units, past)),
    )


def render_outputs(
    model: ReportModel,
    config: Config,
    settings: ReportSettings,
    outputs: tuple[Path, ...],
    notes: Notes | None = None,
) -> dict[Path, bytes]:
    """Render every requested output in memory from the finished model, before anything is
    written; nothing here changes the model."""
    from dean24.words.limits import watching

    with watching():  # one watchdog for the report's hundred-odd template renderings
        return _render_outputs(model, config, settings, outputs, notes)


def _render_outputs(
    model: ReportModel,
    config: Config,
    settings: ReportSettings,
    outputs: tuple[Path, ...],
    notes: Notes | None,
) -> dict[Path, bytes]:
    from dean24.render.jsonout import render_json
    from dean24.render.markdown import render_markdown
    from dean24.words.document import build_document
    from dean24.words.narrative import Narrative

    words = Narrative(settings.templates)
    document = build_document(model, config, notes, settings.report_date, words)
    rendered: dict[Path, bytes] = {}
    word: bytes | None = None
    for out in outputs:
        suffix = ".md" if str(out) == "-" else out.suffix.lower()
        if suffix == ".md":
            layout = _layout(settings.md_template, settings.templates, "report.md.j2")
            rendered[out] = render_markdown(document, layout).encode("utf-8")
        elif suffix == ".json":
            rendered[out] = render_json(model).encode("utf-8")
        elif suffix == ".docx":
            word = word or _word(document, config, settings)
            rendered[out] = word
        elif suffix == ".xlsx":
            from dean24.render.xlsx import render_xlsx

            rendered[out] = render_xlsx(model, config, document)
    for out in outputs:
        if out.suffix.lower() == ".pdf" and str(out) != "-":
            from dean24.render.pdf import docx_to_pdf

            word = word or _word(document, config, settings)
            rendered[out] = docx_to_pdf(word)
    return rendered


def _word(document: ReportDocument, config: Config, settings: ReportSettings) -> bytes:
    """The Word report, with the reviewer's comments on the notices (render_docx adds them)."""
    from dean24.render.docx import render_docx

    layout = _layout(settings.docx_template, settings.templates, "report.docx")
    return render_docx(document, config, layout)


def _notes(settings: ReportSettings) -> Notes | None:
    from dean24.words.notes import read_notes

    return read_notes(settings.notes_path) if settings.notes_path else None


@contextlib.contextmanager
def _store(path: Path | None) -> Iterator[History | None]:
    """The run's history store, opened once (created when new), or None without one."""
    if path is None:
        yield None
        return
    from dean24.store.history import History

    with History(path) as history:
        yield history


def report_valid(
    valid: ValidData,
    config: Config,
    settings: ReportSettings,
    outputs: tuple[Path, ...],
    feedback: dict[str, Path] | None = None,
) -> tuple[ReportModel, dict[Path, bytes]]:
    """Build the report of validated inputs, render every output in memory, then write the
    files ("-" is left to the caller), with the marked copies of the inputs that have warnings
    (`feedback`: where each would go).

    With a history store, opened once: what it holds is read as data before the model is
    built, and the report's figures are recorded in the same step that replaces its files: a
    store that cannot be written means no file replaced, and a file that cannot be written
    means nothing recorded.
    """
    from dean24.store.outputs import write_all

    notes = _notes(settings)
    with _store(settings.store_path) as store:
        past = store.past(valid.period) if store is not None else Past()
        model = build_report(valid, config, past, notes.problems if notes is not None else ())
        speaking = config.speaking(
            model.period.start, [u.name for u in model.units], settings.report_date
        )
        rendered = render_outputs(model, speaking, settings, outputs, notes)
        rendered.update(feedback_copies(list(model.warnings), feedback or {}))
        files = {path: data for path, data in rendered.items() if str(path) != "-"}
        if store is not None:
            store.prepare_record(model)
        write_all(files, store)
    return model, rendered


def run_report(
    settings: ReportSettings, config: Config | None = None, progress: Progress | None = None
) -> ReportRun:
    """Build the report of settings and write its outputs; see report_valid."""
    outputs = settings.outputs or default_outputs(settings.inputs)
    check_outputs(outputs)
    check_templates(settings.templates)
    feedback = feedback_targets(settings)
    check_clashes(settings, outputs + tuple(feedback.values()))
    from dean24.store.history import recorded
    from dean24.store.outputs import recover_for

    recover_for(outputs, recorded)  # a set a killed run left half replaced is made whole first
    config = config or load_config(settings.config_path)
    notes = check_pdf(outputs, config)
    try:
        valid = read_valid(settings, config, progress, meanwhile=lambda: _prepare(settings))
        model, rendered = report_valid(valid, config, settings, outputs, feedback)
    except ValidationFailed as failed:
        write_feedback_on_failure(failed, feedback)
        raise
    files = [path for path in rendered if str(path) != "-"]
    stdout = b"".join(data for path, data in rendered.items() if str(path) == "-")
    return ReportRun(model, config, files, stdout.decode("utf-8"), [*model.warnings, *notes])


def check_pdf(outputs: tuple[Path, ...], config: Config) -> list[Problem]:
    """Before anything is read or written: a PDF asked for needs LibreOffice (a usage error
    with the line that installs it); the note on the font it will use, if any."""
    if not any(out.suffix.lower() == ".pdf" and str(out) != "-" for out in outputs):
        return []
    from dean24.render.pdf import font_notice, require_soffice

    require_soffice()
    notice = font_notice(config.document.format.font)
    return [notice] if notice is not None else []
