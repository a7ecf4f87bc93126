"""Validation of path parameters, before any request is built.

The generated code percent-encodes every path parameter, but some values still address another
resource: httpx removes dot segments (a DELETE of version ``..`` would reach the model), an empty
segment collapses the path, and a ``/`` or ``\\`` sent as ``%2F``/``%5C`` is turned back into a
separator by front ends that decode and then normalize the path (``x/../victim`` reaching
``victim``). Those, control characters and text that cannot be encoded are refused with a
`ValueError` that names the parameter and the fix (no API id contains them); everything else is
sent, percent-encoded.
"""

from __future__ import annotations

import operator
import re
import unicodedata

#: The documented alias pattern for model versions (aliases are set with `set_aliases`).
VERSION_ALIAS_PATTERN = r"^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$"
_VERSION_ALIAS = re.compile(VERSION_ALIAS_PATTERN)
_VERSION_NUMBER = re.compile(r"[0-9]+")
# Fast path: plain ASCII names need no per-character scan.
_PLAIN = re.compile(r"[A-Za-z0-9_~:@!$&'()*+,;=%-][A-Za-z0-9._~:@!$&'()*+,;=%-]*")
_DOT_SEGMENTS = frozenset(("", ".", ".."))
_SEPARATORS = frozenset("/\\")


def path_segment(name: str, value: object) -> str:
    """Return `value` if it is safe as the path parameter `name`, else raise ValueError/TypeError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if type(value) is not str:
        # A str subclass (an enum member, say) could send something else through its __str__:
        # validate and send the characters themselves.
        value = str.__str__(value)
    if _PLAIN.fullmatch(value):
        return value
    if value in _DOT_SEGMENTS:
        what = "empty" if value == "" else f"{value!r}"
        raise ValueError(
            f"{name} must not be {what}: as a URL path segment it would address a different resource. "
            f"Pass the real {name}."
        )
    for index, char in enumerate(value):
        if char in _SEPARATORS:
            raise ValueError(
                f"{name} contains {char!r} at position {index}: a path separator would let the URL "
                f"address a different resource (no {name} contains one). Pass the {name} alone, not a "
                "path or a resource name."
            )
        category = unicodedata.category(char)
        if category == "Cc":
            raise ValueError(
                f"{name} contains the control character {char!r} at position {index}; "
                "remove it (names never contain control characters)."
            )
        if category == "Cs":
            raise ValueError(
                f"{name} contains a lone surrogate {char!r} at position {index} and cannot be encoded as "
                "UTF-8; pass valid Unicode text."
            )
    return value


def version_segment(value: object) -> str:
    """Return the path segment for a model version: an integer id (int or digits) or an alias."""
    if isinstance(value, bool):
        raise TypeError("version_id must be an int or a str, not bool")
    if isinstance(value, str):
        value = str.__str__(value)  # the characters themselves, whatever a subclass's __str__ says
    else:
        try:
            number = operator.index(value)  # type: ignore[arg-type]  # int, IntEnum, numpy ints
        except TypeError:
            raise TypeError(f"version_id must be an int or a str, not {type(value).__name__}") from None
        if number < 0:
            got = f", got {number}" if number.bit_length() < 64 else ""
            raise ValueError(f"version_id must be a non-negative integer{got}")
        try:
            return int.__repr__(number)
        except ValueError:  # more digits than Python writes out (sys.get_int_max_str_digits())
            raise ValueError(
                f"version_id is an integer of about {int(number.bit_length() * 0.30103)} digits: no version "
                "has such an id. Pass the version's id as listed."
            ) from None
    if _VERSION_NUMBER.fullmatch(value) or _VERSION_ALIAS.fullmatch(value):
        return value
    path_segment("version_id", value)  # a clearer message for "", ".", "..", control characters
    raise ValueError(
        f"version_id {value!r} is neither a non-negative integer nor a version alias: aliases must match "
        f"{VERSION_ALIAS_PATTERN} (start with a lower-case letter, end with a lower-case letter or digit, "
        "2 to 128 characters of letters, digits and '-')."
    )


def endpoint_segment(value: object, *, custom_method: bool = False) -> str:
    """Return the path segment for an endpoint id (`path_segment`, plus the custom-method rule).

    In ``POST /endpoints/{endpoint_id}:deployModel`` the id shares its segment with the method name.
    The generator percent-encodes a ``:`` in the id, but servers route on the decoded path (FastAPI
    does), where ``a:deployModel`` + ``:deployModel`` could be read as the endpoint ``a``: a deploy
    to another endpoint. So for the custom method an id with ``:`` is refused; elsewhere (``GET
    /endpoints/{endpoint_id}``, which nothing else shares) it is sent percent-encoded.
    """
    segment = path_segment("endpoint_id", value)
    if custom_method and ":" in segment:
        raise ValueError(
            f"endpoint_id {segment!r} contains ':', which in POST .../endpoints/{{endpoint_id}}:deployModel "
            "separates the endpoint from the method: a server could read it as another endpoint. "
            "Endpoint ids (the `model` of inference requests, e.g. 'my-org-gpt-oss-120b') have no ':'."
        )
    return segment


def alias_list(value: object, *, name: str = "aliases") -> list[str]:
    """A list of version aliases, each matching `VERSION_ALIAS_PATTERN`, without duplicates."""
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} must be a list of aliases, not a single {type(value).__name__}: "
            f"pass [{value!r}] for one alias"
        )
    try:
        aliases = list(value)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{name} must be a list of str, not {type(value).__name__}") from None
    seen: set[str] = set()
    for index, alias in enumerate(aliases):
        if not isinstance(alias, str):
            raise TypeError(f"{name}[{index}] must be a str, not {type(alias).__name__}")
        if not _VERSION_ALIAS.fullmatch(alias):
            raise ValueError(
                f"{name}[{index}] {alias!r} is not a valid version alias: aliases must match "
                f"{VERSION_ALIAS_PATTERN} (start with a lower-case letter, end with a lower-case letter or "
                "digit, 2 to 128 characters of letters, digits and '-')."
            )
        if alias in seen:
            raise ValueError(f"{name} lists {alias!r} twice: each alias may appear once")
        seen.add(alias)
    return [str.__str__(alias) for alias in aliases]
