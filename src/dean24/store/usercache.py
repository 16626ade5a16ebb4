"""The user's cache folder: what dean24 may keep between runs to save time, never to change
what a run says.

It holds the compiled report templates. Everything in it can be deleted at any time. A
folder that cannot be made, read or written is no error: the run does the work again.

The folder: `DEAN24_CACHE_DIR` if set (empty turns the cache off), else `XDG_CACHE_HOME/dean24`
or `~/.cache/dean24` (`%LOCALAPPDATA%\\dean24\\cache` on Windows).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


def cache_root() -> Path | None:
    """The user's cache folder for dean24, or None when turned off."""
    chosen = os.environ.get("DEAN24_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "dean24" / "cache"
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser()
    # Without a home to expand "~" to (a service account), no cache: never a folder named
    # "~" in the current one. The XDG specification ignores a relative XDG_CACHE_HOME too.
    return xdg / "dean24" if xdg.is_absolute() else None


def _own_folder(folder: Path) -> bool:
    """Create folder for this user; False if it cannot be made or others may write in it
    (what is loaded from the cache would then be theirs)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    others_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return not (hasattr(os, "getuid") and (info.st_uid != os.getuid() or others_write))


def cache_folder(*parts: str) -> Path | None:
    """A folder of the cache (made if need be), or None when there is no usable one."""
    root = cache_root()
    if root is None:
        return None
    folder = root.joinpath(*parts)
    return folder if _own_folder(folder) else None
