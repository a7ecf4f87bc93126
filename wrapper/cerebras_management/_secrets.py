"""Secret hygiene: a key holder that never shows itself, and redaction of keys a server echoes.

Three places could carry an echoed key past the client: the response itself (headers, reason phrase,
body), the client's own messages, and the log records httpx and httpcore write while receiving a
response (their DEBUG/INFO lines include the status line and response headers). `Secret.scrub`
cleans a response as it arrives, before anything reads it; `RedactingFilter`, installed on those
libraries' loggers, removes every live client's key from their records.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any, Final

import httpx

REDACTED: Final = "[REDACTED]"
_REDACTED_BYTES: Final = REDACTED.encode()

#: Keys of live clients, for the log filter (weak: a key is forgotten with its last client).
_LIVE_SECRETS: weakref.WeakSet[Secret] = weakref.WeakSet()

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


class Secret:
    """Holds an API key. `repr`/`str` never show it; call `reveal()` where it must be sent."""

    __slots__ = ("__weakref__", "_bytes", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        self._bytes = value.encode("utf-8", "surrogateescape")
        _LIVE_SECRETS.add(self)
        install_log_filter()

    def reveal(self) -> str:
        """Return the key itself (for the Authorization header only)."""
        return self._value

    def redact(self, text: str) -> str:
        """Return `text` with every occurrence of the key replaced by a placeholder."""
        return text.replace(self._value, REDACTED) if self._value and self._value in text else text

    def redact_json(self, value: Any) -> Any:
        """Return a copy of a parsed JSON value with the key removed from every string in it."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, list):
            return [self.redact_json(item) for item in value]
        if isinstance(value, dict):
            return {self.redact(str(k)): self.redact_json(v) for k, v in value.items()}
        return value

    def scrub(self, response: httpx.Response) -> httpx.Response:
        """`response` itself, or a copy with the key removed from its reason, headers and body.

        Call it on a read response, before anything else looks at it. The common case (no echo)
        costs a few substring searches.
        """
        key = self._bytes
        reason = response.extensions.get("reason_phrase", b"")
        echoed = (
            key in response.content
            or (isinstance(reason, bytes) and key in reason)
            or any(key in value for _, value in response.headers.raw)
        )
        if not echoed:
            return response
        headers = [
            (name, value.replace(key, _REDACTED_BYTES))
            for name, value in response.headers.raw
            # The body is given decoded; its old encoding and length no longer describe it.
            if name.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        extensions = dict(response.extensions)
        if isinstance(reason, bytes):
            extensions["reason_phrase"] = reason.replace(key, _REDACTED_BYTES)
        scrubbed = httpx.Response(
            response.status_code,
            headers=headers,
            content=response.content.replace(key, _REDACTED_BYTES),
            request=response.request,
            extensions=extensions,
        )
        scrubbed.read()
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


class RedactingFilter(logging.Filter):
    """Removes the key of every live client from a log record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = list(_LIVE_SECRETS)
        if not secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in secrets:
            redacted = secret.redact(redacted)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_FILTER = RedactingFilter()


def install_log_filter() -> None:
    """Attach the redacting filter to the HTTP stack's loggers (once)."""
    for name in HTTP_STACK_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
