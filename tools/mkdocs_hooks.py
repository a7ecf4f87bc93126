"""MkDocs hooks for the docs site (registered in mkdocs.yml).

- Docstrings, the generated models' included (their text comes from the spec), may contain regular
  expressions such as ``^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$``. Markdown reads ``[a-z][a-zA-Z0-9-]`` as a
  cross-reference, and the strict build fails on a target that cannot exist. A reference whose target
  is not a dotted Python name is put back as the text it was; a misspelled *name* still fails the build.
- Docstrings are Markdown (Google style, as mkdocstrings renders them). reStructuredText that slips in
  (a Sphinx role such as ``:meth:`stop```, a literal block announced by ``Example::``, a directive)
  would show raw on the page: each is a warning, which fails the strict build, naming the page.
- ``<!-- mock-server-options -->`` in a page becomes the table of the standalone mock server's
  options, built from its own argument parser (so the page cannot drift from ``--help``).
"""

from __future__ import annotations

import argparse
import html
import logging
import re
from typing import Any

log = logging.getLogger("mkdocs.hooks.docs")

#: reStructuredText as it shows in a page's HTML when Markdown did not understand it.
RAW_RST = re.compile(
    r":(?:meth|class|func|attr|mod|data|exc|obj|ref|term|py:\w+):<code>"  # a Sphinx role
    r"|::</p>"  # "Example::" before a literal block
    r"|(?:^|<p>)\.\. [a-z-]+::",  # a directive (.. note::)
    flags=re.MULTILINE,
)
MOCK_OPTIONS = "<!-- mock-server-options -->"

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


def raw_rst(content: str) -> list[str]:
    """The lines of a page's HTML that show reStructuredText raw, as text (tags removed)."""
    pieces = []
    for match in RAW_RST.finditer(content):
        start = content.rfind("\n", 0, match.start()) + 1
        end = content.find("\n", match.end())
        line = content[start : end if end != -1 else len(content)]
        pieces.append(html.unescape(re.sub(r"<[^>]+>", "", line)).strip()[:160])
    return pieces


def mock_server_options(parser: argparse.ArgumentParser) -> str:
    """A Markdown table of ``parser``'s options: the option, its default, what it does."""
    rows = ["| option | default | what it does |", "|:--|:--|:--|"]
    for action in parser._actions:  # argparse has no public list of its actions
        if not action.option_strings or action.dest == "help":
            continue
        names = ", ".join(
            f"`{name}`" if action.nargs == 0 else f"`{name} {action.metavar or action.dest.upper()}`"
            for name in action.option_strings
        )
        if action.nargs == 0:
            default = "off"
        elif action.default in (None, [], argparse.SUPPRESS):
            default = "-"
        else:
            default = f"`{action.default}`"
        what = (action.help or "").replace("|", "\\|")
        if action.choices:
            what += (" " if what else "") + "One of " + ", ".join(f"`{c}`" for c in action.choices) + "."
        rows.append(f"| {names} | {default} | {what} |")
    return "\n".join(rows) + "\n"


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs hook: put the mock server's options table where a page asks for it."""
    if MOCK_OPTIONS not in markdown:
        return markdown
    from cerebras_management.testing.__main__ import build_parser

    return markdown.replace(MOCK_OPTIONS, mock_server_options(build_parser()))


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """MkDocs hook: runs on each page's HTML, before mkdocs-autorefs resolves the references."""
    for piece in raw_rst(html):
        log.warning("raw reStructuredText on %s (write Markdown): %s", page.file.src_uri, piece)
    return restore_non_names(html)
