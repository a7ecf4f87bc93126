"""Exact decisions of the key's hygiene (`_secrets.py`) for the live keys: the registry's lifecycle (a key
is forgotten when its last holder goes, never before), the log filter on every logger of the HTTP stack,
and every encoding of an echo in which a live key is found.

Each test uses keys of its own (random, secrets_support.py), so keys other tests' clients hold do not
interfere.
"""

from __future__ import annotations

import gc
import json
import logging
import secrets
import urllib.parse
from collections.abc import Iterator

import pytest
from cerebras_management import _secrets
from cerebras_management._secrets import (
    HTTP_STACK_LOGGERS,
    REDACTED,
    KeyMatcher,
    RedactingFilter,
    Secret,
    install_log_filter,
)
from secrets_support import new_key


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
