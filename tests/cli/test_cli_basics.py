"""The command line's frame: help, version, start-up imports, exit codes, --json errors, the key, Ctrl-C."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, SCRIPT, Cli, Outcome, interrupt_when, merged_env

COMMANDS = [
    [],
    ["models"],
    ["models", "list"],
    ["versions"],
    ["versions", "list"],
    ["versions", "get"],
    ["versions", "upload"],
    ["versions", "set-aliases"],
    ["versions", "delete"],
    ["versions", "wait"],
    ["endpoints"],
    ["endpoints", "list"],
    ["endpoints", "get"],
    ["endpoints", "deploy"],
]


def test_version_from_the_real_executable(cli: Cli) -> None:
    outcome = cli.script("--version")
    assert outcome.code == 0
    assert outcome.stdout.startswith("cerebras-management ")
    assert outcome.stderr == ""


def test_python_dash_m_runs_the_same_command_line(cli: Cli) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "cerebras_management", "--version"],
        env=merged_env(cli.env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("cerebras-management ")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_every_level_has_help_with_an_example(cli: Cli, command: list[str]) -> None:
    outcome = cli.run(*command, "--help")
    assert outcome.code == 0
    assert "Example:" in outcome.stdout
    assert "cerebras-management " in outcome.stdout


def test_root_help_documents_exit_codes_and_environment(cli: Cli) -> None:
    help_text = cli.run("--help").stdout
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "130 "):
        assert f"  {code}" in help_text
    assert "  4    a write was applied, then something failed" in help_text
    assert "CEREBRAS_MANAGEMENT_API_KEY" in help_text
    for option in ("--org", "--base-url", "--timeout", "--json", "-v, --verbose"):
        assert option in help_text


def test_help_and_version_never_load_the_generated_package_or_attrs(cli: Cli) -> None:
    probe = (
        "import sys\n"
        "from cerebras_management.cli import main\n"
        "for argv in (['--version'], ['--help'], ['versions', 'upload', '--help']):\n"
        "    assert main(argv) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith(('cerebras_management_api', 'attr', 'asyncio'))]\n"
        "print(loaded)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], env=merged_env(cli.env), capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "[]"


def test_no_key_is_a_usage_error_naming_the_variable(cli: Cli) -> None:
    outcome = cli.script("versions", "delete", ARCH, "1", "--yes", env={"CEREBRAS_MANAGEMENT_API_KEY": None})
    assert outcome.code == 2
    assert "CEREBRAS_MANAGEMENT_API_KEY" in outcome.stderr
    assert outcome.stdout == ""


def test_json_errors_are_one_object_on_stderr_and_nothing_on_stdout(cli: Cli) -> None:
    outcome = cli.run("--json", "versions", "delete", ARCH, "999", "--yes")
    assert outcome.code == 1
    error = json.loads(outcome.stderr)
    assert error["status_code"] == 404
    assert error["request_id"]
    assert "not found" in error["detail"]
    assert error["type"] == "NotFoundError"
    assert "error" in error
    assert json.loads(outcome.stdout)[0]["error"]["status_code"] == 404


@pytest.mark.parametrize(
    "args",
    [
        ["versions", "delete", ARCH, "Not-An-Alias!", "--yes"],  # alias pattern
        ["versions", "delete", ARCH, "..", "--yes"],  # would address another resource
        ["--timeout", "0", "versions", "delete", ARCH, "1", "--yes"],
        ["versions", "frobnicate"],
        ["versions", "get", ARCH],  # missing argument
        ["--base-url", "ftp://example.com", "versions", "delete", ARCH, "1", "--yes"],
    ],
)
def test_usage_errors_exit_2_in_both_output_modes(cli: Cli, args: list[str]) -> None:
    people = cli.run(*args)
    assert people.code == 2
    assert "Error" in people.stderr
    machine = cli.run(*args, "--json") if "frobnicate" not in args else cli.run("--json", *args)
    assert machine.code == 2
    assert json.loads(machine.stderr)["exit_code"] == 2
    assert machine.stdout == ""


def test_global_options_work_after_the_command_too(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    org = server.org_name
    outcome = cli.run(
        "--org", "nobody", "versions", "delete", ARCH, str(version), "--yes", "--org", org, "--json"
    )
    assert outcome.code == 0, outcome.stderr
    assert json.loads(outcome.stdout)[0]["deleted"] is True


def test_a_network_error_exits_1(cli: Cli) -> None:
    outcome = cli.run("--base-url", "http://127.0.0.1:9", "--json", "versions", "delete", ARCH, "1", "--yes")
    assert outcome.code == 1
    assert json.loads(outcome.stderr)["type"] == "APIConnectionError"


def test_a_key_echoed_by_the_server_is_never_printed(cli: Cli, server: MockServer) -> None:
    for json_flag in ([], ["--json"]):
        server.inject(Fault.echo_authorization(401))
        outcome = cli.run("versions", "delete", ARCH, "1", "--yes", *json_flag)  # the check is in Cli.run
        assert outcome.code == 1
        assert "401" in outcome.stderr


def test_ctrl_c_exits_130_without_a_traceback(cli: Cli, server: MockServer) -> None:
    server.inject(Fault.hang(20), path_contains="/versions/77")
    # Ctrl-C while the request is in flight.
    code, stdout, stderr = interrupt_when(
        server, len(server.requests) + 1, ["versions", "delete", ARCH, "77", "--yes"], cli.env
    )
    assert code == 130
    assert "Traceback" not in stderr
    assert "interrupted" in stderr
    assert server.api_key not in stdout + stderr


def _on_a_terminal(cli: Cli, answer: str, *args: str) -> Outcome:
    """Run the real executable with a pseudo-terminal as stdin, answering its question with ``answer``."""
    import os
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(SCRIPT), *args],
            env=merged_env(cli.env),
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(controller, answer.encode() + b"\n")
        stdout, stderr = process.communicate(timeout=30)
    finally:
        os.close(terminal)
        os.close(controller)
    return cli._checked(Outcome(process.returncode, stdout, stderr))


def test_delete_without_a_terminal_refuses_unless_yes(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    refused = cli.script("versions", "delete", ARCH, str(version))
    assert refused.code == 2
    assert "--yes" in refused.stderr
    assert server.has_model_version(ARCH, version)
    confirmed = cli.script("versions", "delete", ARCH, str(version), "--yes")
    assert confirmed.code == 0, confirmed.stderr
    assert not server.has_model_version(ARCH, version)


def test_delete_on_a_terminal_asks_first(cli: Cli, server: MockServer) -> None:
    version = server.add_model_version(ARCH, aliases=["to-go"])
    declined = _on_a_terminal(cli, "n", "versions", "delete", ARCH, "to-go")
    assert declined.code == 1
    assert f"in org {server.org_name} (to-go)" in declined.stderr
    assert "nothing was deleted" in declined.stderr
    assert server.has_model_version(ARCH, version)
    accepted = _on_a_terminal(cli, "y", "versions", "delete", ARCH, "to-go")
    assert accepted.code == 0, accepted.stderr
    assert "Deleted" in accepted.stdout
    assert not server.has_model_version(ARCH, version)
