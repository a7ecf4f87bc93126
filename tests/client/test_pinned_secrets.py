"""Exact decisions of the key's hygiene (`_secrets.py`): the live-key registry's lifecycle, every echo
encoding, and the log filter on every logger of the HTTP stack.

Each test uses keys of its own (random), so keys other tests' clients hold do not interfere.
"""

from __future__ import annotations

import datetime
import gc
import json
import logging
import pickle
import secrets
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
from cerebras_management import _secrets
from cerebras_management._secrets import (
    HTTP_STACK_LOGGERS,
    REDACTED,
    KeyMatcher,
    RedactingFilter,
    Secret,
    forget_credentials,
    install_log_filter,
)


def new_key(special: str = "") -> str:
    return "k" + secrets.token_hex(12) + special


def _live_values() -> set[str]:
    return {m.anchor for m in _secrets._LIVE_KEYS.snapshot}


def _apply_releases() -> None:
    """Collect garbage, then add (and drop) a throwaway key: `add` applies queued releases."""
    gc.collect()
    Secret(new_key())


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def capture() -> Iterator[_Capture]:
    """A handler on each logger of the filter list, each at DEBUG, removed after."""
    handler = _Capture()
    loggers = [logging.getLogger(name) for name in HTTP_STACK_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def _log_everywhere(text: str) -> None:
    for name in HTTP_STACK_LOGGERS:
        logging.getLogger(name).debug("%s said %s", name, text)


# --- the registry's lifecycle --------------------------------------------------------------------


def test_the_filter_list_names_every_logger_that_writes_responses() -> None:
    assert HTTP_STACK_LOGGERS == (
        "cerebras_management",
        "httpx",
        "httpcore.connection",
        "httpcore.http11",
        "httpcore.http2",
        "httpcore.proxy",
    )


def test_create_share_collect_create_again_keeps_the_survivor_redacted(capture: _Capture) -> None:
    key = new_key()
    first = Secret(key)
    second = Secret(key)  # two clients share one key
    assert key in _live_values()
    del first
    _apply_releases()  # one holder collected, and a new client made
    assert key in _live_values()
    _log_everywhere(f"Bearer {key}")
    assert len(capture.messages) == len(HTTP_STACK_LOGGERS)
    for name, message in zip(HTTP_STACK_LOGGERS, capture.messages, strict=True):
        assert message == f"{name} said Bearer {REDACTED}"
    third = Secret(key)  # and a third holder of the same key, after the release
    del second
    _apply_releases()
    assert key in _live_values()
    del third
    _apply_releases()
    assert key not in _live_values()  # the last holder gone: the key is forgotten (no leak)


def test_three_holders_need_three_releases() -> None:
    key = new_key()
    holders = [Secret(key) for _ in range(3)]
    for expected_live in (True, True, False):
        holders.pop()
        _apply_releases()
        assert (key in _live_values()) is expected_live


def test_registry_counts_per_value() -> None:
    registry = _secrets._LiveKeys()
    a, b = new_key(), new_key()
    matcher = registry.add(a)
    assert registry.add(a) is matcher  # one matcher per value
    registry.add(b)
    assert [m.anchor for m in registry.snapshot] == [a, b]
    registry.release(a)
    registry.release(b)
    assert [m.anchor for m in registry.snapshot] == [a, b]  # released lazily, at the next add
    c = new_key()
    registry.add(c)
    assert [m.anchor for m in registry.snapshot] == [a, c]  # a has a holder left, b had one
    registry.release(a)
    registry.release(c)
    registry.add(b)
    assert [m.anchor for m in registry.snapshot] == [b]
    registry.release("never-added")
    registry.add(b)
    assert [m.anchor for m in registry.snapshot] == [b]


def test_a_secret_that_failed_to_initialise_releases_nothing() -> None:
    holder = Secret.__new__(Secret)
    holder.__del__()  # no _value: must not raise or release anything
    assert _secrets._LIVE_KEYS._released.count(None) == 0  # type: ignore[arg-type]


def test_no_live_key_lets_every_record_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_secrets, "_LIVE_KEYS", _secrets._LiveKeys())
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "status %s", ("200 OK",), None)
    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == "status 200 OK"


def test_filter_rewrites_only_records_with_the_key() -> None:
    key = new_key()
    holder = Secret(key)
    clean = logging.LogRecord("httpx", logging.INFO, __file__, 1, "status %s", ("200 OK",), None)
    assert RedactingFilter().filter(clean) is True
    assert (clean.msg, clean.args) == ("status %s", ("200 OK",))
    dirty = logging.LogRecord("httpx", logging.INFO, __file__, 1, "header %s: %s", ("x-echo", key), None)
    assert RedactingFilter().filter(dirty) is True
    assert (dirty.msg, dirty.args) == (f"header x-echo: {REDACTED}", None)
    del holder


def test_filter_drops_a_record_it_cannot_format() -> None:
    holder = Secret(new_key())
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "%d items", ("many",), None)
    assert RedactingFilter().filter(record) is False
    del holder


def test_filter_installed_once_on_every_logger() -> None:
    install_log_filter()
    install_log_filter()
    for name in HTTP_STACK_LOGGERS:
        filters = logging.getLogger(name).filters
        assert filters.count(_secrets._FILTER) == 1, name


# --- every echo encoding -------------------------------------------------------------------------

SPECIAL = ".-_~+/=="  # every non-alphanumeric character a bearer token may have


def _json_escaped(key: str, upper: bool) -> str:
    out = []
    for char in key:
        if char.isalnum():
            out.append(char)
        else:
            code = f"{ord(char):04x}"
            out.append("\\u" + (code.upper() if upper else code))
    return "".join(out)


def _encodings(key: str) -> dict[str, str]:
    return {
        "as written": key,
        "json \\uXXXX lower": _json_escaped(key, upper=False),
        "json \\uXXXX upper": _json_escaped(key, upper=True),
        "json \\/": key.replace("/", "\\/"),
        "json.dumps": json.dumps(key)[1:-1],
        "html-safe =": key.replace("=", "\\u003d"),
        "percent upper": urllib.parse.quote(key, safe=""),
        "percent lower": urllib.parse.quote(key, safe="").lower().replace("k", "k"),
        "percent every char": "".join(f"%{ord(c):02X}" if not c.isalnum() else c for c in key),
        "mixed": "".join(
            (c if i % 3 == 0 else f"%{ord(c):02x}" if i % 3 == 1 else f"\\u{ord(c):04X}")
            if not c.isalnum()
            else c
            for i, c in enumerate(key)
        ),
    }


@pytest.fixture(scope="module")
def special_key() -> str:
    return "K" + secrets.token_hex(6) + SPECIAL


@pytest.mark.parametrize("form", list(_encodings("k" + SPECIAL)))
def test_every_encoding_is_found_and_redacted(form: str, special_key: str) -> None:
    encoded = _encodings(special_key)[form]
    if form == "percent lower":  # lower-case hex digits, the key's own letters untouched
        encoded = "".join(f"%{ord(c):02x}" if not c.isalnum() else c for c in special_key)
    matcher = KeyMatcher(special_key)
    text = f'{{"detail": "bad key {encoded} given"}}'
    assert matcher.redact(text) == f'{{"detail": "bad key {REDACTED} given"}}'
    assert matcher.found_in(text.encode()) is True
    assert matcher.redact_bytes(text.encode()) == f'{{"detail": "bad key {REDACTED} given"}}'.encode()


def test_anchor_is_the_longest_alphanumeric_run() -> None:
    assert KeyMatcher("ab.cdef-gh").anchor == "cdef"
    assert KeyMatcher("ab.cdef-gh").anchor_bytes == b"cdef"
    assert KeyMatcher("abc").anchor == "abc"


def test_near_misses_are_left_alone() -> None:
    key = "abc.def/ghi="
    matcher = KeyMatcher(key)
    for other in ["abc.def/ghX=", "abcXdef/ghi=", "abc%2Fdef/ghi=", "abc\\u002fdef/ghi=", "ABC.def/ghi="]:
        assert matcher.found_in(other.encode()) is False, other
        assert matcher.redact(other) == other
        assert matcher.redact_bytes(other.encode()) == other.encode()
    assert matcher.found_in(b"nothing here") is False


def test_every_occurrence_is_redacted() -> None:
    key = new_key(".x")
    matcher = KeyMatcher(key)
    assert matcher.redact(f"{key} and {key}") == f"{REDACTED} and {REDACTED}"
    assert matcher.redact_bytes(f"{key}|{key}".encode()) == f"{REDACTED}|{REDACTED}".encode()


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


def _response(*, body: bytes, headers: list[tuple[bytes, bytes]], reason: bytes) -> httpx.Response:
    return httpx.Response(
        401,
        headers=headers,
        content=body,
        request=httpx.Request("GET", "https://api.example.com/x"),
        extensions={"reason_phrase": reason, "http_version": b"HTTP/1.1"},
    )


@pytest.mark.parametrize("where", ["body", "header", "reason"])
def test_scrub_removes_an_echo_from_each_place(where: str) -> None:
    key = new_key("+/=")
    secret = Secret(key)
    echo = key.encode()
    body = b'{"detail": "bad ' + (echo if where == "body" else b"token") + b'"}'
    headers = [(b"x-echo", echo if where == "header" else b"none"), (b"x-request-id", b"req-1")]
    reason = b"Bad " + (echo if where == "reason" else b"key")
    original = _response(body=body, headers=headers, reason=reason)
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
    original = _response(body=b'{"ok": true}', headers=[(b"x-a", b"b")], reason=b"OK")
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
    original = _response(body=b"{}", headers=headers, reason=b"OK")
    assert secret.scrub(original) is original
    assert original.headers.raw == headers
    # The whole key in the value is an echo (the search does look there).
    echo = [(b"content-encoding", b"identity"), (b"x-a", key.encode())]
    scrubbed = secret.scrub(_response(body=b"{}", headers=echo, reason=b"OK"))
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
    original = _response(body=key.encode(), headers=[], reason=b"OK")
    original.elapsed = datetime.timedelta(seconds=1.25)
    scrubbed = secret.scrub(original)
    assert scrubbed.elapsed == datetime.timedelta(seconds=1.25)


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
    original = _response(
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
    original = _response(
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
    scrubbed = secret.scrub(_response(body=body, headers=[], reason=b"OK"))
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
    original = _response(body=body, headers=[(b"content-type", b"text/plain")], reason=b"OK")
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
    original = _response(body=body, headers=[(b"content-type", b"text/json")], reason=b"OK")
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
