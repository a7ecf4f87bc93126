"""Echoed keys are redacted on decoded values; deeply nested validation bodies stay picklable.

A server can echo the key in forms a byte search does not see: a JSON escape of a letter
(``\\u0074``), a UTF-16 JSON body, a response header *name*. Each test runs on a real loopback server,
once with the msgspec accelerator and once with the one-pass reader (env CEREBRAS_MANAGEMENT_SPEEDUPS).
"""

from __future__ import annotations

import copy
import json
import pickle

import pytest
from cerebras_management import APIResponseValidationError, ManagementClient, NotFoundError
from raw_server import http_reply, raw_server

ARCH = "gpt-oss-120b"
KEY = "sk-mgmt-0123456789abcdef"
#: The key with every character written as a JSON \u escape (letters included).
ESCAPED = "".join(f"\\u{ord(char):04x}" for char in KEY)
NAME = f"orgs/o/models/{ARCH}/versions/1"
JSON = "Content-Type: application/json"
UTF16 = "Content-Type: application/json; charset=utf-16"


@pytest.fixture(params=["accelerated", "one-pass"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with either reader (the accelerator is off with CEREBRAS_MANAGEMENT_SPEEDUPS=0)."""
    if request.param == "accelerated":
        pytest.importorskip("msgspec")
        monkeypatch.delenv("CEREBRAS_MANAGEMENT_SPEEDUPS", raising=False)
    else:
        monkeypatch.setenv("CEREBRAS_MANAGEMENT_SPEEDUPS", "0")
    return request.param


def _texts(*values: object) -> list[str]:
    return [value if isinstance(value, str) else repr(value) for value in values]


def _get(url: str) -> object:
    with ManagementClient(api_key=KEY, org_name="o", base_url=url, max_retries=0) as client:
        return client.model_versions.get(ARCH, 1)


@pytest.mark.usefixtures("reader")
def test_key_escaped_letter_by_letter_in_values_and_keys_never_reaches_the_result() -> None:
    body = (
        f'{{"name": "{NAME}", "done": true, "response": {{"sync_status": "{ESCAPED}", "{ESCAPED}": 1}},'
        f' "note": "echo {ESCAPED}"}}'
    ).encode()
    with raw_server(http_reply("HTTP/1.1 200 OK", body, JSON)) as url:
        result = _get(url)
    as_dict = result.to_dict()  # type: ignore[attr-defined]
    texts = _texts(result, as_dict, json.dumps(as_dict))
    assert [text for text in texts if KEY in text] == []
    assert as_dict["response"]["sync_status"] == "[REDACTED]"
    assert as_dict["response"]["[REDACTED]"] == 1
    assert as_dict["note"] == "echo [REDACTED]"


@pytest.mark.usefixtures("reader")
def test_key_in_a_utf16_json_body_never_reaches_the_result() -> None:
    body = json.dumps({"name": NAME, "done": True, "owner": f"key={KEY}"}).encode("utf-16")
    with raw_server(http_reply("HTTP/1.1 200 OK", body, UTF16)) as url:
        result = _get(url)
    assert result.additional_properties == {"owner": "key=[REDACTED]"}  # type: ignore[attr-defined]
    assert KEY not in repr(result)
    assert KEY not in json.dumps(result.to_dict())  # type: ignore[attr-defined]


@pytest.mark.usefixtures("reader")
def test_key_as_a_response_header_name_never_reaches_the_error(every_log_record: list[str]) -> None:
    reply = http_reply("HTTP/1.1 404 Not Found", b'{"detail": "no such version"}', JSON, f"X-{KEY}: 1")
    with raw_server(reply) as url, pytest.raises(NotFoundError) as raised:
        _get(url)
    error = raised.value
    raw_names = [name for name, _ in error.response.headers.raw]
    assert b"X-[REDACTED]" in raw_names
    texts = _texts(str(error), error.response.headers.raw, dict(error.response.headers), error.body)
    assert [text for text in texts if KEY in text] == []
    assert [message for message in every_log_record if KEY in message] == []


@pytest.mark.usefixtures("reader")
def test_escaped_key_in_a_body_that_fails_validation_stays_out_of_the_error() -> None:
    body = f'{{"name": "{NAME}", "done": "{ESCAPED}"}}'.encode()
    with (
        raw_server(http_reply("HTTP/1.1 200 OK", body, JSON)) as url,
        pytest.raises(APIResponseValidationError) as raised,
    ):
        _get(url)
    error = raised.value
    assert error.field == "done"
    assert str(error).endswith("ModelVersion.done should be a boolean, got string '[REDACTED]'.")
    texts = _texts(str(error), error.body, error.response.text, error.response.json())
    assert [text for text in texts if KEY in text] == []


@pytest.mark.usefixtures("reader")
def test_a_validation_body_nested_600_deep_is_kept_as_text_and_the_error_pickles() -> None:
    deep = "[" * 600 + "]" * 600
    body = f'{{"name": "{NAME}", "done": "no", "deep": {deep}}}'.encode()
    with (
        raw_server(http_reply("HTTP/1.1 200 OK", body, JSON)) as url,
        pytest.raises(APIResponseValidationError) as raised,
    ):
        _get(url)
    error = raised.value
    assert (error.schema, error.field) == ("ModelVersion", "done")
    assert error.body == body.decode()
    copied = pickle.loads(pickle.dumps(error))
    assert (str(copied), copied.body, copied.field) == (str(error), error.body, "done")
    assert copy.deepcopy(error).body == body.decode()
    assert "got string 'no'" in str(error)


@pytest.mark.usefixtures("reader")
def test_another_live_clients_short_key_neither_rewrites_nor_unmasks_this_clients_data() -> None:
    # Seen in the full suite: a live client keyed "k" made the redaction replace every "k" first, so
    # "sk-..." became "s[REDACTED]-mgmt-..." and the rest of the key showed. Only the own key applies.
    body = f'{{"name": "{NAME}", "done": true, "note": "kind {ESCAPED}"}}'.encode()
    with (
        raw_server(http_reply("HTTP/1.1 200 OK", body, JSON)) as url,
        ManagementClient(api_key="k", org_name="o", base_url=url),
    ):
        result = _get(url)
    assert result.to_dict()["note"] == "kind [REDACTED]"  # type: ignore[attr-defined]
