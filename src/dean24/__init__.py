"""dean24: progress reports on Đề án 24-ĐA/TU from the district Party committees' workbooks."""

from __future__ import annotations

__version__ = "0.1.0"
