from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelVersionStatus")


@_attrs_define
class ModelVersionStatus:
    """
    Attributes:
        customer_s3_uri (str | None): S3 URI provided by the customer.
        version_aliases (list[str] | None): List of aliases that can be used to refer to this version.
        sync_status (str | None):
        system_fingerprint_suffix (str | None):
    """

    customer_s3_uri: str | None = None
    version_aliases: list[str] | None = None
    sync_status: str | None = None
    system_fingerprint_suffix: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        _customer_s3_uri_value: str | Unset = (
            UNSET if self.customer_s3_uri is None else self.customer_s3_uri
        )
        customer_s3_uri = _customer_s3_uri_value

        _version_aliases_value: list[str] | Unset = (
            UNSET if self.version_aliases is None else self.version_aliases
        )
        version_aliases: list[str] | Unset = UNSET
        if not isinstance(_version_aliases_value, Unset):
            version_aliases = _version_aliases_value

        _sync_status_value: str | Unset = (
            UNSET if self.sync_status is None else self.sync_status
        )
        sync_status = _sync_status_value

        _system_fingerprint_suffix_value: str | Unset = (
            UNSET
            if self.system_fingerprint_suffix is None
            else self.system_fingerprint_suffix
        )
        system_fingerprint_suffix = _system_fingerprint_suffix_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if customer_s3_uri is not UNSET:
            field_dict["customer_s3_uri"] = customer_s3_uri
        if version_aliases is not UNSET:
            field_dict["version_aliases"] = version_aliases
        if sync_status is not UNSET:
            field_dict["sync_status"] = sync_status
        if system_fingerprint_suffix is not UNSET:
            field_dict["system_fingerprint_suffix"] = system_fingerprint_suffix

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in (
            "customer_s3_uri",
            "version_aliases",
            "sync_status",
            "system_fingerprint_suffix",
        ):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        customer_s3_uri = d.pop("customer_s3_uri", UNSET)

        version_aliases = cast(list[str], d.pop("version_aliases", UNSET))

        sync_status = d.pop("sync_status", UNSET)

        system_fingerprint_suffix = d.pop("system_fingerprint_suffix", UNSET)

        model_version_status = cls(
            customer_s3_uri=None
            if isinstance(customer_s3_uri, Unset)
            else customer_s3_uri,
            version_aliases=None
            if isinstance(version_aliases, Unset)
            else version_aliases,
            sync_status=None if isinstance(sync_status, Unset) else sync_status,
            system_fingerprint_suffix=None
            if isinstance(system_fingerprint_suffix, Unset)
            else system_fingerprint_suffix,
        )

        model_version_status.additional_properties = d
        return model_version_status

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
