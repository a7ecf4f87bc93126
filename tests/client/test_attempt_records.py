"""Each attempt's DEBUG record carries its facts as ``record.http_attempt`` (what the CLI's ``-v`` reads)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from cerebras_management import ManagementClient, NotFoundError
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"


class _Attempts(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.facts: list[dict[str, Any]] = []
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        facts = getattr(record, "http_attempt", None)
        if facts is not None:
            self.facts.append(facts)
            self.messages.append(record.getMessage())


@pytest.fixture
def attempts() -> Iterator[_Attempts]:
    handler = _Attempts()
    logger = logging.getLogger("cerebras_management")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old)


def test_a_retried_call_leaves_one_record_per_attempt_with_its_facts(
    server: MockServer, attempts: _Attempts
) -> None:
    server.inject(Fault.status(503, retry_after="0.01"))
    with (
        ManagementClient(
            api_key=server.api_key, org_name=server.org_name, base_url=server.url, max_retries=2
        ) as client,
        pytest.raises(NotFoundError),
    ):
        client.model_versions.get(ARCH, 99)
    assert [facts["status"] for facts in attempts.facts] == [503, 404]
    assert [facts["attempt"] for facts in attempts.facts] == [1, 2]
    assert {facts["attempts_allowed"] for facts in attempts.facts} == {3}
    assert {facts["method"] for facts in attempts.facts} == {"GET"}
    assert {facts["error"] for facts in attempts.facts} == {None}
    assert [facts["reason"] for facts in attempts.facts] == ["Service Unavailable", "Not Found"]
    url = f"{server.url}/management/v1/orgs/{server.org_name}/models/{ARCH}/versions/99"
    assert attempts.facts[1]["url"] == url
    assert all(facts["elapsed_ms"] >= 0 for facts in attempts.facts)
    ids = [facts["request_id"] for facts in attempts.facts]
    assert len(set(ids)) == 2
    assert all(re.fullmatch(r"req_[0-9a-f]{32}", request_id) for request_id in ids)
    assert attempts.messages[1] == (
        f"GET {attempts.facts[1]['url']} attempt 2/3 -> 404 Not Found in "
        f"{attempts.facts[1]['elapsed_ms']:.1f} ms (request id {attempts.facts[1]['request_id']})"
    )
