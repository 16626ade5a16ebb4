"""History of reported periods in SQLite: comparisons with earlier periods and continuity checks."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dean24.errors import Dean24Error, Location, Problem
from dean24.model import Comparison, Past, PastPeriod, ReportModel, TrendPoint, UnitReport
from dean24.periods import Period, parse_code
from dean24.reorganisation import units_changed
from dean24.text import format_int

SCHEMA_VERSION = 2
LOCK_WAIT = 5  # seconds a run waits for a store that another run is writing

# Each step brings a database from version N-1 to N; a later version appends a step.
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE periods (
        code TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        sources TEXT NOT NULL
    );
    CREATE TABLE figures (
        period TEXT NOT NULL REFERENCES periods(code) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        indicator TEXT NOT NULL,
        period_value INTEGER NOT NULL,
        cumulative_value INTEGER NOT NULL,
        PRIMARY KEY (period, unit, indicator)
    );
    """,
    # A unit that sent nothing keeps its last cumulative figures in the province's totals:
    # its rows are stored with the period they were carried from, and are never taken for a
    # report of its own.
    """
    ALTER TABLE figures ADD COLUMN carried_from TEXT;
    """,
]


class HistoryError(Dean24Error):
    """The history database cannot be opened or is from a newer version of the tool."""


@dataclass(frozen=True)
class StoredPeriod:
    period: Period
    recorded_at: str
    units: int


class History:
    """A SQLite file of per-unit figures, one set per period; re-recording replaces it."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """Open (or, unless readonly, create and migrate) the history file at path.

        A read-only open changes nothing in the file, so it works without write access. The
        file keeps a rollback journal, not a write-ahead log, so it works on network shares;
        a store that another run holds is waited for LOCK_WAIT seconds, then refused.
        """
        self.path = path
        with self._guard():
            if readonly:
                self.db = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT
                )
                self._check_version(readonly=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, timeout=LOCK_WAIT, isolation_level=None)
                self.db.execute("PRAGMA foreign_keys = ON")
                self._check_version(readonly=False)
                self._use_rollback_journal()
                self._migrate()

    def _use_rollback_journal(self) -> None:
        """Leave WAL (stores of earlier versions): it needs shared memory that network shares
        lack. Another open connection keeps the store in WAL for now, which is harmless."""
        mode = str(self.db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if mode == "wal":
            with suppress(sqlite3.OperationalError):
                self.db.execute("PRAGMA journal_mode = DELETE")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn a damaged, locked, read-only or unreadable database into the project's error."""
        try:
            yield
        except (sqlite3.DatabaseError, OSError) as exc:
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> HistoryError:
        where = Location(file=str(self.path))
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
            return HistoryError(
                "history_locked",
                f"Cơ sở dữ liệu lịch sử đang bị một lần chạy khác giữ (đã chờ {LOCK_WAIT} giây); "
                "không tệp nào được ghi. Chờ lần chạy kia xong rồi chạy lại.",
                where,
            )
        if name.startswith("SQLITE_READONLY") or (
            isinstance(exc, OSError) and exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}
        ):
            return HistoryError(
                "history_read_only",
                "Không ghi được vào cơ sở dữ liệu lịch sử (tệp hoặc thư mục chỉ cho đọc); không "
                "tệp nào được ghi. Cấp quyền ghi, hoặc dùng --store với tệp khác.",
                where,
            )
        if name.startswith("SQLITE_FULL") or (
            isinstance(exc, OSError) and exc.errno == errno.ENOSPC
        ):
            return HistoryError(
                "disk_full",
                "Ổ đĩa chứa cơ sở dữ liệu lịch sử đã đầy; không tệp nào được ghi. Giải phóng chỗ "
                "trống rồi chạy lại.",
                where,
            )
        return HistoryError(
            "history_unreadable",
            f"Không đọc được cơ sở dữ liệu lịch sử ({exc}). Kiểm tra tệp, hoặc dùng --store "
            "với tệp khác.",
            where,
        )

    def _check_version(self, *, readonly: bool) -> None:
        # One statement, so one snapshot: a first run creating the schema meanwhile is seen
        # either not at all or whole.
        version, tables = self.db.execute(
            "SELECT user_version, (SELECT COUNT(*) FROM sqlite_master) FROM pragma_user_version"
        ).fetchone()
        version = int(version)
        if version == 0 and (tables or readonly):
            raise HistoryError(
                "history_foreign",
                "Tệp này không phải cơ sở dữ liệu lịch sử của dean24; dùng --store với tệp khác.",
                Location(file=str(self.path)),
            )
        if version > SCHEMA_VERSION:
            raise self._too_new(version)
        if readonly and version != SCHEMA_VERSION:
            raise HistoryError(
                "history_version",
                f"Cơ sở dữ liệu lịch sử có phiên bản {version}, công cụ này dùng phiên bản "
                f"{SCHEMA_VERSION}; lập một báo cáo với --store để nâng cấp tệp.",
                Location(file=str(self.path)),
            )

    def _too_new(self, version: int) -> HistoryError:
        return HistoryError(
            "history_too_new",
            f"Cơ sở dữ liệu lịch sử có phiên bản {version}, mới hơn phiên bản công cụ đọc "
            f"được ({SCHEMA_VERSION}): tệp do một bản dean24 mới hơn ghi. Cập nhật dean24 "
            "(pip install -U dean24), hoặc dùng --store với tệp khác.",
            Location(file=str(self.path)),
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the store's lock at once (BEGIN IMMEDIATE)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.rollback()
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION; the version is read again under the write lock,
        so two first runs on a new store do not both create the tables."""
        if int(self.db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION:
            return
        with self._transaction() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise self._too_new(version)
            for step in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")

    def record(self, model: ReportModel) -> None:
        """Store the period's per-unit figures, replacing what was stored for it, in one step."""
        self.prepare_record(model)
        self.commit()

    def prepare_record(self, model: ReportModel) -> None:
        """Write the period's figures in a transaction left open: commit() makes them stored,
        rollback() forgets them. The store stays locked for others until then."""
        with self._guard():
            code = model.period.code
            rows = [
                (
                    code,
                    unit.name,
                    indicator,
                    p,
                    c,
                    unit.carried_from.code if unit.carried_from is not None else None,
                )
                for unit in model.units
                if unit.reported or unit.carried_from is not None
                for indicator, (p, c) in unit.values.items()
            ]
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute("DELETE FROM periods WHERE code = ?", (code,))
                self.db.execute(
                    "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        code,
                        model.period.label,
                        model.period.start.isoformat(),
                        model.period.end.isoformat(),
                        datetime.now(UTC).isoformat(timespec="seconds"),
                        "; ".join(model.sources),
                    ),
                )
                self.db.executemany(
                    "INSERT INTO figures (period, unit, indicator, period_value, "
                    "cumulative_value, carried_from) VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
            except BaseException:
                self.rollback()
                raise

    def commit(self) -> None:
        """Make the prepared record stored."""
        with self._guard():
            self.db.execute("COMMIT")

    def rollback(self) -> None:
        """Forget a prepared record (nothing happens if none is open)."""
        if self.db.in_transaction:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def figures(self, period: Period) -> dict[str, dict[str, tuple[int, int]]] | None:
        """unit → indicator → (period, cumulative) that units reported for a stored period
        (carried figures left out), or None when the period is not stored."""
        with self._guard():
            if not self.db.execute(
                "SELECT 1 FROM periods WHERE code = ?", (period.code,)
            ).fetchone():
                return None
            result: dict[str, dict[str, tuple[int, int]]] = {}
            for unit, indicator, p, c in self.db.execute(
                "SELECT unit, indicator, period_value, cumulative_value FROM figures "
                "WHERE period = ? AND carried_from IS NULL",
                (period.code,),
            ):
                result.setdefault(unit, {})[indicator] = (int(p), int(c))
            return result

    def periods(self) -> list[StoredPeriod]:
        with self._guard():
            rows = self.db.execute(
                "SELECT p.code, p.recorded_at, COUNT(DISTINCT f.unit) FROM periods p "
                "LEFT JOIN figures f ON f.period = p.code GROUP BY p.code"
            ).fetchall()
            stored = [StoredPeriod(parse_code(code), at, int(n)) for code, at, n in rows]
            return sorted(stored, key=lambda s: (s.period.end, s.period.months))

    def totals(self, period: Period) -> dict[str, tuple[int, int]]:
        """indicator → (period, cumulative) summed over units, for a stored period."""
        with self._guard():
            return {
                indicator: (int(p), int(c))
                for indicator, p, c in self.db.execute(
                    "SELECT indicator, SUM(period_value), SUM(cumulative_value) FROM figures "
                    "WHERE period = ? GROUP BY indicator",
                    (period.code,),
                )
            }

    def past(self, period: Period) -> Past:
        """What the store holds besides `period`: every other period's totals, and each
        unit's latest own report that ends before `period` does."""
        with self._guard():
            stored = [s.period for s in self.periods() if s.period != period]
            reported = {p: self.figures(p) or {} for p in stored}
            periods = [PastPeriod(p, self.totals(p), reported[p]) for p in stored]
            latest: dict[str, UnitReport] = {}
            for earlier in sorted(stored, key=lambda p: (p.end, p.months)):
                if earlier.end >= period.end:
                    continue
                for unit, values in reported[earlier].items():
                    latest[unit] = UnitReport(earlier, values)
            return Past(periods, latest)


def compare(model: ReportModel, history: History, labels: dict[str, str]) -> None:
    """Add to the model the previous period and the same period a year earlier, and a warning
    for every unit whose cumulative figure does not follow from its previous report."""
    previous, year_before = model.period.previous(), model.period.year_before()
    for period, attr in ((previous, "previous"), (year_before, "year_before")):
        stored = history.figures(period)
        if stored is None:
            continue
        totals = history.totals(period)
        for result in model.indicators:
            if result.code in totals:
                p, c = totals[result.code]
                setattr(result, attr, Comparison(period, p, c))
    model.trend = [
        TrendPoint(stored.period, history.totals(stored.period))
        for stored in history.periods()
        if stored.period.kind == model.period.kind and stored.period.end < model.period.end
    ]
    model.trend.append(
        TrendPoint(
            model.period,
            {r.code: (r.period_value, r.cumulative_value) for r in model.indicators},
        )
    )
    stored_units = [(s.period, set(history.figures(s.period) or {})) for s in history.periods()]
    changed = units_changed(model.period, {u.name for u in model.units}, stored_units)
    if changed is not None:
        model.warnings.append(changed)
    before = history.figures(previous)
    if before is None:
        return
    for unit in model.units:
        if not unit.reported or unit.name not in before:
            continue
        for code, (in_period, cumulative) in unit.values.items():
            if code not in before[unit.name]:
                continue
            where = unit.cells[code][1] if code in unit.cells else Location()
            problem = continuity_break(
                unit.name,
                labels.get(code, code),
                previous,
                before[unit.name][code][1],
                (in_period, cumulative),
                where,
            )
            if problem is not None:
                model.warnings.append(problem)


def continuity_break(
    unit: str,
    label: str,
    previous: Period,
    earlier: int,
    figures: tuple[int, int],
    where: Location,
) -> Problem | None:
    """A warning when a unit's cumulative figure is not its previous cumulative figure plus
    the figure of the period, else None."""
    in_period, cumulative = figures
    if earlier + in_period == cumulative:
        return None
    return Problem(
        "continuity_break",
        f'{unit}, chỉ tiêu "{label}": lũy kế kỳ trước ({previous.label}) là '
        f"{format_int(earlier)}, cộng số trong kỳ {format_int(in_period)} được "
        f"{format_int(earlier + in_period)}, nhưng biểu ghi lũy kế {format_int(cumulative)} "
        f"(chênh {format_int(abs(cumulative - earlier - in_period))}); đề nghị đơn vị rà soát "
        "lại.",
        where,
        severity="warning",
    )
