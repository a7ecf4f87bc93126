"""Exact decisions of the key's hygiene (`_secrets.py`) in `Secret` itself: it never shows the key, compares
by value, cleans a decoded JSON body (`redact_json`) and a response (`scrub`: body, headers, reason), and
`forget_credentials` redacts the Authorization header of the request as sent.

Each test uses keys of its own (random, secrets_support.py), so keys other tests' clients hold do not
interfere.
"""

from __future__ import annotations

import datetime
import json
import pickle
import secrets
from collections.abc import Iterator

import httpx
import pytest
from cerebras_management._secrets import REDACTED, Secret, forget_credentials
from secrets_support import new_key, response_401

# --- Secret itself -------------------------------------------------------------------------------


def test_secret_never_shows_itself() -> None:
    key = new_key()
    secret = Secret(key)
    assert repr(secret) == "Secret('[REDACTED]')"
    assert str(secret) == "Secret('[REDACTED]')"
    assert f"{secret}" == "Secret('[REDACTED]')"
    assert secret.reveal() == key
    with pytest.raises(TypeError, match="a Secret cannot be pickled: pass the key to the client"):
        pickle.dumps(secret)


def test_secret_equality_and_hash_follow_the_value() -> None:
    key = new_key()
    assert Secret(key) == Secret(key)
    assert Secret(key) != Secret(new_key())
    assert Secret(key) != key
    assert hash(Secret(key)) == hash(key)


def test_redact_json_cleans_keys_and_values_at_every_depth() -> None:
    key = new_key("/x")
    secret = Secret(key)
    body = {
        "detail": f"key {key}",
        key: [1, None, True, 2.5, {"nested": [f"{key}", {f"a{key}": key.replace("/", "\\/")}]}],
        "n": 3,
    }
    cleaned = secret.redact_json(body)
    assert cleaned == {
        "detail": f"key {REDACTED}",
        REDACTED: [1, None, True, 2.5, {"nested": [REDACTED, {f"a{REDACTED}": REDACTED}]}],
        "n": 3,
    }
    assert key in json.dumps(body)  # the original is untouched
    deep: object = key
    for _ in range(5000):
        deep = [deep]
    out = secret.redact_json(deep)
    for _ in range(5000):
        assert isinstance(out, list)
        assert len(out) == 1
        out = out[0]
    assert out == REDACTED


@pytest.mark.parametrize("where", ["body", "header", "reason"])
def test_scrub_removes_an_echo_from_each_place(where: str) -> None:
    key = new_key("+/=")
    secret = Secret(key)
    echo = key.encode()
    body = b'{"detail": "bad ' + (echo if where == "body" else b"token") + b'"}'
    headers = [(b"x-echo", echo if where == "header" else b"none"), (b"x-request-id", b"req-1")]
    reason = b"Bad " + (echo if where == "reason" else b"key")
    original = response_401(body=body, headers=headers, reason=reason)
    scrubbed = secret.scrub(original)
    assert scrubbed is not original
    assert scrubbed.status_code == 401
    assert (scrubbed.request.method, scrubbed.request.url) == (original.request.method, original.request.url)
    assert scrubbed.headers["x-request-id"] == "req-1"
    assert echo not in scrubbed.content
    assert all(echo not in value for _, value in scrubbed.headers.raw)
    assert echo not in scrubbed.extensions["reason_phrase"]
    if "content-length" in scrubbed.headers:
        assert int(scrubbed.headers["content-length"]) == len(scrubbed.content)
    expected_body = body.replace(echo, REDACTED.encode())
    assert scrubbed.content == expected_body


def test_scrub_returns_a_clean_response_itself() -> None:
    secret = Secret(new_key())
    original = response_401(body=b'{"ok": true}', headers=[(b"x-a", b"b")], reason=b"OK")
    assert secret.scrub(original) is original


@pytest.mark.parametrize("split", ["key ends in XX", "key starts with XX"])
def test_the_header_search_never_matches_across_two_headers(split: str) -> None:
    # The header names and values are searched as one NUL-joined string. With a separator that a key
    # could contain (say b"XX\0XX"), a key ending (or starting) in "XX" would be "found" in a value
    # that ends with the rest of the key followed by the separator, and the response rebuilt: its
    # Content-Encoding and Content-Length dropped for a body that was never changed.
    stem = "k" + secrets.token_hex(12)
    key = stem + "XX" if split == "key ends in XX" else "XX" + stem
    secret = Secret(key)
    headers = [
        (b"content-encoding", b"identity"),
        (b"x-a", stem.encode()),
        (b"x-b", b"1"),
        (b"content-length", b"2"),
    ]
    original = response_401(body=b"{}", headers=headers, reason=b"OK")
    assert secret.scrub(original) is original
    assert original.headers.raw == headers
    # The whole key in the value is an echo (the search does look there).
    echo = [(b"content-encoding", b"identity"), (b"x-a", key.encode())]
    scrubbed = secret.scrub(response_401(body=b"{}", headers=echo, reason=b"OK"))
    assert scrubbed.headers.raw == [(b"x-a", REDACTED.encode()), (b"Content-Length", b"2")]


def _sent(key: str) -> httpx.Request:
    """A request as the client sends it: the key in its Authorization header, among other headers."""
    return httpx.Request(
        "DELETE",
        "https://api.example.com/v1/x",
        headers=[
            (b"Accept", b"application/json"),
            (b"Authorization", b"Bearer " + key.encode()),
            (b"X-Other", b"keep me"),
        ],
        extensions={"timeout": {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}},
    )


@pytest.mark.parametrize("echoed", [False, True])
def test_a_scrubbed_response_holds_no_stream_of_the_connection_pool(echoed: bool) -> None:
    key = new_key("/+=")
    secret = Secret(key)
    request = _sent(key)
    body = b'{"detail": "' + (key.encode() if echoed else b"no") + b'"}'

    class _PoolStream(httpx.SyncByteStream):  # stands in for httpcore's, which holds the request as sent
        def __init__(self) -> None:
            self.sent = request

        def __iter__(self) -> Iterator[bytes]:
            yield body

    original = httpx.Response(401, stream=_PoolStream(), request=request)
    original.read()
    scrubbed = secret.scrub(original)
    assert (scrubbed is original) is not echoed
    assert scrubbed.request is request  # the client's own, until forget_credentials at the call's end
    assert type(scrubbed.stream) is httpx.ByteStream
    assert list(scrubbed.stream) == [scrubbed.content]
    assert scrubbed.content == body.replace(key.encode(), REDACTED.encode())


def test_forget_credentials_keeps_the_scheme_and_every_other_header() -> None:
    key = new_key("/=")
    request = _sent(key)
    request.headers["X-Authorization"] = "not the credential"
    forget_credentials(request)
    assert request.headers.raw == [
        (b"Host", b"api.example.com"),
        (b"Accept", b"application/json"),
        (b"Authorization", b"Bearer [REDACTED]"),
        (b"X-Other", b"keep me"),
        (b"X-Authorization", b"not the credential"),
    ]
    assert key.encode() not in pickle.dumps(request)


def test_forget_credentials_redacts_every_authorization_header_whatever_its_form() -> None:
    request = httpx.Request(
        "GET",
        "https://api.example.com/x",
        headers=[
            (b"authorization", b"bare-token"),
            (b"AUTHORIZATION", b"Basic dXNlcjpwYXNz"),
            (b"Authorization", b"Digest username=u, response=secret"),  # only the scheme is kept
            (b"X-A", b"b"),
        ],
    )
    forget_credentials(request)
    assert request.headers.raw == [
        (b"Host", b"api.example.com"),
        (b"authorization", b"[REDACTED]"),
        (b"AUTHORIZATION", b"Basic [REDACTED]"),
        (b"Authorization", b"Digest [REDACTED]"),
        (b"X-A", b"b"),
    ]
    without = httpx.Request("GET", "https://api.example.com/x")
    forget_credentials(without)
    assert without.headers.raw == [(b"Host", b"api.example.com")]


def test_scrub_keeps_the_elapsed_time() -> None:
    key = new_key()
    secret = Secret(key)
    original = response_401(body=key.encode(), headers=[], reason=b"OK")
    original.elapsed = datetime.timedelta(seconds=1.25)
    scrubbed = secret.scrub(original)
    assert scrubbed.elapsed == datetime.timedelta(seconds=1.25)
