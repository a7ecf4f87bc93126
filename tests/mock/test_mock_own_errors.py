"""The mock's own errors (issue 26, item 8): bad fault arguments are refused where they are given,
anything that fails inside the mock answers a JSON 500 naming the mock, and a failed rollout says why.

Before: ``Fault.status(429, retry_after=0.01)`` was accepted, then crashed inside uvicorn
(``AttributeError: 'float' object has no attribute 'encode'``) and the client saw uvicorn's plain-text
500; ``fail_next_rollout(message=...)``'s message appeared nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from cerebras_management import InternalServerError, ManagementClient, OperationFailedError
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Fault.status(429, retry_after=0.01),
            TypeError,
            "retry_after must be a str, the header's value as sent (e.g. retry_after='0.01'), not float 0.01",
        ),
        (
            lambda: Fault.status(429, retry_after_ms=250),
            TypeError,
            "retry_after_ms must be a str, the header's value as sent (e.g. retry_after_ms='250'), "
            "not int 250",
        ),
        (
            lambda: Fault.status(503, retry_after="1\r\nX-Injected: yes"),
            ValueError,
            "retry_after must be printable ASCII (a header value), got '1\\r\\nX-Injected: yes'",
        ),
        (
            lambda: Fault.status("503"),
            TypeError,
            "status must be an int HTTP status code (e.g. 503), not str '503'",
        ),
        (
            lambda: Fault.status(True),
            TypeError,
            "status must be an int HTTP status code (e.g. 503), not bool True",
        ),
        (
            lambda: Fault.status(5030),
            ValueError,
            "status must be a final HTTP status code, from 200 to 599, got 5030",
        ),
        (
            lambda: Fault.status(100),
            ValueError,
            "status must be a final HTTP status code, from 200 to 599, got 100",
        ),
        (
            lambda: Fault.html(502.0),
            TypeError,
            "status must be an int HTTP status code (e.g. 503), not float 502.0",
        ),
        (lambda: Fault.malformed_json("200"), TypeError, "status must be an int"),
        (lambda: Fault.empty(None), TypeError, "status must be an int"),  # type: ignore[arg-type]
        (lambda: Fault.echo_authorization(600), ValueError, "status must be a final HTTP status code"),
        (lambda: Fault.delay("1"), TypeError, "seconds must be a number of seconds, not str '1'"),
        (lambda: Fault.delay(-1), ValueError, "seconds must be a finite number of seconds >= 0, got -1"),
        (
            lambda: Fault.hang(float("inf")),
            ValueError,
            "seconds must be a finite number of seconds >= 0, got inf",
        ),
        (
            lambda: Fault.body(400, '{"detail": 1}'),
            TypeError,
            "body must be bytes (encode it: body.encode()), not str",
        ),
        (lambda: Fault.body(400, b"{}", content_type=None), TypeError, "content_type must be a str"),
    ],
)
def test_a_bad_fault_argument_is_refused_where_it_is_given(
    build: Callable[[], Fault], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        build()
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"fault": "503"}, "fault must be a Fault (e.g. Fault.status(503)), not str"),
        ({"fault": Fault.status(503), "times": 1.5}, "times must be an int, not float 1.5"),
        ({"fault": Fault.status(503), "method": b"GET"}, "method must be a str or None, not bytes b'GET'"),
        ({"fault": Fault.status(503), "path_contains": 7}, "path_contains must be a str or None, not int 7"),
    ],
)
def test_inject_refuses_what_it_cannot_match(
    mock_server: MockServer, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError) as raised:
        mock_server.inject(**arguments)
    assert str(raised.value) == message
    assert mock_server._faults.pending() == 0


def test_the_documented_fault_builders_still_build(mock_server: MockServer) -> None:
    faults = [
        Fault.status(429, retry_after="0.01", retry_after_ms="10"),
        Fault.delay(0),
        Fault.hang(0.5),
        Fault.html(),
        Fault.malformed_json(),
        Fault.empty(204),
        Fault.echo_authorization(),
        Fault.body(200, bytearray(b"{}"), "application/json; charset=utf-8"),
    ]
    assert faults[0].headers == (("retry-after", "0.01"), ("retry-after-ms", "10"))
    assert faults[-1].payload == b"{}"
    assert type(faults[-1].payload) is bytes
    for fault in faults:
        mock_server.inject(fault)
    assert mock_server._faults.pending() == len(faults)


def test_anything_failing_inside_the_mock_is_a_json_500_naming_the_mock(mock_server: MockServer) -> None:
    # A Fault made by hand with a header value that is not a str: sending the answer fails in the
    # mock itself, after the fault was applied (before: uvicorn's plain-text "Internal Server Error").
    mock_server.inject(Fault("status", code=429, headers=(("retry-after", 0.01),)))  # type: ignore[arg-type]
    with (
        ManagementClient(
            api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url, max_retries=0
        ) as client,
        pytest.raises(InternalServerError) as raised,
    ):
        client.models.list()
    error = raised.value
    assert error.status_code == 500
    assert error.body == {
        "detail": "The mock server (cerebras_management.testing) failed: AttributeError: 'float' object "
        "has no attribute 'encode'. This is a bug in the mock or in how it was set up, not an answer the "
        "API gives."
    }
    assert error.response.headers["x-mock-error"] == "AttributeError"
    assert (error.request_id or "").startswith("req_")
    assert error.response.headers["content-type"] == "application/json"
    with httpx.Client(base_url=mock_server.url) as http:  # the server goes on serving
        assert http.get("/management/v1/orgs/my-org/models").status_code == 401


@pytest.mark.parametrize("how", ["fail_next_rollout", "finish_rollout"])
def test_a_failed_rollouts_message_reaches_the_waiters_error(mock_server: MockServer, how: str) -> None:
    mock_server.add_model_version(ARCH)
    message = "capacity exhausted in us-east-1"
    if how == "fail_next_rollout":
        mock_server.fail_next_rollout(message=message)
    with ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url) as client:
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, 1)
        if how == "finish_rollout":
            mock_server.finish_rollout(ENDPOINT, deployment.name, error=message)
        with pytest.raises(OperationFailedError) as raised:
            client.endpoints.wait_for_deployment(deployment, poll_interval=0.01, timeout=30)
    error = raised.value
    assert (error.state, error.reason) == ("failed", message)
    assert str(error).endswith(f": {message}")
    entry = next(d for d in mock_server.endpoint(ENDPOINT)["deployed_models"] if d["id"] == deployment.name)
    assert (entry["state"], entry["error"]) == ("failed", {"code": 13, "message": message})
