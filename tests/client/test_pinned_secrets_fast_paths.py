"""Exact decisions of the key's hygiene (`_secrets.py`) behind its fast paths (no pattern runs without the
key's anchor; a plain UTF-8 body is searched as bytes) and its decoded-body path (a key hidden by JSON
escapes or in UTF-16 is found after decoding, and the body is then given decoded); with the edges
beside them: a forgotten key added again, the pickling message, a response without a reason phrase, and
the log filter put back on a logger that lost it.

Each test uses keys of its own (random, secrets_support.py), so keys other tests' clients hold do not
interfere.
"""

from __future__ import annotations

import json
import logging
import pickle
import secrets

import httpx
import pytest
from cerebras_management import _secrets
from cerebras_management._secrets import HTTP_STACK_LOGGERS, REDACTED, KeyMatcher, Secret, install_log_filter
from secrets_support import new_key, response_401

# --- the decisions behind the fast paths and the decoded-body path -------------------------------


class _Untouchable:
    """Stands in for a compiled pattern that the fast path must not run."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the pattern ran ({name}) although the anchor is absent")


def test_without_the_anchor_no_pattern_runs() -> None:
    matcher = KeyMatcher(new_key("/x="))
    matcher.pattern = _Untouchable()  # type: ignore[assignment]
    matcher.pattern_bytes = _Untouchable()  # type: ignore[assignment]
    assert matcher.redact("nothing to see") == "nothing to see"
    assert matcher.redact_bytes(b"nothing to see") == b"nothing to see"
    assert matcher.found_in(b"nothing to see") is False


def test_the_anchor_keeps_upper_case_letters() -> None:
    assert KeyMatcher("AB.CDEFg-h").anchor == "CDEFg"  # the longest run of letters and digits, any case


def test_a_key_without_letters_or_digits_is_still_found() -> None:
    matcher = KeyMatcher("-._~")  # no anchor: the pattern always runs
    assert matcher.anchor == ""
    assert matcher.redact("x -._~ y") == f"x {REDACTED} y"
    assert matcher.redact_bytes(b"x -._~ y") == f"x {REDACTED} y".encode()
    assert matcher.found_in(b"x %2D._~ y") is True


def test_a_forgotten_key_can_be_added_and_forgotten_again() -> None:
    registry = _secrets._LiveKeys()
    a, b, c = new_key(), new_key(), new_key()
    registry.add(a)
    registry.release(a)
    registry.add(b)  # applies the release: a has no holder left
    assert (registry._counts, [m.anchor for m in registry.snapshot]) == ({b: 1}, [b])
    registry.add(a)
    registry.release(a)
    registry.add(c)
    assert (registry._counts, [m.anchor for m in registry.snapshot]) == ({b: 1, c: 1}, [b, c])


def test_pickling_a_secret_says_what_to_do_instead() -> None:
    with pytest.raises(TypeError) as info:
        pickle.dumps(Secret(new_key()))
    assert str(info.value) == "a Secret cannot be pickled: pass the key to the client in the other process"


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def test_a_plain_utf8_body_is_searched_as_bytes_never_decoded() -> None:
    key = new_key()
    secret = Secret(key)
    body = ('{"detail":"bad ' + key + '"}').encode()  # compact: a decoded copy would add spaces
    original = response_401(
        body=body, headers=[(b"content-type", b"application/json; charset=utf-8")], reason=b"OK"
    )
    scrubbed = secret.scrub(original)
    assert scrubbed.content == b'{"detail":"bad ' + REDACTED.encode() + b'"}'
    assert scrubbed.headers.multi_items() == [
        ("content-type", "application/json; charset=utf-8"),
        ("content-length", str(len(scrubbed.content))),
    ]
    assert _secrets._redacted_decoded_body(body, (secret._matcher,)) is None


def test_a_key_hidden_by_json_escapes_is_found_in_the_decoded_strings_and_names() -> None:
    key = new_key()
    secret = Secret(key)
    body = (
        '{"detail":"bad '
        + _escaped(key)
        + '","'
        + _escaped(key)
        + '":[1,"'
        + _escaped(key)
        + '",{"n":null}],'
        '"ok":"caf\\u00e9"}'
    ).encode()
    original = response_401(
        body=body,
        headers=[
            (b"Content-Type", b"text/json"),
            (b"Content-Encoding", b"identity"),
            (b"Transfer-Encoding", b"chunked"),
            (b"X-Request-Id", b"req-1"),
        ],
        reason=b"Unauthorized",
    )
    scrubbed = secret.scrub(original)
    expected = {"detail": f"bad {REDACTED}", REDACTED: [1, REDACTED, {"n": None}], "ok": "café"}
    assert scrubbed.content == json.dumps(expected, ensure_ascii=False).encode()
    assert scrubbed.json() == expected
    # The body is given decoded: its old type, encoding and length no longer describe it. The names
    # as written too (`headers.raw`, what RawResponse.headers.raw shows and a proxy would forward):
    # the canonical case, like httpx's own Content-Length.
    assert scrubbed.headers.raw == [
        (b"X-Request-Id", b"req-1"),
        (b"Content-Type", b"application/json"),
        (b"Content-Length", str(len(scrubbed.content)).encode()),
    ]
    assert _secrets._redacted_decoded_body(body, (secret._matcher,)) == scrubbed.content


def test_a_key_in_a_utf16_body_is_found_after_decoding() -> None:
    key = new_key()
    secret = Secret(key)
    body = json.dumps({"owner": f"key={key}"}).encode("utf-16-le")
    scrubbed = secret.scrub(response_401(body=body, headers=[], reason=b"OK"))
    assert scrubbed.content == json.dumps({"owner": f"key={REDACTED}"}, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    "body",
    [
        b'{"detail":"caf\\u00e9"}',  # an escape, but no key once decoded
        json.dumps({"detail": "nothing"}).encode("utf-16-le"),
        b"\\u not json",
        b"[",
        b"",
    ],
)
def test_a_body_that_decodes_to_no_key_is_left_alone(body: bytes) -> None:
    secret = Secret(new_key())
    assert _secrets._redacted_decoded_body(body, (secret._matcher,)) is None
    original = response_401(body=body, headers=[(b"content-type", b"text/plain")], reason=b"OK")
    assert secret.scrub(original) is original


@pytest.mark.parametrize(
    "escape",
    [b"\\u00e9", b"\\u003c", b"\\u002F", b"\\u0026", b"\\u4e2d", b"\\u002f\\u003D"],
)
def test_escapes_of_other_characters_than_letters_and_digits_are_not_decoded(escape: bytes) -> None:
    key = new_key("/=")
    secret = Secret(key)
    body = b'{"detail":"' + escape + b" bad " + key.encode() + b'"}'
    assert _secrets._redacted_decoded_body(body, (secret._matcher,)) is None
    original = response_401(body=body, headers=[(b"content-type", b"text/json")], reason=b"OK")
    scrubbed = secret.scrub(original)
    assert scrubbed.content == b'{"detail":"' + escape + b' bad [REDACTED]"}'
    assert scrubbed.headers["content-type"] == "text/json"  # the byte search was enough: body kept as sent


@pytest.mark.parametrize("char", ["0", "9", "A", "Z", "a", "z"])
def test_an_escape_of_any_letter_or_digit_is_decoded(char: str) -> None:
    key = "k" + secrets.token_hex(6) + char
    secret = Secret(key)
    for code in (f"\\u{ord(char):04x}", f"\\u{ord(char):04X}"):
        body = ('{"detail":"' + key[:-1] + code + '"}').encode()
        assert _secrets._redacted_decoded_body(body, (secret._matcher,)) == b'{"detail": "[REDACTED]"}'


def test_a_response_without_a_reason_keeps_the_standard_phrase() -> None:
    key = new_key()
    response = httpx.Response(
        401, content=key.encode(), request=httpx.Request("GET", "https://api.example.com/x")
    )
    scrubbed = Secret(key).scrub(response)
    assert scrubbed.content == REDACTED.encode()
    assert "reason_phrase" not in scrubbed.extensions
    assert scrubbed.reason_phrase == "Unauthorized"


def test_install_puts_the_filter_back_on_a_logger_that_lost_it() -> None:
    loggers = [logging.getLogger(name) for name in HTTP_STACK_LOGGERS]
    try:
        for logger in loggers:
            logger.removeFilter(_secrets._FILTER)
        install_log_filter()
        for logger in loggers:
            assert logger.filters.count(_secrets._FILTER) == 1, logger.name
            assert None not in logger.filters, logger.name
        assert _secrets._FILTER not in logging.getLogger().filters  # the named loggers, not the root
    finally:
        install_log_filter()


def test_a_key_only_in_a_field_name_is_found() -> None:
    key = new_key()
    secret = Secret(key)
    body = ('{"' + _escaped(key) + '":1}').encode()
    assert _secrets._redacted_decoded_body(body, (secret._matcher,)) == b'{"[REDACTED]": 1}'


def test_the_decoded_body_keeps_nan_and_lone_surrogates_as_they_came() -> None:
    key = new_key()
    secret = Secret(key)
    body = ('{"a":NaN,"b":"\\ud800","c":"' + _escaped(key) + '"}').encode()
    assert _secrets._redacted_decoded_body(body, (secret._matcher,)) == (
        '{"a": NaN, "b": "\ud800", "c": "[REDACTED]"}'.encode("utf-8", "surrogatepass")
    )
