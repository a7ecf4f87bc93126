"""Fault injection: each fault, FIFO order, matching, and that faulted requests change no state."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from cerebras_management.testing import Fault, MockServer

URL = "/management/v1/orgs/my-org/models/gpt-oss-120b/versions/{}"


@pytest.fixture
def client(mock_server: MockServer) -> httpx.Client:
    mock_server.add_model_version("gpt-oss-120b", aliases=["prod"])
    return httpx.Client(
        base_url=mock_server.url, headers={"Authorization": f"Bearer {mock_server.api_key}"}, timeout=10
    )


def test_status_fault_for_the_next_n_requests_then_normal(
    mock_server: MockServer, client: httpx.Client
) -> None:
    mock_server.inject(Fault.status(503), times=2)
    for _ in range(2):
        response = client.delete(URL.format(1))
        assert response.status_code == 503
        assert "detail" in response.json()
        assert response.headers["x-request-id"]
        assert mock_server.has_model_version("gpt-oss-120b", 1)  # a faulted request changes nothing
    assert client.delete(URL.format(1)).status_code == 200


def test_retry_after_headers(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.status(429, retry_after="1"))
    mock_server.inject(Fault.status(429, retry_after_ms="250"))
    first, second = client.delete(URL.format(1)), client.delete(URL.format(1))
    assert (first.status_code, first.headers["retry-after"]) == (429, "1")
    assert "retry-after-ms" not in first.headers
    assert (second.status_code, second.headers["retry-after-ms"]) == (429, "250")


def test_faults_apply_before_auth(mock_server: MockServer) -> None:
    mock_server.inject(Fault.status(500))
    assert httpx.delete(mock_server.url + URL.format(1)).status_code == 500  # no key at all
    assert httpx.delete(mock_server.url + URL.format(1)).status_code == 401


def test_faults_match_method_and_path(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.status(502), method="DELETE", path_contains="/versions/prod")
    assert client.get(URL.format("prod")).status_code == 200  # other method: not consumed
    assert client.delete(URL.format(7)).status_code == 404  # other path: not consumed
    assert client.delete(URL.format("prod")).status_code == 502
    assert client.delete(URL.format("prod")).status_code == 200


def test_faults_are_fifo(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.status(500))
    mock_server.inject(Fault.status(503))
    assert [client.delete(URL.format(1)).status_code for _ in range(3)] == [500, 503, 200]


def test_times_must_be_positive(mock_server: MockServer) -> None:
    with pytest.raises(ValueError, match="times"):
        mock_server.inject(Fault.status(500), times=0)


def test_delay_then_handles_normally(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.delay(0.05))
    response = client.delete(URL.format(1))
    assert response.status_code == 200
    assert not mock_server.has_model_version("gpt-oss-120b", 1)


def test_hang_makes_the_client_time_out(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.hang(seconds=30))
    with pytest.raises(httpx.ReadTimeout):
        client.delete(URL.format(1), timeout=0.2)
    assert mock_server.has_model_version("gpt-oss-120b", 1)
    assert client.delete(URL.format(1)).status_code == 200


def test_hang_is_bounded(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.hang(seconds=0.05))
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # dropped, never answered
        client.delete(URL.format(1))


def test_stop_is_prompt_with_a_hanging_request_in_flight() -> None:
    server = MockServer().start()
    server.inject(Fault.hang(seconds=600))
    outcome: list[BaseException] = []
    arrived = threading.Event()

    def call() -> None:
        try:
            httpx.delete(server.url + URL.format(1), timeout=600)
        except httpx.HTTPError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    while not server.requests:  # wait until the request is being held
        arrived.wait(0.01)
    server.stop()  # well under the hang (pytest-timeout would catch a hang of 600 s)
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], httpx.ReadError | httpx.RemoteProtocolError)


def test_reset_closes_the_connection_without_a_response(
    mock_server: MockServer, client: httpx.Client
) -> None:
    mock_server.inject(Fault.reset())
    with pytest.raises(httpx.ReadError, match="reset"):
        client.delete(URL.format(1))
    assert mock_server.has_model_version("gpt-oss-120b", 1)
    assert client.delete(URL.format(1)).status_code == 200  # a new connection works


def test_html_error_page(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.html(502))
    response = client.delete(URL.format(1))
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<html>")


def test_malformed_json(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.malformed_json(200))
    response = client.delete(URL.format(1))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert mock_server.has_model_version("gpt-oss-120b", 1)


def test_empty_body(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.empty(200))
    response = client.delete(URL.format(1))
    assert (response.status_code, response.content) == (200, b"")
    assert mock_server.has_model_version("gpt-oss-120b", 1)


def test_echo_authorization(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.echo_authorization(401))
    response = client.delete(URL.format(1))
    assert response.status_code == 401
    assert f"Bearer {mock_server.api_key}" in response.json()["detail"]


def test_arbitrary_body(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.body(200, b'{"message":"x","extra":1}', "application/json"))
    response = client.delete(URL.format(1))
    assert response.json() == {"message": "x", "extra": 1}
    assert mock_server.has_model_version("gpt-oss-120b", 1)


def test_faulted_requests_are_recorded(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.reset())
    with pytest.raises(httpx.ReadError):
        client.delete(URL.format("prod"))
    (recorded,) = mock_server.requests
    assert recorded.path_params["version_id"] == "prod"
    assert recorded.api_key == mock_server.api_key


def test_reset_drops_pending_faults(mock_server: MockServer, client: httpx.Client) -> None:
    mock_server.inject(Fault.status(500), times=5)
    mock_server.reset()
    assert client.delete(URL.format(1)).status_code == 404
