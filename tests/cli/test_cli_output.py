"""What the command line writes: server text with its control characters made visible, any body
depth, tables that never cut an id, and a result that cannot be written (exit 1, never 0)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from cerebras_management import ManagementClient
from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, SCRIPT, Cli, Outcome, lines, merged_env

FAST = ["--poll-interval", "0.01"]
#: OSC 52 (write the clipboard), clear screen, a window title with BEL, 8-bit CSI, DEL, a bidi override.
HOSTILE = "s3://b/\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;owned\x07\x9b31m\x7f\u202e/"
SHOWN = "s3://b/\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\x7f\\u202e/"
RAW = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e")


def _no_raw_controls(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the terminal"


def _shell(cli: Cli, redirect: str, *args: str) -> Outcome:
    """Run the real executable with a shell redirection (``>&-`` closes stdout, ``<&-`` stdin)."""
    completed = subprocess.run(
        ["sh", "-c", f'exec "$0" "$@" {redirect}', str(SCRIPT), *args],
        env=merged_env(cli.env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return cli._checked(Outcome(completed.returncode, completed.stdout or "", completed.stderr or ""))


# --- control characters (issue: terminal escape injection) ---------------------------------------


def test_server_text_in_tables_shows_control_characters_as_escapes(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH, weight_uri=HOSTILE, aliases=["escapes"])
    for args in (["versions", "list", ARCH], ["versions", "get", ARCH, str(version)]):
        outcome = cli.run(*args)
        assert outcome.code == 0, outcome.stderr
        _no_raw_controls(outcome.stdout)
        assert SHOWN in outcome.stdout


def test_json_output_keeps_server_text_exact_and_escaped(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH, weight_uri=HOSTILE)
    outcome = cli.run("versions", "get", ARCH, str(version), "--json")
    assert outcome.code == 0
    _no_raw_controls(outcome.stdout)  # the encoder escapes C0; C1, DEL and bidi controls as well
    assert json.loads(outcome.stdout)["response"]["customer_s3_uri"] == HOSTILE


def test_error_details_and_progress_lines_show_control_characters_as_escapes(
    cli: Cli, server: MockServer
) -> None:
    server.inject(Fault.body(404, json.dumps({"detail": f"no such version {HOSTILE}"}).encode()))
    outcome = cli.run("versions", "get", ARCH, "1")
    assert outcome.code == 1
    _no_raw_controls(outcome.stderr)
    assert SHOWN in outcome.stderr

    version = server.add_model_version(ARCH, sync_status="queued")
    state = {"name": f"orgs/{server.org_name}/models/{ARCH}/versions/{version}", "done": False}
    state["response"] = {"sync_status": "copying\x1b[2J\x1b]0;owned\x07"}
    server.inject(Fault.body(200, json.dumps(state).encode()), method="GET")
    waited = cli.script("versions", "wait", ARCH, str(version), *FAST)
    assert waited.code == 0, waited.stderr
    _no_raw_controls(waited.stderr)
    assert "copying\\x1b[2J\\x1b]0;owned\\x07" in waited.stderr


def test_server_text_on_a_terminal_is_escaped_too(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH, weight_uri=HOSTILE)
    outcome = cli.on_terminal("versions", "get", ARCH, str(version), terminal="stdout")
    screen = outcome.stdout
    assert outcome.code == 0
    for sequence in ("\x1b]52", "\x1b]0;", "\x1b[2J", "\x07", "\x9b"):
        assert sequence not in screen
    assert "\\x1b]52;c;ZXZpbA==" in screen


def test_upload_refuses_control_characters_in_the_weight_uri_before_sending(
    cli: Cli, server: MockServer
) -> None:
    before = len(server.requests)
    outcome = cli.run("versions", "upload", ARCH, "s3://b/\x1b]52;c;eA==\x07/")
    assert outcome.code == 2
    assert "weight_uri contains the control character '\\x1b' at position 7" in outcome.stderr
    assert len(server.requests) == before
    with ManagementClient(api_key=server.api_key, org_name=server.org_name, base_url=server.url) as client:
        for uri in ("s3://b/\x9b/", "s3://b/\x7f", "s3://b/\n"):
            with pytest.raises(ValueError, match=r"^weight_uri contains the control character"):
                client.model_versions.upload(ARCH, uri)
    assert len(server.requests) == before


# --- bodies nested deeper than any encoder recurses ------------------------------------------------


def _with_deep(body: dict[str, Any], field: str, depth: int) -> bytes:
    """``body`` as JSON with ``field`` set to a list nested ``depth`` deep (written by hand: the
    encoder cannot)."""
    text = json.dumps({**body, field: "@"})
    return text.replace('"@"', "[" * depth + '"bottom"' + "]" * depth).encode()


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["table", "json"])
def test_a_result_nested_hundreds_deep_is_printed_without_recursion_errors(
    cli: Cli, server: MockServer, mode: list[str]
) -> None:
    version: dict[str, Any] = {"name": f"orgs/{server.org_name}/models/{ARCH}/versions/1", "done": True}
    version["response"] = {"sync_status": "done", "version_aliases": [], "customer_s3_uri": "s3://b/"}
    server.inject(Fault.body(200, _with_deep(version, "extra", 600)), method="GET")
    outcome = cli.script("versions", "get", ARCH, "1", *mode)
    assert outcome.code == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    if mode:  # JSON keeps what the encoder can print whole
        assert json.loads(outcome.stdout)["name"].endswith("/versions/1")
    else:
        assert "nested too deep to print" in outcome.stdout


def test_any_depth_is_printed_by_the_json_and_table_writers() -> None:
    from cerebras_management.cli._output import dumps
    from cerebras_management.cli._render import text

    value: Any = "bottom"
    for _ in range(50_000):
        value = {"a": [value]}
    printed = json.loads(dumps({"deep": value}, indent=2))
    assert printed["deep"]["a"][0]["a"][0]["a"][0]  # the top levels are kept as they were
    assert "nested too deep to print" in dumps(value)
    assert "nested too deep to print" in text(value)


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["table", "json"])
def test_a_failed_wait_whose_status_is_nested_deep_is_reported(
    cli: Cli, server: MockServer, mode: list[str]
) -> None:
    version = server.add_model_version(ARCH, sync_status="queued")
    failed: dict[str, Any] = {
        "name": f"orgs/{server.org_name}/models/{ARCH}/versions/{version}",
        "done": True,
    }
    failed["response"] = {"sync_status": "failed"}
    server.inject(Fault.body(200, _with_deep(failed, "error", 600)), method="GET")
    outcome = cli.script("versions", "wait", ARCH, str(version), *FAST, *mode)
    assert outcome.code == 3, outcome.stderr
    assert "Traceback" not in outcome.stderr
    if mode:
        assert json.loads(outcome.stderr)["state"] == "failed"


# --- tables: never an id cut in two ----------------------------------------------------------------


def test_a_narrow_terminal_never_breaks_an_id_or_uri() -> None:
    uri = "s3://a-rather-long-bucket-name/fine-tunes/2026-12-02/run-0042/checkpoint-final/"
    with MockServer() as server:
        cli = Cli(server)
        version = server.add_model_version(ARCH, weight_uri=uri, aliases=["narrow-one", "narrow-two"])
        name = f"orgs/{server.org_name}/models/{ARCH}/versions/{version}"
        narrow = {"COLUMNS": "60"}
        listed = cli.run("versions", "list", ARCH, env=narrow).stdout
        got = cli.run("versions", "get", ARCH, str(version), env=narrow).stdout
        at_80 = cli.run("versions", "list", ARCH, env={"COLUMNS": "80"}).stdout
        wide = cli.run("versions", "list", ARCH, env={"COLUMNS": "200"}).stdout
    # Too narrow for the table even with the URI shortened: aligned field lines, each value whole.
    assert lines(listed) == [
        f"Versions of {ARCH}",
        f"  version      {version}",
        "  aliases      narrow-one, narrow-two",
        "  sync_status  done",
        "  done         yes",
        f"  weight_uri   {uri}",
    ]
    assert f"  name             {name}" in lines(got)  # one result: the same layout at any width
    assert f"  customer_s3_uri  {uri}" in lines(got)
    # At 80 columns the list stays a table: the URI (82 characters) is cut to 20 in its middle.
    assert lines(at_80)[0] == f"Versions of {ARCH}"
    assert max(len(line) for line in lines(at_80)) == 80
    (row,) = [line for line in lines(at_80) if "narrow-one" in line]
    assert row.split("│")[1:-1] == [
        f" {version}       ",
        " narrow-one, narrow-two ",
        " done        ",
        " yes  ",
        " s3://a-rat…nt-final/ ",
    ]
    # Wide enough: the table, each cell whole on one line.
    assert "┃ version ┃" in wide
    assert any(uri in line and "narrow-one, narrow-two" in line for line in wide.splitlines())


def test_a_version_name_of_another_shape_is_shown_whole(cli: Cli, server: MockServer) -> None:
    odd = f"orgs/{server.org_name}/models/{ARCH}/versions/7/extra"
    body = {"model_versions": [{"name": odd, "done": True, "response": {"sync_status": "done"}}]}
    server.inject(Fault.body(200, json.dumps(body).encode()), method="GET")
    outcome = cli.run("versions", "list", ARCH)
    assert outcome.code == 0
    assert odd in outcome.stdout


# --- a result that cannot be written -------------------------------------------------------------


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["table", "json"])
def test_closed_stdout_exits_1_with_one_line(cli: Cli, mode: list[str]) -> None:
    outcome = _shell(cli, ">&-", "models", "list", *mode)
    assert outcome.code == 1
    assert "Traceback" not in outcome.stderr
    assert len(lines(outcome.stderr)) == 1
    message = json.loads(outcome.stderr)["error"] if mode else outcome.stderr
    assert "cannot write the result: stdout is closed" in message


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["table", "json"])
def test_a_full_disk_exits_1_with_one_line(cli: Cli, mode: list[str]) -> None:
    outcome = _shell(cli, "1>/dev/full", "models", "list", *mode)
    assert outcome.code == 1
    assert "Traceback" not in outcome.stderr
    assert len(lines(outcome.stderr)) == 1
    assert "No space left on device" in outcome.stderr


def test_an_upload_whose_result_cannot_be_written_exits_4_naming_it(cli: Cli) -> None:
    outcome = _shell(cli, "1>/dev/full", "versions", "upload", ARCH, "s3://b/full/")
    assert outcome.code == 4
    assert len(lines(outcome.stderr)) == 1
    assert "the upload was applied (version " in outcome.stderr
    assert "No space left on device" in outcome.stderr


def test_closed_stdin_declines_the_delete(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    outcome = _shell(cli, "<&-", "versions", "delete", ARCH, str(version))
    assert outcome.code == 1
    assert "Traceback" not in outcome.stderr
    assert lines(outcome.stderr) == [
        "Error: not confirmed (stdin is closed): nothing was deleted. Pass --yes to delete without asking."
    ]
    assert server.has_model_version(ARCH, version)
