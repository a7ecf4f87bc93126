"""Writing what the command line prints: safe text, checked writes, JSON that any body can become.

- `visible`: server text (ids, URIs, states, error details) may hold terminal control sequences;
  every control character is shown as an escape (``\\x1b``) instead, on a terminal or not.
- `write_stdout`: a result that cannot be written (stdout closed, a full disk, a reader that has
  gone) is an `OutputError` (exit 1, or 4 after an applied write), never a silent success or a
  traceback; `silence` then points the stream at /dev/null, so nothing fails again at exit.
- `err_line`: a line on stderr, if stderr can still be written.
- `redact`: text without the management key of the environment (a last line of defence).
- `dumps`: JSON for ``--json``; C1 controls escaped too, and a structure too deep for the encoder
  kept, past `MAX_DEPTH` levels, as a string.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._constants import API_KEY_ENV
from .._visible import visible

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "MAX_DEPTH",
    "OutputError",
    "bounded",
    "dumps",
    "err_line",
    "output_error",
    "redact",
    "silence",
    "visible",
    "write_stdout",
]

#: What ``json.dumps(ensure_ascii=False)`` leaves raw in its output: all that `visible` escapes but C0.
_INVISIBLE = [0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_UNSAFE_IN_JSON = {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0), *_INVISIBLE]}

#: The console of the live status drawn on stderr, while there is one (see `_progress`).
_live: Console | None = None

#: JSON nested deeper than this is printed with its deeper part as a string (the encoder recurses).
MAX_DEPTH = 100


class OutputError(Exception):
    """The result could not be written to stdout (closed, full, its reader gone, ...).

    Attributes:
        reader_gone: The reader of stdout has closed its end (a broken pipe: ``... | head``).
    """

    def __init__(self, message: str, *, reader_gone: bool = False) -> None:
        super().__init__(message)
        self.reader_gone = reader_gone


def output_error(error: OSError | ValueError) -> OutputError:
    """The `OutputError` for a failed write to stdout (``error``: what the stream raised)."""
    if isinstance(error, BrokenPipeError):
        gone = "cannot write the result to stdout: its reader has gone (broken pipe)"
        return OutputError(gone, reader_gone=True)
    return OutputError(f"cannot write the result to stdout: {error}")


def silence(stream: Any) -> None:
    """Point ``stream``'s descriptor at /dev/null, so what is left in its buffer (and anything
    written later) goes nowhere instead of failing again, at exit too. A stream without a
    descriptor (None, closed, a test's buffer) is left alone."""
    import os

    try:
        target = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):
        return
    try:
        os.dup2(devnull, target)
    except OSError:
        pass
    finally:
        os.close(devnull)


def redact(text: str) -> str:
    """``text`` without the management key of the environment (a last line of defence)."""
    key = os.environ.get(API_KEY_ENV, "").strip()
    return text.replace(key, "[REDACTED]") if key and key in text else text


def bounded(value: Any, limit: int = MAX_DEPTH) -> Any:
    """``value`` (JSON-like) with every list or mapping deeper than ``limit`` replaced by its compact
    text, cut short: what an encoder can always print."""
    if not isinstance(value, (list, tuple, Mapping)):
        return value
    if limit <= 0:
        return _deep_text(value)
    if isinstance(value, Mapping):
        return {str(key): bounded(item, limit - 1) for key, item in value.items()}
    return [bounded(item, limit - 1) for item in value]


def _deep_text(value: Any) -> str:
    kind = "object" if isinstance(value, Mapping) else "list"
    return f"<a {kind} nested too deep to print>"


def dumps(data: Any, *, indent: int | None = None) -> str:
    """``data`` as JSON text for a terminal: control characters escaped, any depth."""
    try:
        text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    except RecursionError:
        text = json.dumps(bounded(data), indent=indent, ensure_ascii=False, default=str)
    return text.translate(_UNSAFE_IN_JSON)


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout and flush it; `OutputError` when that is not possible."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("cannot write the result: stdout is closed")
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError) as error:
        raise output_error(error) from None


def set_live(console: Console | None) -> None:
    """Route `err_line` through ``console`` (a live status on stderr) until called with None."""
    global _live
    _live = console


def err_line(text: str) -> None:
    """Write one line to stderr; nothing (and no error) when stderr is closed or broken.

    While a live status is drawn, the line goes above it, whole (the terminal wraps it, so a
    request id is never cut by an inserted newline).
    """
    if _live is not None:
        from rich.text import Text

        _live.print(Text(text), soft_wrap=True)
        return
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
