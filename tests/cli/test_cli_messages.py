"""Messages that speak the command line's language: options and environment variables, not the
library's arguments; and the deploy progress that starts with the API's own state."""

from __future__ import annotations

import json
import re

from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, Cli, lines

ENDPOINT = "my-org-gpt-oss-120b"


def test_a_missing_org_names_the_option_and_the_variable(cli: Cli) -> None:
    outcome = cli.run("versions", "list", ARCH, env={"CEREBRAS_ORG_NAME": None})
    assert outcome.code == 2
    assert "no organization: pass --org ORG_NAME or set CEREBRAS_ORG_NAME" in outcome.stderr
    assert "org_name=" not in outcome.stderr


def test_endpoints_get_needs_no_org(cli: Cli) -> None:
    outcome = cli.run("endpoints", "get", ENDPOINT, env={"CEREBRAS_ORG_NAME": None})
    assert outcome.code == 0, outcome.stderr


def test_a_missing_key_names_only_the_variable(cli: Cli) -> None:
    for value in (None, "  "):
        outcome = cli.run("models", "list", env={"CEREBRAS_MANAGEMENT_API_KEY": value})
        assert outcome.code == 2
        assert "no management API key: set CEREBRAS_MANAGEMENT_API_KEY" in outcome.stderr
        assert "api_key" not in outcome.stderr


def test_a_malformed_key_names_only_the_variable(cli: Cli) -> None:
    outcome = cli.run("models", "list", env={"CEREBRAS_MANAGEMENT_API_KEY": "abc def"})
    assert outcome.code == 2
    assert "Check CEREBRAS_MANAGEMENT_API_KEY for a stray newline or quote" in outcome.stderr
    assert "api_key" not in outcome.stderr


def test_a_401_hint_names_the_variable(cli: Cli, server: MockServer) -> None:
    server.inject(Fault.status(401))
    outcome = cli.run("models", "list")
    assert outcome.code == 1
    assert outcome.stderr.rstrip().endswith(
        "Check the management API key in the environment variable CEREBRAS_MANAGEMENT_API_KEY."
    )
    assert "argument api_key" not in outcome.stderr
    server.inject(Fault.status(403))
    denied = json.loads(cli.run("models", "list", "--json").stderr)["error"]
    assert denied.endswith("The key may belong to another organization: check --org (or CEREBRAS_ORG_NAME).")


def test_deploy_progress_on_a_terminal_starts_with_the_apis_own_state(cli: Cli, server: MockServer) -> None:
    server.add_model_version(ARCH, aliases=["tty-deploy"])
    outcome = cli.on_terminal(
        "endpoints", "deploy", ENDPOINT, ARCH, "tty-deploy", "--wait", "--poll-interval", "0.01",
        terminal="stderr",
    )  # fmt: skip
    stdout, screen = outcome.stdout, outcome.stderr
    assert outcome.code == 0
    deployment_id = lines(stdout)[0].split()[1]
    named, live = screen.split(f"waiting for deployment {deployment_id} on {ENDPOINT} ...", 1)
    assert "\x1b[" not in named  # the subject's line comes first, whole
    states = re.findall(r"\b(not_started|in_progress|complete|waiting|pending)\b", live)
    assert states[0] == "not_started"
    assert "waiting" not in states
    assert "pending" not in states
    assert states[-1] == "complete"
