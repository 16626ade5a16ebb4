"""Just enough of the OLE2 compound file format ([MS-CFB]) to list streams and read them."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

_ENDOFCHAIN = 0xFFFFFFFE
_MAXREGSECT = 0xFFFFFFFA  # sector numbers from here up are markers, not sectors
_MAX_DIR_SECTORS = 4096
STORAGE, STREAM, ROOT = 1, 2, 5


class Damaged(Exception):
    """The compound file's structures do not hold together."""


@dataclass(frozen=True)
class OleEntry:
    name: str
    kind: int
    start: int
    size: int


class OleReader:
    """Just enough of [MS-CFB] to list directory entries and read the head of a stream.

    Every chain walk is bounded by the number of sectors the file can hold and stops on a loop.
    """

    def __init__(self, fh: IO[bytes], size: int) -> None:
        self._fh = fh
        header = fh.read(512)
        if len(header) < 512:
            raise Damaged("header")
        byte_order, shift, mini_shift = struct.unpack_from("<HHH", header, 28)
        if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
            raise Damaged("header fields")
        self.ss = 1 << shift
        self.mini_ss = 1 << mini_shift
        (num_fat, self._first_dir, _, self._cutoff, self._first_minifat, _, first_difat, _) = (
            struct.unpack_from("<8I", header, 44)
        )
        self.nsectors = max(0, (size - self.ss + self.ss - 1) // self.ss)
        fat_count = min(num_fat, self.nsectors)
        fat_sectors = list(struct.unpack_from("<109I", header, 76))[: min(fat_count, 109)]
        per = self.ss // 4 - 1
        seen: set[int] = set()
        difat = first_difat
        while len(fat_sectors) < fat_count and difat < _MAXREGSECT:
            if difat in seen:
                raise Damaged("DIFAT loop")
            seen.add(difat)
            values = struct.unpack_from(f"<{per + 1}I", self._sector(difat))
            fat_sectors.extend(values[:per])
            difat = values[per]
        self._fat_sectors = fat_sectors[:fat_count]
        self._fat_cache: dict[int, bytes] = {}

    def _sector(self, number: int) -> bytes:
        if not 0 <= number < self.nsectors:
            raise Damaged(f"sector {number} outside the file")
        self._fh.seek((number + 1) * self.ss)
        data = self._fh.read(self.ss)
        if not data:
            raise Damaged("short read")
        return data.ljust(self.ss, b"\0")

    def _next(self, number: int) -> int:
        index, slot = divmod(number, self.ss // 4)
        if index >= len(self._fat_sectors):
            raise Damaged("FAT too short")
        fat_sector = self._fat_sectors[index]
        data = self._fat_cache.get(fat_sector)
        if data is None:
            data = self._fat_cache[fat_sector] = self._sector(fat_sector)
        value: int = struct.unpack_from("<I", data, slot * 4)[0]
        return value

    def chain(self, start: int, limit: int) -> Iterator[int]:
        seen: set[int] = set()
        number = start
        while number < _MAXREGSECT:
            if number in seen or len(seen) >= limit or number >= self.nsectors:
                raise Damaged("broken chain")
            seen.add(number)
            yield number
            number = self._next(number)

    def entries(self) -> list[OleEntry]:
        found: list[OleEntry] = []
        for sector in self.chain(self._first_dir, _MAX_DIR_SECTORS):
            data = self._sector(sector)
            for off in range(0, self.ss, 128):
                name_len = struct.unpack_from("<H", data, off + 64)[0]
                kind = data[off + 66]
                if kind not in (STORAGE, STREAM, ROOT) or not 2 <= name_len <= 64:
                    continue
                name = data[off : off + name_len - 2].decode("utf-16-le", "replace")
                start, size = struct.unpack_from("<IQ", data, off + 116)
                if self.ss == 512:
                    size &= 0xFFFFFFFF
                found.append(OleEntry(name, kind, start, size))
        return found

    @staticmethod
    def root(entries: list[OleEntry]) -> OleEntry | None:
        """The root entry, which holds the mini stream."""
        return next((entry for entry in entries if entry.kind == ROOT), None)

    def read_head(self, entry: OleEntry, size: int, root: OleEntry | None) -> bytes:
        want = min(size, entry.size)
        buf = bytearray()
        if want <= 0:
            return b""
        if entry.size >= self._cutoff:
            for sector in self.chain(entry.start, self.nsectors):
                buf += self._sector(sector)
                if len(buf) >= want:
                    break
            return bytes(buf[:want])
        if root is None:
            raise Damaged("no root entry")
        minifat = list(self.chain(self._first_minifat, self.nsectors))
        root_iter = self.chain(root.start, self.nsectors)
        root_chain: list[int] = []
        per = self.ss // 4
        seen: set[int] = set()
        mini = entry.start
        while mini < _MAXREGSECT and len(buf) < want:
            if mini in seen:
                raise Damaged("mini chain loop")
            seen.add(mini)
            index, inner = divmod(mini * self.mini_ss, self.ss)
            while len(root_chain) <= index:
                nxt = next(root_iter, None)
                if nxt is None:
                    raise Damaged("mini stream too short")
                root_chain.append(nxt)
            buf += self._sector(root_chain[index])[inner : inner + self.mini_ss]
            index, slot = divmod(mini, per)
            if index >= len(minifat):
                raise Damaged("mini FAT too short")
            mini = struct.unpack_from("<I", self._sector(minifat[index]), slot * 4)[0]
        if len(buf) < want:
            raise Damaged("stream shorter than declared")
        return bytes(buf[:want])


def biff_encrypted(head: bytes) -> bool:
    """Whether a BIFF globals substream has a FILEPASS record (a password-protected .xls)."""
    pos = 0
    for _ in range(64):
        if pos + 4 > len(head):
            return False
        record, length = struct.unpack_from("<HH", head, pos)
        if record == 0x002F:
            return True
        if record == 0x000A:  # EOF
            return False
        pos += 4 + length
    return False
