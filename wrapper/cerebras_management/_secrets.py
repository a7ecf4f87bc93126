"""Secret hygiene: a key holder that never shows itself, and redaction of keys a server echoes.

Three places could carry an echoed key past the client: the response itself (headers, reason phrase,
body), the client's own messages, and the log records httpx and httpcore write while receiving a
response (their DEBUG/INFO lines include the status line and response headers). `Secret.scrub`
cleans a response as it arrives, before anything reads it; `RedactingFilter`, installed on those
libraries' loggers, removes every live client's key from their records.

A key is found as written and as encoders may write it: JSON's ``\\/`` and ``\\u00XX`` escapes (an
HTML-safe encoder writes ``=`` as ``\\u003d``) and percent-encoding. Keys are restricted to RFC 6750
token characters (`TOKEN_PATTERN`), so no other escaping applies to the raw bytes. A body can still
hide a key from a byte search: a JSON escape of a letter or digit (``\\u0074``) or another encoding
(UTF-16). So redaction also compares decoded values: a JSON body that holds such an escape or is not
UTF-8 is decoded, and every string in it (values and keys) is checked against the client's key; when
one holds a key, the body is replaced by the redacted JSON. Any other body (UTF-8, with no escape or
only escapes of other characters: ``\\u00e9``, an HTML-safe ``\\u003c``, which the byte search
already covers) cannot hide a key from the byte search, so it costs two searches and no decoding.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import re
import threading
from collections.abc import Callable
from typing import Any, Final

import httpx

REDACTED: Final = "[REDACTED]"
_REDACTED_BYTES: Final = REDACTED.encode()

#: The characters a bearer token may have (RFC 6750 section 2.1, ``b64token``).
TOKEN_PATTERN: Final = re.compile(r"[A-Za-z0-9._~+/-]+=*")

#: A JSON escape of an ASCII letter or digit (``\\u0030``-``\\u0039``, ``\\u0041``-``\\u005a``,
#: ``\\u0061``-``\\u007a``, hex in either case): the only way a token's characters can hide from
#: `KeyMatcher`'s byte search in a UTF-8 body (its other characters are matched escaped too).
_ALNUM_ESCAPE: Final = re.compile(rb"\\u00(?:3[0-9]|[46][1-9a-fA-F]|[57][0-9aA])")

#: Loggers that may write response headers or the status line (ours too, as a second line of
#: defence). Filters on a logger do not apply to its children, so each logger that writes is named.
HTTP_STACK_LOGGERS: Final = (
    "cerebras_management",
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


def _any_case(hex_digits: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in hex_digits)


def _forms_of(char: str) -> str:
    """A regular expression for `char` as written, JSON-escaped (``\\/``, ``\\u00XX``) or percent-encoded."""
    if char.isalnum():
        return char
    code = _any_case(f"{ord(char):02x}")
    forms = [re.escape(char), r"\\u00" + code, "%" + code]
    if char == "/":
        forms.append(r"\\/")
    return "(?:" + "|".join(forms) + ")"


class KeyMatcher:
    """Finds and replaces one key, in any of the forms `_forms_of` lists, in text and bytes.

    The common case (no echo) costs one substring search: the longest run of letters and digits of
    the key (its "anchor") appears in every form, so the regular expression runs only when it is found.
    """

    __slots__ = ("anchor", "anchor_bytes", "pattern", "pattern_bytes")

    def __init__(self, key: str) -> None:
        self.anchor = max(re.findall(r"[A-Za-z0-9]+", key), key=len, default="")
        self.anchor_bytes = self.anchor.encode()
        source = "".join(_forms_of(char) for char in key)
        self.pattern = re.compile(source)
        self.pattern_bytes = re.compile(source.encode())

    def found_in(self, data: bytes) -> bool:
        """Whether `data` contains the key in any form."""
        return self.anchor_bytes in data and self.pattern_bytes.search(data) is not None

    def redact_bytes(self, data: bytes) -> bytes:
        """`data` with every form of the key replaced by the placeholder."""
        return self.pattern_bytes.sub(_REDACTED_BYTES, data) if self.anchor_bytes in data else data

    def redact(self, text: str) -> str:
        """`text` with every form of the key replaced by the placeholder."""
        return self.pattern.sub(REDACTED, text) if self.anchor in text else text


class _LiveKeys:
    """The keys of live `Secret` objects, counted per value, for the log filter.

    The filter reads `snapshot`, an immutable tuple replaced (never changed) under the lock, so it
    needs no lock and never sees a collection change under it. A `Secret` that is collected only
    queues its value (`release` may run inside the garbage collector, on any thread, even one that
    holds the lock); the next `add` applies the queue. Until then the released key is still
    redacted, which is harmless; a key stays covered while any `Secret` holding it lives.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._matchers: dict[str, KeyMatcher] = {}
        self._released: list[str] = []
        self.snapshot: tuple[KeyMatcher, ...] = ()

    def add(self, value: str) -> KeyMatcher:
        """Count one more holder of `value`; return its matcher."""
        with self._lock:
            while self._released:
                self._forget(self._released.pop())
            self._counts[value] = self._counts.get(value, 0) + 1
            matcher = self._matchers.get(value)
            if matcher is None:
                matcher = self._matchers[value] = KeyMatcher(value)
            self.snapshot = tuple(self._matchers.values())
            return matcher

    def release(self, value: str) -> None:
        """Count one holder of `value` fewer (applied at the next `add`; never blocks)."""
        self._released.append(value)

    def _forget(self, value: str) -> None:
        count = self._counts.get(value, 0) - 1
        if count > 0:
            self._counts[value] = count
        else:
            self._counts.pop(value, None)
            self._matchers.pop(value, None)


_LIVE_KEYS = _LiveKeys()


class Secret:
    """Holds an API key. `repr`/`str` never show it; call `reveal()` where it must be sent."""

    __slots__ = ("_matcher", "_value")

    def __init__(self, value: str) -> None:
        self._matcher = _LIVE_KEYS.add(value)
        self._value = value  # set last: __del__ releases only a key that was added
        install_log_filter()

    def __del__(self) -> None:
        value = getattr(self, "_value", None)
        if value is not None and _LIVE_KEYS is not None:  # None: the interpreter is shutting down
            _LIVE_KEYS.release(value)

    def reveal(self) -> str:
        """Return the key itself (for the Authorization header only)."""
        return self._value

    def redact(self, text: str) -> str:
        """Return `text` with every occurrence of the key (in any form) replaced by a placeholder."""
        return self._matcher.redact(text)

    def redact_json(self, value: Any) -> Any:
        """Return a copy of a parsed JSON value with the key removed from every string in it.

        Iterative, not recursive: any depth that `json.loads` accepts is fine.
        """
        return _redact_tree(value, self._matcher.redact)[0]

    def scrub(self, response: httpx.Response) -> httpx.Response:
        """`response` itself, or a copy with the key removed from its reason, headers and body; in
        both cases holding nothing that holds the key, so it can be handed to the caller.

        Call it on a read response, before anything else looks at it. Header names and values, the
        reason phrase and the body are searched as bytes; a JSON body that could hide a key from that
        search (a ``\\u`` escape of a letter or digit, or not UTF-8) is also checked on its decoded
        strings and keys. The common case (no echo) costs a few substring searches, and replacing
        the response's stream (httpx's and the connection pool's, which hold the request as sent)
        by the body already read. (The request the response points at is the client's own until the
        call ends; `forget_credentials` then removes the key from it.)
        """
        # This client's key only: another live client's key (a short test key, say) must not rewrite
        # this client's data; the log filter still removes every live key from log records.
        matcher = self._matcher
        reason = response.extensions.get("reason_phrase")  # absent: httpx's standard phrase, kept
        content = response.content
        # One search over all header names and values: NUL, which no header and no form of the key
        # contains, keeps a match from spanning two of them.
        echoed = (
            matcher.found_in(content)
            or (isinstance(reason, bytes) and matcher.found_in(reason))
            or matcher.found_in(b"\0".join(itertools.chain.from_iterable(response.headers.raw)))
        )
        decoded_body = _redacted_decoded_body(content, (matcher,))
        if not echoed and decoded_body is None:
            response.stream = httpx.ByteStream(content)
            return response
        headers = [
            (matcher.redact_bytes(name), matcher.redact_bytes(value))
            for name, value in response.headers.raw
            # The body is given decoded; its old encoding and length no longer describe it.
            if name.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
            and not (decoded_body is not None and name.lower() == b"content-type")
        ]
        if decoded_body is not None:
            headers.append((b"Content-Type", b"application/json"))
            content = decoded_body
        extensions = dict(response.extensions)
        if isinstance(reason, bytes):
            extensions["reason_phrase"] = matcher.redact_bytes(reason)
        scrubbed = httpx.Response(
            response.status_code,
            headers=headers,
            content=matcher.redact_bytes(content),
            request=response.request,
            extensions=extensions,
        )
        scrubbed.read()
        with contextlib.suppress(RuntimeError):  # a response never closed has no elapsed time
            scrubbed.elapsed = response.elapsed
        return scrubbed

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled: pass the key to the client in the other process")


def forget_credentials(request: httpx.Request) -> None:
    """Replace the credential of `request`'s ``Authorization`` header by the placeholder, in place
    (``Bearer <key>`` becomes ``Bearer [REDACTED]``; a value without a scheme becomes the placeholder).

    Call it once the request will not be sent again: responses handed to the caller, and the errors
    that carry them, point at it. Cheap: one pass over the header list, which httpx's `Headers` keeps
    as (raw name, lower-case name, value) triples in ``_list`` in every httpx this package supports
    (``headers[name] = ...`` would re-encode the whole list).
    """
    entries: list[tuple[bytes, bytes, bytes]] = request.headers._list
    for index, (raw_name, name, value) in enumerate(entries):
        if name == b"authorization":
            scheme, space, _ = value.partition(b" ")
            entries[index] = (raw_name, name, scheme + b" " + _REDACTED_BYTES if space else _REDACTED_BYTES)


def _redact_tree(value: Any, redact: Callable[[str], str]) -> tuple[Any, bool]:
    """(a copy of the parsed JSON `value` with `redact` applied to every string and key, whether
    anything changed). Iterative, not recursive: any depth that `json.loads` accepts is fine."""
    changed = False
    root: list[Any] = [None]
    todo: list[tuple[Any, Any, Any]] = [(value, root, 0)]  # (source, container of the copy, slot)
    while todo:
        source, target, slot = todo.pop()
        if isinstance(source, str):
            redacted = redact(source)
            changed = changed or redacted != source
            target[slot] = redacted
        elif isinstance(source, list):
            items: list[Any] = [None] * len(source)
            target[slot] = items
            todo.extend((item, items, index) for index, item in enumerate(source))
        elif isinstance(source, dict):
            fields: dict[str, Any] = {}
            target[slot] = fields
            for name, item in source.items():
                redacted_name = redact(str(name))
                changed = changed or redacted_name != name
                fields[redacted_name] = None
                todo.append((item, fields, redacted_name))
        else:
            target[slot] = source
    return root[0], changed


def _redacted_decoded_body(content: bytes, matchers: tuple[KeyMatcher, ...]) -> bytes | None:
    """The JSON `content` re-encoded with every key removed from its decoded strings, or None.

    None when nothing needs to change: the body is UTF-8 without a ``\\u`` escape of a letter or
    digit (the byte search sees every key as decoded: `KeyMatcher` also matches the key's other
    characters ``\\u``-escaped), is not JSON, or holds no key once decoded.
    """
    if len(content) < 2 or (
        # No backslash, no escape: one memchr instead of a regular expression over the whole body.
        (b"\\" not in content or _ALNUM_ESCAPE.search(content) is None)
        and json.detect_encoding(content) == "utf-8"
    ):
        return None
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):  # not JSON (or absurdly deep): readers will not decode it either
        return None

    def redact(text: str) -> str:
        for matcher in matchers:
            text = matcher.redact(text)
        return text

    redacted, changed = _redact_tree(data, redact)
    if not changed:
        return None
    try:
        return json.dumps(redacted, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):
        return REDACTED.encode()


class RedactingFilter(logging.Filter):
    """Removes the key of every live client from a log record's message.

    Never raises: a record whose message cannot be formatted cannot be checked, so it is dropped.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        matchers = _LIVE_KEYS.snapshot
        if not matchers:
            return True
        try:
            message = record.getMessage()
            redacted = message
            for matcher in matchers:
                redacted = matcher.redact(redacted)
            if redacted != message:
                record.msg, record.args = redacted, None
        except Exception:
            return False
        return True


_FILTER = RedactingFilter()


def install_log_filter() -> None:
    """Attach the redacting filter to the HTTP stack's loggers (once)."""
    for name in HTTP_STACK_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
