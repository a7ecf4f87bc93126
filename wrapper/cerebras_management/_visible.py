"""Text from a server made safe for a terminal: every control character shown as an escape.

Shared by the command line (`cli._output`) and the mock's request log (`testing._request_log`): a
leaf, so that neither of the two imports the other.
"""

from __future__ import annotations

import re

__all__ = ["visible"]

#: C0 controls, DEL, C1 controls (ESC, CSI, OSC, BEL, ... in both forms), and the invisible
#: characters that reorder or split what a terminal shows (bidi overrides, line separators).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each control character replaced by a visible escape (ESC shows as ``\\x1b``)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text
