"""Exact decisions of path-parameter validation (`_paths.py`): what is sent, and the error that names the
parameter and the fix (test_paths.py drives `/` and `\\` through every operation against the mock).
"""

from __future__ import annotations

import enum

import pytest
from cerebras_management._paths import (
    VERSION_ALIAS_PATTERN,
    alias_list,
    endpoint_segment,
    path_segment,
    version_segment,
)

ALIAS_RULE = (
    f"aliases must match {VERSION_ALIAS_PATTERN} (start with a lower-case letter, end with a lower-case "
    "letter or digit, 2 to 128 characters of letters, digits and '-')."
)


class Sneaky(str):
    """A str whose __str__ says something else: the characters themselves must be sent."""

    __slots__ = ()

    def __str__(self) -> str:
        return "../../victim"


class Colour(enum.IntEnum):
    RED = 7


@pytest.mark.parametrize("value", ["abc", "gpt-oss-120b", "a.b", "x..y", "%41", "名前", "a b"])
def test_safe_values_are_sent_as_given(value: str) -> None:
    sent = path_segment("model_arch_id", value)
    assert sent == value
    assert type(sent) is str


def test_a_str_subclass_sends_its_characters_not_its_str() -> None:
    for value in (Sneaky("arch"), Sneaky("名前")):
        sent = path_segment("model_arch_id", value)
        assert sent == str.__str__(value)
        assert type(sent) is str
    assert type(version_segment(Sneaky("prod"))) is str
    assert version_segment(Sneaky("12")) == "12"
    assert alias_list([Sneaky("prod")]) == ["prod"]
    assert type(alias_list([Sneaky("prod")])[0]) is str


@pytest.mark.parametrize(
    ("value", "what"),
    [("", "empty"), (".", "'.'"), ("..", "'..'"), (Sneaky(".."), "'..'"), (Sneaky(""), "empty")],
)
def test_dot_segments_name_the_parameter(value: str, what: str) -> None:
    with pytest.raises(ValueError, match=r"^org_name") as info:
        path_segment("org_name", value)
    assert str(info.value) == (
        f"org_name must not be {what}: as a URL path segment it would address a different resource. "
        "Pass the real org_name."
    )


@pytest.mark.parametrize(
    ("value", "char", "index"),
    [("a\nb", "\n", 1), ("\x00", "\x00", 0), ("ab\x7f", "\x7f", 2), ("é\x85", "\x85", 1)],
)
def test_control_characters_name_the_parameter_and_position(value: str, char: str, index: int) -> None:
    with pytest.raises(ValueError, match=r"^endpoint_id") as info:
        path_segment("endpoint_id", value)
    assert str(info.value) == (
        f"endpoint_id contains the control character {char!r} at position {index}; "
        "remove it (names never contain control characters)."
    )


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(ValueError, match=r"^model_arch_id") as info:
        path_segment("model_arch_id", "ab\ud800")
    assert str(info.value) == (
        "model_arch_id contains a lone surrogate '\\ud800' at position 2 and cannot be encoded as UTF-8; "
        "pass valid Unicode text."
    )


@pytest.mark.parametrize(("value", "type_name"), [(5, "int"), (None, "NoneType"), (b"ab", "bytes")])
def test_non_str_names_the_type(value: object, type_name: str) -> None:
    with pytest.raises(TypeError) as info:
        path_segment("org_name", value)
    assert str(info.value) == f"org_name must be a str, not {type_name}"


# --- versions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (7, "7"),
        (0, "0"),
        (Colour.RED, "7"),
        ("7", "7"),
        ("007", "007"),
        ("prod", "prod"),
        ("v2-rc1", "v2-rc1"),
    ],
)
def test_version_segments(value: object, sent: str) -> None:
    result = version_segment(value)
    assert result == sent
    assert type(result) is str


@pytest.mark.parametrize(("value", "type_name"), [(1.0, "float"), (None, "NoneType"), ([1], "list")])
def test_version_of_another_type(value: object, type_name: str) -> None:
    with pytest.raises(TypeError) as info:
        version_segment(value)
    assert str(info.value) == f"version_id must be an int or a str, not {type_name}"


@pytest.mark.parametrize("value", [True, False])
def test_version_bool_is_refused(value: bool) -> None:
    with pytest.raises(TypeError) as info:
        version_segment(value)
    assert str(info.value) == "version_id must be an int or a str, not bool"


def test_negative_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^version_id") as info:
        version_segment(-3)
    assert str(info.value) == "version_id must be a non-negative integer, got -3"


@pytest.mark.parametrize("value", ["Prod", "a", "prod-", "-7", "7a", "a_b", "a" * 129])
def test_neither_id_nor_alias(value: str) -> None:
    with pytest.raises(ValueError, match=r"^version_id") as info:
        version_segment(value)
    assert str(
        info.value
    ) == f"version_id {value!r} is neither a non-negative integer nor a version alias: " + (
        ALIAS_RULE.replace("aliases must match", "aliases must match", 1)
    )


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("", "version_id must not be empty"),
        ("..", "version_id must not be '..'"),
        ("a\tb", "version_id contains the control character"),
    ],
)
def test_version_dot_segments_and_controls_name_version_id(value: str, start: str) -> None:
    with pytest.raises(ValueError, match=r"^version_id") as info:
        version_segment(value)
    assert str(info.value).startswith(start)


# --- endpoints -----------------------------------------------------------------------------------


def test_endpoint_colon_only_refused_for_the_custom_method() -> None:
    assert endpoint_segment("a:b") == "a:b"
    with pytest.raises(ValueError, match=r"^endpoint_id") as info:
        endpoint_segment("a:b", custom_method=True)
    assert str(info.value) == (
        "endpoint_id 'a:b' contains ':', which in POST .../endpoints/{endpoint_id}:deployModel separates the "
        "endpoint from the method: a server could read it as another endpoint. Endpoint ids (the `model` of "
        "inference requests, e.g. 'my-org-gpt-oss-120b') have no ':'."
    )


@pytest.mark.parametrize("custom_method", [False, True])
def test_endpoint_errors_name_endpoint_id(custom_method: bool) -> None:
    with pytest.raises(ValueError, match=r"^endpoint_id must not be '\.\.'"):
        endpoint_segment("..", custom_method=custom_method)
    with pytest.raises(TypeError, match=r"^endpoint_id must be a str, not int$"):
        endpoint_segment(3, custom_method=custom_method)
    assert endpoint_segment("my-org-gpt-oss-120b", custom_method=custom_method) == "my-org-gpt-oss-120b"


# --- alias lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ([], []),
        (["prod"], ["prod"]),
        (("a1", "prod"), ["a1", "prod"]),
        (dict.fromkeys(["x9"]).keys(), ["x9"]),
    ],
)
def test_alias_lists(value: object, result: list[str]) -> None:
    assert alias_list(value) == result


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            "prod",
            TypeError,
            "aliases must be a list of aliases, not a single str: pass ['prod'] for one alias",
        ),
        (
            b"prod",
            TypeError,
            "aliases must be a list of aliases, not a single bytes: pass [b'prod'] for one alias",
        ),
        (5, TypeError, "aliases must be a list of str, not int"),
        (None, TypeError, "aliases must be a list of str, not NoneType"),
        (["ok", 3], TypeError, "aliases[1] must be a str, not int"),
        (["ok", None], TypeError, "aliases[1] must be a str, not NoneType"),
        (["ok", "Bad"], ValueError, f"aliases[1] 'Bad' is not a valid version alias: {ALIAS_RULE}"),
        (["ok", "x", "ok"], ValueError, f"aliases[1] 'x' is not a valid version alias: {ALIAS_RULE}"),
        (["ok", "ok"], ValueError, "aliases lists 'ok' twice: each alias may appear once"),
    ],
)
def test_alias_list_errors(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        alias_list(value)
    assert str(info.value) == message


def test_alias_list_names_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^new_aliases\[0\] 'A' is not a valid version alias"):
        alias_list(["A"], name="new_aliases")


@pytest.mark.parametrize("separator", ["/", "\\"])
def test_a_path_separator_names_the_parameter_the_position_and_the_fix(separator: str) -> None:
    with pytest.raises(ValueError, match=r"^model_arch_id contains ") as info:
        path_segment("model_arch_id", f"org{separator}arch")
    assert str(info.value) == (
        f"model_arch_id contains {separator!r} at position 3: a path separator would let the URL address "
        "a different resource (no model_arch_id contains one). Pass the model_arch_id alone, not a path "
        "or a resource name."
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # Up to 63 bits the value is shown; from 64 bits on it is left out (it could be huge).
        (-(2**63) + 1, f"version_id must be a non-negative integer, got {-(2**63) + 1}"),
        (-(2**63), "version_id must be a non-negative integer"),
        (-(10**5000), "version_id must be a non-negative integer"),
    ],
    ids=["63 bits", "64 bits", "5000 digits"],  # repr() of a 5000-digit int raises
)
def test_a_negative_version_shows_the_value_only_while_it_is_short(value: int, message: str) -> None:
    with pytest.raises(ValueError, match=r"^version_id must be a non-negative integer") as info:
        version_segment(value)
    assert str(info.value) == message


def test_an_integer_too_long_to_write_out_says_about_how_many_digits() -> None:
    # 10**5000 has more digits than Python writes out (sys.get_int_max_str_digits(), 4300 by default).
    with pytest.raises(ValueError, match=r"^version_id is an integer of about ") as info:
        version_segment(10**5000)
    assert str(info.value) == (
        "version_id is an integer of about 5000 digits: no version has such an id. Pass the version's id "
        "as listed."
    )
