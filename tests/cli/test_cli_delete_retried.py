"""``versions delete --missing-ok`` when the first attempt was applied and timed out (issue 14, item 10).

The retry gets a 404 that the listing confirms: this call deleted the version, so the command says
"Deleted", not "Already gone:".
"""

from __future__ import annotations

from cerebras_management.testing import Fault, MockServer

from .conftest import ARCH, Cli, lines


def test_a_delete_applied_by_a_timed_out_attempt_prints_deleted(cli: Cli, server: MockServer) -> None:
    server.reset()
    version = server.add_model_version(ARCH)
    # Held until the client (timeout 0.2 s) gives up on it, then applied; the retry gets a 404.
    server.inject(Fault.delay(5.0), times=1, method="DELETE", path_contains=f"/versions/{version}")
    outcome = cli.run("--timeout", "0.2", "versions", "delete", ARCH, str(version), "--yes", "--missing-ok")
    assert outcome.code == 0
    assert lines(outcome.stdout) == [f"Deleted orgs/{server.org_name}/models/{ARCH}/versions/{version}"]
    assert not server.has_model_version(ARCH, version)
    assert [request.method for request in server.requests] == ["DELETE", "DELETE", "GET"]


def test_a_version_gone_before_the_call_still_prints_already_gone(cli: Cli, server: MockServer) -> None:
    server.add_model_version(ARCH)
    outcome = cli.run("versions", "delete", ARCH, "4242", "--yes", "--missing-ok")
    assert outcome.code == 0
    assert lines(outcome.stdout)[0].startswith(
        f"Already gone: orgs/{server.org_name}/models/{ARCH}/versions/4242"
    )
