"""Pinned decisions of the msgspec accelerator (`_speedups`): what it builds, when, and when nothing.

The mirrors are exactly these msgspec Structs; each reader and mirror is built once per class, on first
use, never at import; the environment variable (or msgspec missing) turns it off, and then nothing is
built. Every test starts from empty caches (speedups_support.py).
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from typing import Any

import cerebras_management_api.models as models
import pytest
from cerebras_management import _speedups
from speedups_support import (
    SCALARS,
    VERSION,
    DefaultZero,
    Free,
    Leaf,
    RequiredNullable,
    Scalars,
    fresh_speedups,  # noqa: F401 - autouse: each test starts from empty caches
)

msgspec = pytest.importorskip("msgspec")


# --- The mirrors: exactly these Structs -------------------------------------------------------------


def test_the_mirror_of_a_model_is_a_strict_struct_of_its_json_fields() -> None:
    assert _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode()) is not None
    mirror, convert = _speedups._MIRRORS[models.ModelVersion]
    status_mirror, _ = _speedups._MIRRORS[models.ModelVersionStatus]
    assert mirror.__name__ == "ModelVersionMirror"
    assert status_mirror.__name__ == "ModelVersionStatusMirror"
    config = mirror.__struct_config__
    assert config.forbid_unknown_fields is True
    assert config.gc is False  # short-lived and acyclic: never tracked by the cycle collector
    assert (config.frozen, config.array_like, config.omit_defaults) == (False, False, False)
    assert [(f.name, f.encode_name, f.type, f.default) for f in msgspec.structs.fields(mirror)] == [
        ("name", "name", str, msgspec.NODEFAULT),
        ("done", "done", bool, msgspec.NODEFAULT),
        ("response", "response", status_mirror | None, None),
    ]
    assert all(
        p.kind is inspect.Parameter.KEYWORD_ONLY for p in inspect.signature(mirror).parameters.values()
    )
    read = convert(mirror(name="n", done=True))
    assert type(read) is models.ModelVersion
    assert (read.name, read.done, read.response, read._additional_properties) == ("n", True, None, None)


def test_the_mirror_of_synthetic_models_renames_and_widens_floats() -> None:
    assert _speedups.decode(Scalars, SCALARS % (b"1", b"")) is not None
    mirror, _ = _speedups._MIRRORS[Scalars]
    assert [(f.name, f.encode_name, f.type, f.default) for f in msgspec.structs.fields(mirror)] == [
        ("flag", "flag", bool, msgspec.NODEFAULT),
        ("count", "count", int, msgspec.NODEFAULT),
        ("ratio", "ratio-value", int | float, msgspec.NODEFAULT),
        ("label", "label", str, msgspec.NODEFAULT),
        ("either", "either", float | str | int | None, None),
        ("choice", "choice", str | bool | None, None),
        ("number", "number", int | float | None, None),
    ]
    assert _speedups.decode(Free, b"{}") is not None
    free, _ = _speedups._MIRRORS[Free]
    assert [(f.name, f.type, f.default) for f in msgspec.structs.fields(free)] == [
        ("detail", msgspec.Raw, msgspec.Raw(b"null")),
        ("code", int | None, None),
    ]
    assert _speedups.decode(RequiredNullable, b'{"note": null, "leaf": null}') is not None
    nullable, _ = _speedups._MIRRORS[RequiredNullable]
    leaf, _ = _speedups._MIRRORS[Leaf]
    assert [(f.name, f.type, f.required) for f in msgspec.structs.fields(nullable)] == [
        ("note", str | None, True),
        ("leaf", leaf | None, True),
    ]


# --- Readers and mirrors: built once per class, on first use, never at import ------------------------


def test_each_reader_and_mirror_is_built_once_and_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    decoders: list[Any] = []
    real_defstruct, real_decoder = msgspec.defstruct, msgspec.json.Decoder

    def defstruct(name: str, *args: Any, **kwargs: Any) -> Any:
        built.append(name)
        return real_defstruct(name, *args, **kwargs)

    def decoder(mirror: Any) -> Any:
        decoders.append(mirror.__name__)
        return real_decoder(mirror)

    monkeypatch.setattr(msgspec, "defstruct", defstruct)
    monkeypatch.setattr(msgspec.json, "Decoder", decoder)
    listing = json.dumps({"model_versions": [VERSION, VERSION]}).encode()
    for _ in range(3):
        assert _speedups.decode(models.ModelVersionList, listing) is not None
    assert built == ["ModelVersionStatusMirror", "ModelVersionMirror", "ModelVersionListMirror"]
    assert decoders == ["ModelVersionListMirror"]
    reader = _speedups._READERS[models.ModelVersionList]
    assert callable(reader)
    for _ in range(2):
        assert _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode()) is not None
    assert built == ["ModelVersionStatusMirror", "ModelVersionMirror", "ModelVersionListMirror"]  # shared
    assert decoders == ["ModelVersionListMirror", "ModelVersionMirror"]
    assert _speedups._READERS[models.ModelVersionList] is reader
    assert set(_speedups._MIRRORS) == {
        models.ModelVersionList,
        models.ModelVersion,
        models.ModelVersionStatus,
    }


def test_an_unsupported_class_is_decided_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[type] = []
    real = _speedups._build_reader

    def build(cls: type) -> Any:
        calls.append(cls)
        return real(cls)

    monkeypatch.setattr(_speedups, "_build_reader", build)
    for _ in range(3):
        assert _speedups.decode(DefaultZero, b'{"count": 1}') is None
        assert _speedups.decode(models.ModelVersionDeleteResponse, b'{"message": "m"}') is not None
    assert calls == [DefaultZero, models.ModelVersionDeleteResponse]


def test_import_builds_nothing_and_does_not_import_msgspec() -> None:
    code = (
        "import sys, cerebras_management\n"
        "from cerebras_management import _speedups\n"
        "assert 'msgspec' not in sys.modules, 'msgspec imported'\n"
        "assert dict(_speedups._READERS) == {} and _speedups._MIRRORS == {}\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


# --- Turning it off ------------------------------------------------------------------------------------

OFF = ["0", "false", "no", "off", "FALSE", "Off", "nO", " 0 ", "\toff\n", "  False"]
ON = ["1", "", "  ", "true", "yes", "on", "00", "offline", "f"]


@pytest.mark.parametrize("value", OFF)
def test_the_env_var_turns_it_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(_speedups.ENV_VAR, value)
    assert _speedups.enabled() is False
    assert _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode()) is None
    assert dict(_speedups._READERS) == {}  # nothing is built while it is off


@pytest.mark.parametrize("value", ON)
def test_other_values_leave_it_on(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(_speedups.ENV_VAR, value)
    assert _speedups.enabled() is True
    got = _speedups.decode(models.ModelVersion, json.dumps(VERSION).encode())
    assert type(got) is models.ModelVersion
    assert got.to_dict() == VERSION


def test_it_is_on_when_the_env_var_is_unset() -> None:
    assert _speedups.ENV_VAR == "CEREBRAS_MANAGEMENT_SPEEDUPS"
    assert _speedups.enabled() is True
    assert type(_speedups.decode(models.ModelVersion, b'{"name": "v", "done": true}')) is models.ModelVersion


def test_without_msgspec_it_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)  # `import msgspec` raises ImportError
    assert _speedups.enabled() is False
    assert _speedups.decode(models.ModelVersion, b'{"name": "v", "done": true}') is None
    assert dict(_speedups._READERS) == {models.ModelVersion: None}
    assert _speedups._MIRRORS == {}
