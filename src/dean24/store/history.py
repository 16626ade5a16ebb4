"""The history store: each reported period's per-unit figures in SQLite, read back as `Past`."""

from __future__ import annotations

import errno
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from dean24.core.errors import Dean24Error, Location
from dean24.core.model import Acknowledgement, Past, PastPeriod, ReportModel, UnitReport
from dean24.core.periods import Period, parse_code
from dean24.core.text import format_int, join_vi

SCHEMA_VERSION = 3
LOCK_WAIT = 5  # seconds a run waits for a store that another run is writing
# A stored figure is one unit's count: at most the largest programme.max_value the
# configuration accepts (config.MAX_COUNT).
MAX_FIGURE = 10_000_000
MAX_TEXT = 1_000  # characters of a stored unit name or indicator code
MAX_VALUE_BYTES = 64 << 20  # the longest text SQLite hands over (the sources of a period)
# Tables SQLite itself makes (ANALYZE): statistics, never run.
_SQLITE_OWN = {"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}

# Each step brings a database from version N-1 to N; a later version appends a step.
# The oldest version a read-only open reads as it is, and the version that added the
# acknowledgements table.
READABLE_FROM = 2
ACKNOWLEDGEMENTS_FROM = 3
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
    # A warning the analyst has looked at, with the figure it concerned and why it stands; it
    # outlives a new record of its period (a changed figure raises the warning again).
    """
    CREATE TABLE acknowledgements (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        indicator TEXT NOT NULL,
        code TEXT NOT NULL,
        value INTEGER NOT NULL,
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (period, unit, indicator, code)
    );
    """,
]


class HistoryError(Dean24Error):
    """The history database cannot be opened, is not a dean24 store, holds something besides
    data, or is from a newer version of the tool."""


@dataclass(frozen=True)
class StoredPeriod:
    period: Period
    recorded_at: str
    units: int  # units that reported for the period
    carried: int = 0  # units that did not, whose last cumulative figures were carried


@cache
def expected_schema(version: int) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) → (table, SQL) of every schema object the tool makes, at a version:
    built by running the migrations in memory, so it is exactly what they make."""
    db = sqlite3.connect(":memory:")
    try:
        for step in range(version):
            for statement in _MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
        return {
            (kind, name): (table, _normal_sql(sql))
            for kind, name, table, sql in db.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
        }
    finally:
        db.close()


def _normal_sql(sql: object) -> str:
    return " ".join(str(sql).split()) if sql is not None else ""


_KINDS = {"table": "bảng", "view": "view", "trigger": "trigger", "index": "chỉ mục"}


class History:
    """A SQLite file of per-unit figures, one set per period; re-recording replaces it.

    A store is data, never code: it is opened only when its schema is exactly the one the
    tool makes (no trigger, view, index or table of anyone else), with triggers unable to run
    and schema functions untrusted, and every value read is checked for type and range.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """Open (or, unless readonly, create and migrate) the history file at path.

        A read-only open changes nothing in the file, so it works without write access (a run
        killed while writing leaves a journal that SQLite must undo first: then the file is
        opened for that alone when it can be). The file keeps a rollback journal, not a
        write-ahead log, so it works on network shares; a store that another run holds is
        waited for LOCK_WAIT seconds, then refused.
        """
        self.path = path
        self.pending: dict[str, str | int] = {}
        self.version = 0
        self._good: set[object] = set()
        with self._guard():
            if readonly:
                self.db = self._connect(f"{path.resolve().as_uri()}?mode=ro")
                try:
                    self._check_schema(readonly=True)
                except sqlite3.OperationalError as exc:
                    if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY_"):
                        raise
                    self.db.close()  # a hot journal: let SQLite roll it back, then only read
                    self.db = self._connect(f"{path.resolve().as_uri()}?mode=rw")
                    self._check_schema(readonly=True)
                self.db.execute("PRAGMA query_only = ON")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = self._connect(path.resolve().as_uri())
                self._check_schema(readonly=False)
                self._use_rollback_journal()
                self._migrate()
                self.version = SCHEMA_VERSION

    @staticmethod
    def _connect(uri: str) -> sqlite3.Connection:
        """A connection on which nothing stored in the file can run: no trigger fires (a
        trigger depth of 0 makes one an error), functions in the schema are untrusted, pages
        are checked as they are read, no memory mapping, and no value longer than
        MAX_VALUE_BYTES is handed over. Foreign keys stay off: the tool deletes a period's
        figures itself, so no cascade (an internal trigger) is needed."""
        db = sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT, isolation_level=None)
        db.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 0)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        setconfig = getattr(db, "setconfig", None)  # Python 3.12+
        if setconfig is not None:
            for name, on in (
                ("SQLITE_DBCONFIG_DEFENSIVE", True),
                ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
                ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
                ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
            ):
                if hasattr(sqlite3, name):
                    setconfig(getattr(sqlite3, name), on)
        for pragma in (
            "trusted_schema = OFF",
            "cell_size_check = ON",
            "mmap_size = 0",
            "foreign_keys = OFF",
        ):
            db.execute(f"PRAGMA {pragma}")
        return db

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
                "không tệp nào được ghi.",
                where,
                advised=True,
            )
        if name.startswith("SQLITE_READONLY") or (
            isinstance(exc, OSError) and exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}
        ):
            return HistoryError(
                "history_read_only",
                "Không ghi được vào cơ sở dữ liệu lịch sử (tệp hoặc thư mục chỉ cho đọc); không "
                "tệp nào được ghi.",
                where,
                advised=True,
            )
        if name.startswith("SQLITE_FULL") or (
            isinstance(exc, OSError) and exc.errno == errno.ENOSPC
        ):
            return HistoryError(
                "disk_full",
                "Ổ đĩa chứa cơ sở dữ liệu lịch sử đã đầy; không tệp nào được ghi.",
                where,
                advised=True,
            )
        if name.startswith("SQLITE_NOTADB"):
            return self._foreign("không phải tệp SQLite, hoặc tệp đã hỏng")
        if name.startswith("SQLITE_TOOBIG"):
            return HistoryError(
                "history_row_invalid",
                "Cơ sở dữ liệu lịch sử có một giá trị dài quá "
                f"{format_int(MAX_VALUE_BYTES >> 20)} MB, không phải số liệu dean24 ghi; "
                "không tệp nào được ghi. Dùng bản sao lưu của tệp, hoặc --store với tệp khác.",
                where,
            )
        return HistoryError(
            "history_unreadable",
            f"Không đọc được cơ sở dữ liệu lịch sử ({exc}).",
            where,
            advised=True,
        )

    def _foreign(self, why: str) -> HistoryError:
        return HistoryError(
            "history_foreign",
            f"Tệp này không phải cơ sở dữ liệu lịch sử của dean24 ({why}); dean24 không đọc "
            "và không ghi gì vào tệp. Dùng --store với tệp lịch sử của dean24, hoặc một tên "
            "tệp mới để bắt đầu lịch sử.",
            Location(file=str(self.path)),
        )

    def _check_schema(self, *, readonly: bool) -> None:
        """Refuse, before anything is read or written, a file that is not a dean24 store (no
        tables of the tool), a store that holds anything the tool does not make (a trigger,
        view, index or table of someone else, or a changed table), or a store of a newer
        version. A new, empty file becomes a store (unless opened read-only)."""
        # One statement, so one snapshot: a first run creating the schema meanwhile is seen
        # either not at all or whole.
        rows = self.db.execute(
            "SELECT 'version', '', '', user_version FROM pragma_user_version "
            "UNION ALL SELECT type, name, tbl_name, sql FROM sqlite_master"
        ).fetchall()
        version = rows[0][3]
        found = {
            (str(kind), str(name)): (str(table), _normal_sql(sql))
            for kind, name, table, sql in rows[1:]
        }
        found = {key: value for key, value in found.items() if key[1] not in _SQLITE_OWN}
        if not isinstance(version, int):
            raise self._foreign("không đọc được số phiên bản")
        if not found and version == 0:
            if readonly:
                raise self._foreign("tệp trống")
            return
        if version > SCHEMA_VERSION and ("table", "periods") in found:
            raise self._too_new(version)  # a later version may change the other tables
        if not {("table", "periods"), ("table", "figures")} <= found.keys():
            raise self._foreign("không có các bảng periods và figures của dean24")
        if not 0 < version <= SCHEMA_VERSION:
            raise self._foreign("không có số phiên bản của dean24")
        expected = expected_schema(version)
        others = [key for key in found if found[key] != expected.get(key)]
        if {("table", "periods"), ("table", "figures")} <= set(others):
            raise self._foreign("các bảng periods và figures không phải của dean24")
        if others:
            raise self._untrusted(sorted(others, key=lambda k: (k[0] != "trigger", k)), found)
        self.version = version
        # A read-only open reads a store of an earlier version as it is, as long as it holds
        # what is read (version 2 added carried_from; version 3 only acknowledgements, which a
        # store without them simply has none of): `history` or `check --store` after an update
        # need no report run first.
        if readonly and version < READABLE_FROM:
            raise HistoryError(
                "history_version",
                f"Cơ sở dữ liệu lịch sử có phiên bản {version}, công cụ này dùng phiên bản "
                f"{SCHEMA_VERSION}; lập một báo cáo với --store để nâng cấp tệp.",
                Location(file=str(self.path)),
            )

    def _untrusted(
        self, keys: list[tuple[str, str]], found: dict[tuple[str, str], tuple[str, str]]
    ) -> HistoryError:
        named = []
        for kind, name in keys[:5]:
            table = found[(kind, name)][0]
            what = f'{_KINDS.get(kind, kind)} "{_shown(name)}"'
            if kind == "table":
                if (kind, name) in expected_schema(SCHEMA_VERSION):
                    what += " đã bị sửa định nghĩa"
            elif table and table != name:
                what += f" trên bảng {_shown(table)}"
            named.append(what)
        if len(keys) > 5:
            named.append(f"{len(keys) - 5} đối tượng khác")
        return HistoryError(
            "history_schema_changed",
            f"Cơ sở dữ liệu lịch sử có thứ dean24 không tạo ra: {join_vi(named)}. Tệp lịch sử "
            "chỉ được chứa số liệu, không chứa lệnh tự chạy, nên dean24 không đọc và không ghi "
            "gì vào tệp này.",
            Location(file=str(self.path)),
            advised=True,
        )

    def _too_new(self, version: int) -> HistoryError:
        return HistoryError(
            "history_too_new",
            f"Cơ sở dữ liệu lịch sử có phiên bản {version}, mới hơn phiên bản công cụ đọc "
            f"được ({SCHEMA_VERSION}): tệp do một bản dean24 mới hơn ghi.",
            Location(file=str(self.path)),
            advised=True,
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

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Reads that see the store at one moment: a run recording meanwhile is seen either
        not at all or whole."""
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            if self.db.in_transaction:
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
            self.pending = {
                "store": str(self.path.resolve()),
                "period": code,
                "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sources": "; ".join(model.sources),
                "rows": len(rows),
            }
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute("DELETE FROM figures WHERE period = ?", (code,))
                self.db.execute("DELETE FROM periods WHERE code = ?", (code,))
                self.db.execute(
                    "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        code,
                        model.period.label,
                        model.period.start.isoformat(),
                        model.period.end.isoformat(),
                        self.pending["recorded_at"],
                        self.pending["sources"],
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

    def journal_entry(self) -> dict[str, str | int]:
        """What identifies the prepared record, for the journal of a set of files written
        with it: recorded() tells afterwards whether it was committed."""
        return dict(self.pending)

    @staticmethod
    def recorded(entry: dict[str, object]) -> bool:
        """Whether the record a journal entry describes was committed (see recorded())."""
        return recorded(entry)

    def commit(self) -> None:
        """Make the prepared record stored."""
        with self._guard():
            self.db.execute("COMMIT")

    def rollback(self) -> None:
        """Forget a prepared record (nothing happens if none is open)."""
        if self.db.in_transaction:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    # Reading: every value goes through a check of its type and range; a row that fails is
    # refused with the store, table and key, never used.

    def _damaged(self, table: str, rowid: object, key: str, problem: str) -> HistoryError:
        return HistoryError(
            "history_row_invalid",
            f"Cơ sở dữ liệu lịch sử có một dòng hỏng: bảng {table}, dòng số {_shown(rowid)}"
            f"{f' ({key})' if key else ''}: {problem}. Giá trị này không do dean24 ghi (tệp "
            "đã bị sửa hoặc hỏng) nên dean24 không dùng tệp; không tệp nào được ghi. Sửa hoặc "
            "xóa dòng đó, dùng bản sao lưu của tệp, hoặc --store với tệp khác.",
            Location(file=str(self.path)),
        )

    def _period(
        self, value: object, table: str, rowid: object, column: str, key: str = ""
    ) -> Period:
        if isinstance(value, str) and len(value) <= 20:
            with suppress(Dean24Error):
                return parse_code(value)
        raise self._damaged(
            table,
            rowid,
            key,
            f"cột {column} là {_described(value)}, không phải mã kỳ hợp lệ (dạng 2024-H1, "
            "2024-Q3 hoặc 2024)",
        )

    def _count(self, value: object, rowid: object, key: str, column: str) -> int:
        if type(value) is int and 0 <= value <= MAX_FIGURE:
            return value
        if type(value) is int:
            why = "số âm" if value < 0 else f"lớn hơn {format_int(MAX_FIGURE)}"
            problem = f"cột {column} là {value} ({why})"
        else:
            problem = f"cột {column} là {_described(value)}"
        raise self._damaged("figures", rowid, key, f"{problem}, cần một số nguyên không âm")

    def _text(self, value: object, rowid: object, key: str, column: str) -> str:
        if (
            isinstance(value, str)
            and 0 < len(value) <= MAX_TEXT
            and value.strip() == value
            and value.isprintable()
            and unicodedata.is_normalized("NFC", value)
        ):
            return value
        if isinstance(value, str) and value and value.isprintable() and len(value) <= MAX_TEXT:
            why = (
                "có khoảng trắng ở đầu hoặc cuối" if value.strip() != value else "không ở dạng NFC"
            )
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            why = f"dài hơn {format_int(MAX_TEXT)} ký tự"
        elif isinstance(value, str) and value:
            why = "có ký tự điều khiển"
        else:
            why = "không phải chữ"
        raise self._damaged("figures", rowid, key, f"cột {column} là {_described(value)} ({why})")

    def _rows(self, period: Period) -> list[tuple[str, str, int, int, bool]] | None:
        """(unit, indicator, in period, cumulative, carried) of a stored period, every value
        checked; None when the period is not stored."""
        code = period.code
        if not self.db.execute("SELECT 1 FROM periods WHERE code = ?", (code,)).fetchone():
            return None
        rows = []
        good = self._good  # texts and codes already checked: names repeat on many rows
        for rowid, unit, indicator, p, c, carried in self.db.execute(
            "SELECT rowid, unit, indicator, period_value, cumulative_value, carried_from "
            "FROM figures WHERE period = ?",
            (code,),
        ):
            if not (
                type(p) is int
                and type(c) is int
                and 0 <= p <= MAX_FIGURE
                and 0 <= c <= MAX_FIGURE
                and unit in good
                and indicator in good
                and (carried is None or carried in good)
            ):
                self._check_row(code, rowid, unit, indicator, p, c, carried)
                good.update((unit, indicator) if carried is None else (unit, indicator, carried))
            rows.append((unit, indicator, p, c, carried is not None))
        return rows

    def _check_row(
        self, code: str, rowid: object, unit: object, indicator: object, *values: object
    ) -> None:
        """Refuse a row of figures with a value of the wrong type or range, naming it."""
        key = f"kỳ {code}"
        self._text(unit, rowid, key, "unit")
        key += f', đơn vị "{unit}"'
        self._text(indicator, rowid, key, "indicator")
        key += f', chỉ tiêu "{indicator}"'
        p, c, carried = values
        self._count(p, rowid, key, "period_value")
        self._count(c, rowid, key, "cumulative_value")
        if carried is not None:
            self._period(carried, "figures", rowid, "carried_from", key)

    def figures(self, period: Period) -> dict[str, dict[str, tuple[int, int]]] | None:
        """unit → indicator → (period, cumulative) that units reported for a stored period
        (carried figures left out), or None when the period is not stored."""
        with self._guard():
            rows = self._rows(period)
        return None if rows is None else _reported(rows)

    def periods(self) -> list[StoredPeriod]:
        with self._guard():
            rows = self.db.execute(
                "SELECT p.rowid, p.code, p.recorded_at, "
                "COUNT(DISTINCT CASE WHEN f.carried_from IS NULL THEN f.unit END), "
                "COUNT(DISTINCT CASE WHEN f.carried_from IS NOT NULL THEN f.unit END) "
                "FROM periods p LEFT JOIN figures f ON f.period = p.code GROUP BY p.rowid"
            ).fetchall()
        stored = []
        for rowid, code, at, units, carried in rows:
            period = self._period(code, "periods", rowid, "code")
            if not isinstance(at, str) or not _is_timestamp(at):
                raise self._damaged(
                    "periods",
                    rowid,
                    f"kỳ {period.code}",
                    f"cột recorded_at là {_described(at)}, không phải thời điểm dạng ISO 8601",
                )
            stored.append(StoredPeriod(period, at, int(units), int(carried)))
        return sorted(stored, key=lambda s: (s.period.end, s.period.months))

    def totals(self, period: Period) -> dict[str, tuple[int, int]]:
        """indicator → (period, cumulative) summed over units, for a stored period."""
        with self._guard():
            rows = self._rows(period) or []
        return _sum(rows)

    def past(self, period: Period) -> Past:
        """What the store holds besides `period`: every other period's totals, and each
        unit's latest own report that ends before `period` does."""
        with self._guard(), self._snapshot():
            stored = [s.period for s in self.periods() if s.period != period]
            rows = {p: self._rows(p) or [] for p in stored}
            acknowledged = self.acknowledgements(period)
            itself = self._rows(period)
        reported = {p: _reported(found) for p, found in rows.items()}
        periods = [PastPeriod(p, _sum(rows[p]), reported[p], _carried(rows[p])) for p in stored]
        latest: dict[str, UnitReport] = {}
        for earlier in sorted(stored, key=lambda p: (p.end, p.months)):
            if earlier.end >= period.end:
                continue
            for unit, values in reported[earlier].items():
                latest[unit] = UnitReport(earlier, values)
        stored_units = None if itself is None else tuple(_reported(itself))
        return Past(periods, latest, acknowledged, stored_units)

    def acknowledgements(self, period: Period) -> list[Acknowledgement]:
        """The warnings acknowledged for a period's figures."""
        if self.version < ACKNOWLEDGEMENTS_FROM:
            return []  # an earlier store opened read-only: none were ever recorded
        with self._guard():
            rows = self.db.execute(
                "SELECT unit, indicator, code, value, reason, recorded_at FROM acknowledgements "
                "WHERE period = ? ORDER BY unit, indicator, code",
                (period.code,),
            ).fetchall()
        found = []
        for unit, indicator, code, value, reason, at in rows:
            if not (
                isinstance(value, int)
                and 0 <= value <= MAX_FIGURE
                and all(isinstance(t, str) for t in (unit, indicator, code, reason, at))
            ):
                raise HistoryError(
                    "history_row_invalid",
                    "Cơ sở dữ liệu lịch sử có một ghi nhận cảnh báo không đúng kiểu; dùng bản "
                    "sao lưu của tệp.",
                    Location(file=str(self.path)),
                )
            found.append(Acknowledgement(period.code, unit, indicator, code, value, reason, at))
        return found

    def acknowledge(self, ack: Acknowledgement) -> None:
        """Store an acknowledgement, replacing an earlier one of the same warning."""
        with self._guard():
            self.db.execute(
                "INSERT OR REPLACE INTO acknowledgements VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    ack.period,
                    ack.unit,
                    ack.indicator,
                    ack.code,
                    ack.value,
                    ack.reason,
                    ack.recorded_at,
                ),
            )


def _reported(rows: list[tuple[str, str, int, int, bool]]) -> dict[str, dict[str, tuple[int, int]]]:
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for unit, indicator, p, c, carried in rows:
        if not carried:
            result.setdefault(unit, {})[indicator] = (p, c)
    return result


def _carried(rows: list[tuple[str, str, int, int, bool]]) -> tuple[str, ...]:
    """The units whose figures were carried into a period (they sent nothing for it)."""
    return tuple(dict.fromkeys(unit for unit, _, _, _, carried in rows if carried))


def _sum(rows: list[tuple[str, str, int, int, bool]]) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for _, indicator, p, c, _carried in rows:
        before = totals.get(indicator, (0, 0))
        totals[indicator] = (before[0] + p, before[1] + c)
    return totals


def _is_timestamp(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return len(value) <= 40


def _shown(value: object, limit: int = 60) -> str:
    """A stored value as text to show: control characters escaped, cut to limit."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _described(value: object) -> str:
    """A stored value and its kind, in Vietnamese: 'chữ "abc"', 'số thập phân 1.5', 'trống'."""
    if value is None:
        return "trống (NULL)"
    if isinstance(value, str):
        return f'chữ "{_shown(value)}"'
    if isinstance(value, float):
        return f"số thập phân {_shown(value)}"
    if isinstance(value, bytes):
        return f"dữ liệu nhị phân ({format_int(len(value))} byte)"
    return _shown(value)


def recorded(entry: dict[str, object]) -> bool:
    """Whether the record that journal_entry() described was committed: its store holds the
    period with that very time of recording, sources and number of rows. A store that is gone
    or cannot be read says no."""
    try:
        path = Path(str(entry["store"]))
        if not path.is_file():
            return False
        with History(path) as history, history._guard():
            row = history.db.execute(
                "SELECT recorded_at, sources, (SELECT COUNT(*) FROM figures WHERE period = ?) "
                "FROM periods WHERE code = ?",
                (entry["period"], entry["period"]),
            ).fetchone()
    except (Dean24Error, KeyError):
        return False
    return row is not None and list(row) == [
        entry.get("recorded_at"),
        entry.get("sources"),
        entry.get("rows"),
    ]


def stored_totals(path: Path) -> list[tuple[StoredPeriod, dict[str, tuple[int, int]]]]:
    """Every period the store at path holds, each with its totals (indicator → period,
    cumulative), in the order stored; the store is only read."""
    if not path.is_file():
        raise Dean24Error("history_not_found", f"Không có tệp lịch sử {path}.")
    with History(path, readonly=True) as db:
        return [(stored, db.totals(stored.period)) for stored in db.periods()]
