"""The command line at a person's terminal: a real pseudo-terminal of 80 and of 120 columns.

Run through pexpect with the window size set on the terminal itself (no ``COLUMNS``), stdout and
stderr both on it, as in a shell. At either width: a list stays a table (a long weight URI is
shortened in its middle), one result reads as aligned fields in the same layout, a ``-v`` line
starts with its request id, and no id, resource name or request id is folded by the command line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pexpect
import pytest
from cerebras_management.testing import MockServer
from rich.cells import cell_len

from .conftest import ARCH, SCRIPT, Cli, lines, merged_env

ENDPOINT = f"my-org-{ARCH}"
#: A weight URI of exactly 120 characters.
LONG_URI = "s3://fine-tunes-" + "x" * 38 + "/runs/2026-12-06/checkpoint-" + "0" * 31 + "/final/"
SHORT_URI = "s3://bucket/ft-7/"
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[MockServer, int, int, str]]:
    """A mock with a version whose URI is 120 characters long, a short one, and a deployment."""
    assert len(LONG_URI) == 120
    with MockServer() as server:
        long = server.add_model_version(ARCH, aliases=["prod"], weight_uri=LONG_URI)
        short = server.add_model_version(ARCH, aliases=["candidate", "v2-stable"], weight_uri=SHORT_URI)
        deployment = server.add_deployment(ENDPOINT, ARCH, long)
        yield server, long, short, deployment


def on_terminal(server: MockServer, columns: int, *args: str) -> tuple[int, str]:
    """Run the installed command on a ``columns``-wide pseudo-terminal; its exit status and screen
    text (control sequences removed, lines ending in ``\\n``)."""
    env = merged_env({**Cli(server).env, "COLUMNS": None, "LINES": None, "TERM": "xterm-256color"})
    child = pexpect.spawn(
        str(SCRIPT), list(args), env=env, dimensions=(50, columns), encoding="utf-8", timeout=60
    )
    drawn = child.read()
    child.close()
    assert server.api_key not in drawn
    return child.exitstatus, _CONTROL.sub("", drawn).replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [80, 120])
def test_versions_list_stays_a_table_with_the_long_uri_shortened_in_the_middle(
    seeded: tuple[MockServer, int, int, str], columns: int
) -> None:
    server, long, short, _ = seeded
    code, screen = on_terminal(server, columns, "versions", "list", ARCH)
    assert code == 0, screen
    shown = lines(screen)
    assert shown[0] == f"Versions of {ARCH}"
    assert shown[1].startswith("┏━")  # a boxed table, not records
    assert max(cell_len(line) for line in shown) == columns  # as wide as the terminal, no wider
    rows = {row.split("│")[1].strip(): [cell.strip() for cell in row.split("│")[2:-1]] for row in shown[4:-1]}
    assert rows[str(short)] == ["candidate, v2-stable", "done", "yes", SHORT_URI]  # whole where it fits
    aliases, status, done, uri = rows[str(long)]
    assert (aliases, status, done) == ("prod", "done", "yes")
    width = 22 if columns == 80 else 62  # what is left of the width for the URI column
    head, tail = uri.split("…")
    assert (len(head), len(tail)) == ((width - 1) - (width - 1) // 2, (width - 1) // 2)
    assert LONG_URI.startswith(head)
    assert LONG_URI.endswith(tail)


def test_endpoints_get_has_one_layout_at_any_width(seeded: tuple[MockServer, int, int, str]) -> None:
    server, long, _, deployment = seeded
    screens = [on_terminal(server, columns, "endpoints", "get", ENDPOINT) for columns in (80, 120)]
    assert screens[0] == screens[1]  # the same text at 80 and 120 columns
    code, screen = screens[0]
    assert code == 0, screen
    shown = lines(screen)
    assert shown[0] == f"Endpoint {ENDPOINT}"
    assert shown[1] == f"  name               {ENDPOINT}"
    assert shown[2] == f"  model_arch_id      {ARCH}"
    start = shown.index("Deployed model 1 of 1")
    assert shown[start + 1] == f"  id             {deployment}"
    assert shown[start + 2] == f"  model          orgs/{server.org_name}/models/{ARCH}/versions/{long}"
    assert shown[start + 3] == "  version_alias  prod"
    assert re.fullmatch(r"  created        \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", shown[start + 4])
    assert shown[start + 5] == "  state          complete"
    field_starts = {len(line) - len(line.lstrip()) for line in shown if line.startswith(" ")}
    assert field_starts == {2}  # every field line is indented alike (no table, no records style)


@pytest.mark.parametrize("columns", [80, 120])
def test_v_versions_get_puts_the_request_id_first_and_shows_the_uri_whole(
    seeded: tuple[MockServer, int, int, str], columns: int
) -> None:
    server, long, _, _ = seeded
    code, screen = on_terminal(server, columns, "-v", "versions", "get", ARCH, str(long))
    assert code == 0, screen
    shown = lines(screen)
    path = f"/management/v1/orgs/{server.org_name}/models/{ARCH}/versions/{long}"
    assert re.fullmatch(
        rf"HTTP \[req_[0-9a-f]{{32}}\] GET {path} -> 200 OK in \d+\.\d ms \(attempt 1/3\)", shown[0]
    )
    assert shown[1] == f"Model version orgs/{server.org_name}/models/{ARCH}/versions/{long}"
    assert f"  customer_s3_uri  {LONG_URI}" in shown  # one line, however long: the terminal wraps it
