from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    Self,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelVersionUploadRequestModel")


@_attrs_define
class ModelVersionUploadRequestModel:
    """
    Attributes:
        weight_uri (str | None):
        version_aliases (list[str] | None):
        system_fingerprint_suffix (str | None):
    """

    weight_uri: str | None = None
    version_aliases: list[str] | None = None
    system_fingerprint_suffix: str | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "weight_uri": "weight_uri",
        "version_aliases": "version_aliases",
        "system_fingerprint_suffix": "system_fingerprint_suffix",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        _weight_uri_value: str | Unset = (
            UNSET if self.weight_uri is None else self.weight_uri
        )
        weight_uri = _weight_uri_value

        _version_aliases_value: list[str] | Unset = (
            UNSET if self.version_aliases is None else self.version_aliases
        )
        version_aliases: list[str] | Unset = UNSET
        if not isinstance(_version_aliases_value, Unset):
            version_aliases = _version_aliases_value

        _system_fingerprint_suffix_value: str | Unset = (
            UNSET
            if self.system_fingerprint_suffix is None
            else self.system_fingerprint_suffix
        )
        system_fingerprint_suffix = _system_fingerprint_suffix_value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if weight_uri is not UNSET:
            field_dict["weight_uri"] = weight_uri
        if version_aliases is not UNSET:
            field_dict["version_aliases"] = version_aliases
        if system_fingerprint_suffix is not UNSET:
            field_dict["system_fingerprint_suffix"] = system_fingerprint_suffix

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "ModelVersionUploadRequestModel: expected an object, got "
                + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict.get("weight_uri")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "ModelVersionUploadRequestModel.weight_uri: expected a string, got "
                    + type(_value).__name__
                )
        _self.weight_uri = _value
        _value = src_dict.get("version_aliases")
        if _value is not None:
            if type(_value) is not list:
                raise TypeError(
                    "ModelVersionUploadRequestModel.version_aliases: expected an array, got "
                    + type(_value).__name__
                )
            for _item in _value:
                if type(_item) is not str:
                    raise TypeError(
                        "ModelVersionUploadRequestModel.version_aliases[]: expected a string, got "
                        + type(_item).__name__
                    )
        _self.version_aliases = _value
        _value = src_dict.get("system_fingerprint_suffix")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "ModelVersionUploadRequestModel.system_fingerprint_suffix: expected a string, got "
                    + type(_value).__name__
                )
        _self.system_fingerprint_suffix = _value
        if cls._json_keys.issuperset(src_dict):
            _self._additional_properties = None
        else:
            _self._additional_properties = {
                key: value
                for key, value in src_dict.items()
                if key not in cls._json_names
            }
        return _self

    def __repr__(self) -> str:
        extra = (
            f", additional_properties={self._additional_properties!r}"
            if self._additional_properties
            else ""
        )
        return (
            f"{type(self).__qualname__}("
            f"weight_uri={self.weight_uri!r}, "
            f"version_aliases={self.version_aliases!r}, "
            f"system_fingerprint_suffix={self.system_fingerprint_suffix!r}"
            f"{extra})"
        )

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The properties the schema does not declare, by JSON name (the dict is made on first use)."""
        extras = self._additional_properties
        if extras is None:
            extras = self._additional_properties = {}
        return extras

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self._additional_properties or ())

    def __getitem__(self, key: str) -> Any:
        extras = self._additional_properties
        if extras is None:
            raise KeyError(key)
        return extras[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        extras = self._additional_properties
        if extras is None:
            raise KeyError(key)
        del extras[key]

    def __contains__(self, key: str) -> bool:
        extras = self._additional_properties
        return extras is not None and key in extras
