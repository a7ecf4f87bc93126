from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if weight_uri is not UNSET:
            field_dict["weight_uri"] = weight_uri
        if version_aliases is not UNSET:
            field_dict["version_aliases"] = version_aliases
        if system_fingerprint_suffix is not UNSET:
            field_dict["system_fingerprint_suffix"] = system_fingerprint_suffix

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in (
            "weight_uri",
            "version_aliases",
            "system_fingerprint_suffix",
        ):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        weight_uri = d.pop("weight_uri", UNSET)

        version_aliases = cast(list[str], d.pop("version_aliases", UNSET))

        system_fingerprint_suffix = d.pop("system_fingerprint_suffix", UNSET)

        model_version_upload_request_model = cls(
            weight_uri=None if isinstance(weight_uri, Unset) else weight_uri,
            version_aliases=None
            if isinstance(version_aliases, Unset)
            else version_aliases,
            system_fingerprint_suffix=None
            if isinstance(system_fingerprint_suffix, Unset)
            else system_fingerprint_suffix,
        )

        model_version_upload_request_model.additional_properties = d
        return model_version_upload_request_model

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
