"""MkDocs hooks for the docs site (registered in mkdocs.yml).

Docstrings, the generated models' included (their text comes from the spec), may contain regular
expressions such as ``^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$``. Markdown reads ``[a-z][a-zA-Z0-9-]`` as a
cross-reference, and the strict build fails on a target that cannot exist. A reference whose target is
not a dotted Python name is put back as the text it was; a misspelled *name* still fails the build.
"""

from __future__ import annotations

import html
import re
from typing import Any

AUTOREF = re.compile(r"<autoref (?P<attrs>[^>]*)>(?P<title>.*?)</autoref>", flags=re.DOTALL)
IDENTIFIER = re.compile(r'\bidentifier="(?P<identifier>[^"]*)"')
PYTHON_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")


def restore_non_names(content: str) -> str:
    """Turn cross-references to targets that are not Python names back into their literal text."""

    def restore(match: re.Match[str]) -> str:
        found = IDENTIFIER.search(match["attrs"])
        if found is None or PYTHON_NAME.match(html.unescape(found["identifier"])):
            return match[0]
        return f"[{match['title']}][{found['identifier']}]"

    return AUTOREF.sub(restore, content)


def on_page_content(html: str, **_: Any) -> str:
    """MkDocs hook: runs on each page's HTML, before mkdocs-autorefs resolves the references."""
    return restore_non_names(html)
