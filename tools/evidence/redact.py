"""Redaction before anything reaches disk: what a server answered, with its secrets and ids replaced.

Everything a recording run writes (the recorded responses, `evidence.json`, the cassettes) passes
through one `Redactor` first. It keeps what a spec is made of and nothing a person could use:

- the structure: object keys (when they look like field names), array lengths, JSON types; numbers
  and booleans as they are, except integers under id-like fields (``version_id``), which get
  pseudonyms of the same type;
- strings as *pseudonyms*: each run of letters, digits, ``-`` and ``_`` is replaced by another of the
  same length and character classes (a digit by a digit, a hex letter by a hex letter, case kept),
  the same token by the same pseudonym throughout the run, so a version id in a URL and in a body
  still agree, an alias still matches the alias pattern and a UUID is still a UUID; date-times
  become ``2000-01-01T00:00:00Z``. URI schemes and the literal words of the spec's paths (``orgs``,
  ``models``, ``versions``) stay, so resource names still parse;
- verbatim only the short enum-like values a spec is about (``sync_status: in_progress``): lower-case
  words joined by ``_``, at most `ENUM_VALUE_MAX_LENGTH` characters, under a field whose name is not
  id-like, at most `ENUM_VALUES_MAX` distinct values per field name in a run; and the spec's own
  enum values;
- header *names*; header values are pseudonyms too (media types and encodings stay, dates become
  one fixed date, ``Host`` the recorded origin's), and ``Authorization``, ``Cookie`` and
  ``Set-Cookie`` values are replaced whole.

The management key is never kept in any form the client's own redaction knows (as written,
JSON-escaped, percent-encoded; a key hidden by a ``\\u`` escape is already decoded here, because
bodies are redacted after parsing): a string holding it is never kept verbatim, and the key's
characters are replaced like any others. The pseudonyms come from a random per-run salt, so a short
id cannot be recovered by hashing guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from cerebras_management._secrets import REDACTED, KeyMatcher

#: Where every recorded request appears to have gone: the real host is not written down.
RECORDED_ORIGIN = "https://recorded.invalid"
#: Distinct verbatim values kept per field name in a run; past it, new values are pseudonyms.
ENUM_VALUES_MAX = 16
ENUM_VALUE_MAX_LENGTH = 32

ENUM_LIKE = re.compile(r"[a-z]+(?:_[a-z]+)*")
#: Field names whose values identify something (never kept verbatim, whatever they look like).
ID_FIELD = re.compile(
    r"(?:^|_)(?:id|ids|name|names|alias|aliases|uri|uris|url|urls|key|keys|token|tokens|secret|"
    r"secrets|password|cookie|cookies|email|model|org|account|user|host|path|arn|etag|suffix|prefix|"
    r"fingerprint|label|labels|tag|tags|description|message|detail|title|text|comment)(?:_|$)",
    re.IGNORECASE,
)
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
HEADER_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
#: Headers whose values are protocol vocabulary (media types, encodings), kept when they look so.
PROTOCOL_HEADERS = frozenset(
    {"accept", "accept-encoding", "content-type", "content-encoding", "connection", "cache-control", "vary"}
)
PROTOCOL_VALUE = re.compile(r"[A-Za-z0-9 ,;=/*.+-]{1,200}")
HTTP_DATE_HEADERS = frozenset({"date", "last-modified", "expires"})
HTTP_DATE = "Sat, 01 Jan 2000 00:00:00 GMT"
#: Headers a recording drops: the body they describe was decoded and rewritten.
BODY_FRAMING_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding"})
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
URI_SCHEME = re.compile(r"([a-z][a-z0-9+.-]{0,15}):")
TOKEN = re.compile(r"[A-Za-z0-9_-]+")

_CLASSES = (
    ("0123456789", "0123456789"),
    ("abcdef", "abcdef"),
    ("ghijklmnopqrstuvwxyz", "ghijklmnopqrstuvwxyz"),
    ("ABCDEF", "ABCDEF"),
    ("GHIJKLMNOPQRSTUVWXYZ", "GHIJKLMNOPQRSTUVWXYZ"),
)
_CLASS_OF = {char: alphabet for members, alphabet in _CLASSES for char in members}
_NONZERO = "123456789"


def enum_like(value: str) -> bool:
    """Whether ``value`` is a short lower-case word (or words joined by ``_``): a state, not a name."""
    return len(value) <= ENUM_VALUE_MAX_LENGTH and ENUM_LIKE.fullmatch(value) is not None


def id_field(name: str | None) -> bool:
    """Whether a field of this name holds identifiers (its values are never kept verbatim)."""
    return name is not None and ID_FIELD.search(name) is not None


class Redactor:
    """Redacts JSON values, header lists and URLs for one recording run (thread-safe).

    ``keys``: the secrets to remove (the management key); ``literals``: words kept in paths and
    resource names (the literal segments of the spec's paths); ``enum_values``: values the spec's
    enums list (public, kept); ``salt``: fixes the pseudonyms (tests), random otherwise.
    """

    def __init__(
        self,
        keys: Iterable[str] = (),
        *,
        literals: Iterable[str] = (),
        enum_values: Iterable[str] = (),
        salt: bytes | None = None,
    ) -> None:
        self._keys = {key for key in keys if key}
        self._matchers = [KeyMatcher(key) for key in sorted(self._keys)]
        self._literals = frozenset(literals) | {REDACTED.strip("[]")}
        self._enum_values = frozenset(enum_values)
        self._salt = os.urandom(32) if salt is None else salt
        self._lock = threading.Lock()
        self._tokens: dict[str, str] = {}
        self._taken: set[str] = set()
        self._kept: dict[str | None, set[str]] = {}

    def add_key(self, key: str) -> None:
        """Remove ``key`` too, from now on (a key the run learns of: a mock's, a request's)."""
        with self._lock:
            if key and key not in self._keys:
                self._keys.add(key)
                self._matchers = [*self._matchers, KeyMatcher(key)]

    # --- tokens -------------------------------------------------------------------------------

    def token(self, token: str) -> str:
        """The pseudonym of one token: same length and character classes, the same for the same token."""
        with self._lock:
            found = self._tokens.get(token)
            if found is None:
                found = self._new_pseudonym(token)
                self._tokens[token] = found
                self._taken.add(found)
            return found

    def _new_pseudonym(self, token: str) -> str:
        for nonce in range(256):
            digest = hashlib.shake_256(
                hmac.new(self._salt, f"{nonce}:{token}".encode(), hashlib.sha256).digest()
            ).digest(max(len(token), 1))
            chars = []
            for index, (char, byte) in enumerate(zip(token, digest, strict=False)):
                alphabet = _CLASS_OF.get(char)
                if alphabet is None:
                    chars.append(char)  # - and _ stay where they are
                elif index == 0 and char.isdigit():  # "12" never becomes "05", nor "0" "7"
                    chars.append(char if char == "0" else _NONZERO[byte % len(_NONZERO)])
                else:
                    chars.append(alphabet[byte % len(alphabet)])
            candidate = "".join(chars)
            if candidate not in self._taken:
                return candidate
        # Every pseudonym of this shape is taken (more than ten one-digit ids, say): grow it.
        return self._new_pseudonym(token + "0")

    def _tokens_of(self, text: str, *, keep_literals: bool) -> str:
        def replace(match: re.Match[str]) -> str:
            word = match.group(0)
            if keep_literals and word in self._literals:
                return word
            return self.token(word)

        return TOKEN.sub(replace, text)

    # --- values -------------------------------------------------------------------------------

    def holds_key(self, text: str) -> bool:
        """Whether ``text`` holds a key in any form the client's redaction knows."""
        return any(matcher.pattern.search(text) is not None for matcher in self._matchers)

    def _without_key(self, text: str) -> str:
        for matcher in self._matchers:
            text = matcher.pattern.sub(REDACTED, text)
        return text

    def _keep(self, value: str, field: str | None) -> bool:
        if self.holds_key(value):
            return False
        if value in self._enum_values:
            return True
        if id_field(field) or not enum_like(value):
            return False
        with self._lock:
            kept = self._kept.setdefault(field, set())
            if value in kept:
                return True
            if len(kept) >= ENUM_VALUES_MAX:
                return False
            kept.add(value)
            return True

    def string(self, value: str, field: str | None = None) -> str:
        """A string value: kept (enum-like), a fixed date-time/date, or its pseudonym."""
        if self._keep(value, field):
            return value
        value = self._without_key(value)
        if DATE_TIME.fullmatch(value):
            return "2000-01-01T00:00:00Z"
        if DATE.fullmatch(value):
            return "2000-01-01"
        scheme = URI_SCHEME.match(value)
        if scheme is not None and "/" in value:
            return scheme.group(0) + self._tokens_of(value[scheme.end() :], keep_literals=True)
        return self._tokens_of(value, keep_literals="/" in value)

    def field_name(self, name: str) -> str:
        """An object key: kept when it looks like a field name and holds no key, else a pseudonym."""
        if FIELD_NAME.fullmatch(name) and not self.holds_key(name):
            return name
        return self._tokens_of(self._without_key(name), keep_literals=False)

    def json(self, value: Any, field: str | None = None) -> Any:
        """A redacted copy of a parsed JSON value (``field``: the name it sits under)."""
        if isinstance(value, dict):
            return {self.field_name(str(k)): self.json(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(item, field) for item in value]
        if isinstance(value, str):
            return self.string(value, field)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0 and id_field(field):
            return int(self.token(str(value)))
        return value

    # --- HTTP ---------------------------------------------------------------------------------

    def header(self, name: str, value: str) -> tuple[str, str]:
        """One header: its name (unless odd or holding the key) and a redacted value."""
        lowered = name.lower()
        kept_name = lowered if HEADER_NAME.fullmatch(name) and not self.holds_key(name) else None
        shown = (
            kept_name
            if kept_name is not None
            else self._tokens_of(self._without_key(lowered), keep_literals=False)
        )
        if kept_name in SECRET_HEADERS:
            return shown, REDACTED
        if kept_name == "host":
            return shown, RECORDED_ORIGIN.split("://", 1)[1]
        if kept_name in HTTP_DATE_HEADERS:
            return shown, HTTP_DATE
        if kept_name in PROTOCOL_HEADERS and PROTOCOL_VALUE.fullmatch(value) and not self.holds_key(value):
            return shown, value
        return shown, self._tokens_of(self._without_key(value), keep_literals=False)

    def path(self, raw_path: str) -> str:
        """A URL path: literal segments kept, every other segment (decoded first) a pseudonym."""
        segments = []
        for segment in raw_path.split("/"):
            parts = [
                part if part in self._literals else self.string(unquote(part), "path")
                for part in segment.split(":")
            ]
            segments.append(":".join(quote(part, safe="-._~") for part in parts))
        return "/".join(segments)

    def url(self, url: str) -> str:
        """A full URL: the recorded origin, the redacted path and query (names kept, values not)."""
        parts = urlsplit(url)
        query = "&".join(
            f"{self.field_name(unquote(name))}={quote(self.string(unquote(value), 'query'), safe='')}"
            for name, _, value in (item.partition("=") for item in parts.query.split("&") if item)
        )
        return RECORDED_ORIGIN + self.path(parts.path) + (f"?{query}" if query else "")
