"""Keep the compiled report templates between runs, so a report does not compile them again.

Compiling the narrative templates takes longer than rendering them. Jinja can keep the code it
compiles (a marshalled code object per template, checked against the template's text); this
module gives it a folder of the user's cache (dean24.store.usercache), one per kind of environment,
since the sandbox's settings change the code Jinja writes. A cache that cannot be read or
written is skipped without a word.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import TypeVar

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from dean24 import __version__
from dean24.store.usercache import cache_folder

Env = TypeVar("Env", bound=jinja2.Environment)


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, for which a missing, unreadable, damaged or read-only cache is no
    error: the template is compiled as if there were none."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file can raise almost anything: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def kind_of(env: jinja2.Environment) -> str:
    """What the code Jinja compiles for env depends on: its class, syntax and whitespace
    settings, extensions, the sandbox's intercepted operators, the filters and tests it knows,
    and the versions of Jinja and dean24."""
    settings = (
        f"{type(env).__module__}.{type(env).__qualname__}",
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.autoescape if isinstance(env.autoescape, bool) else "callable",
        sorted(env.extensions),
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        getattr(env, "code_version", ""),
        sorted(env.filters),
        sorted(env.tests),
        jinja2.__version__,
        __version__,
    )
    return repr(settings)


def bytecode_cache(kind: str) -> QuietBytecodeCache | None:
    """A cache of compiled templates for environments of one kind (two kinds never share
    code), or None when there is no usable cache folder."""
    folder = cache_folder("templates", hashlib.sha256(kind.encode()).hexdigest()[:16])
    return QuietBytecodeCache(str(folder), "%s.jinja") if folder is not None else None


def use_cache(env: Env) -> Env:
    """env, keeping its compiled templates in the user's cache when there is one. Call it once
    the environment's filters and tests are all set."""
    env.bytecode_cache = bytecode_cache(kind_of(env))
    return env
