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

T = TypeVar("T", bound="DeploymentMetadata")


@_attrs_define
class DeploymentMetadata:
    """ Deployment metadata captured at submission time.

        Attributes:
            deployment_id (str | None): UUID for the deployment record.
            endpoint_id (str | None): Unique identifier for the endpoint. It is used as the [`model`](https://inference-
                docs.cerebras.ai/api-reference/chat-completions#param-model) field when making an inference request.

                Example: `my-org-gpt-oss-120b`

                ```bash
                curl --location 'https://api.cerebras.ai/v1/chat/completions' \\
                --header 'Content-Type: application/json' \\
                --header "Authorization: Bearer ${CEREBRAS_API_KEY}" \\
                --data '{
                  "model": "my-org-gpt-oss-120b",
                  "messages": [{"content": "Hello!", "role": "user"}]
                }'
                ```
            org_name (str | None):
            model_arch_id (str | None):
            version_id (int | str | None): The deployed version's id: an integer in the published example, but version ids
                are strings in every path and resource name (an integer or an alias), so either is accepted.
            created (int | None):
            updated (int | None):
            rollout_status (str | None):
     """

    deployment_id: str | None = None
    endpoint_id: str | None = None
    org_name: str | None = None
    model_arch_id: str | None = None
    version_id: int | str | None = None
    created: int | None = None
    updated: int | None = None
    rollout_status: str | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "deployment_id": "deployment_id",
        "endpoint_id": "endpoint_id",
        "org_name": "org_name",
        "model_arch_id": "model_arch_id",
        "version_id": "version_id",
        "created": "created",
        "updated": "updated",
        "rollout_status": "rollout_status",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        _deployment_id_value: str | Unset = (
            UNSET if self.deployment_id is None else self.deployment_id
        )
        deployment_id = _deployment_id_value

        _endpoint_id_value: str | Unset = (
            UNSET if self.endpoint_id is None else self.endpoint_id
        )
        endpoint_id = _endpoint_id_value

        _org_name_value: str | Unset = UNSET if self.org_name is None else self.org_name
        org_name = _org_name_value

        _model_arch_id_value: str | Unset = (
            UNSET if self.model_arch_id is None else self.model_arch_id
        )
        model_arch_id = _model_arch_id_value

        _version_id_value: int | str | Unset = (
            UNSET if self.version_id is None else self.version_id
        )
        version_id: int | str | Unset
        if isinstance(_version_id_value, Unset):
            version_id = UNSET
        else:
            version_id = _version_id_value

        _created_value: int | Unset = UNSET if self.created is None else self.created
        created = _created_value

        _updated_value: int | Unset = UNSET if self.updated is None else self.updated
        updated = _updated_value

        _rollout_status_value: str | Unset = (
            UNSET if self.rollout_status is None else self.rollout_status
        )
        rollout_status = _rollout_status_value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if deployment_id is not UNSET:
            field_dict["deployment_id"] = deployment_id
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if org_name is not UNSET:
            field_dict["org_name"] = org_name
        if model_arch_id is not UNSET:
            field_dict["model_arch_id"] = model_arch_id
        if version_id is not UNSET:
            field_dict["version_id"] = version_id
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated
        if rollout_status is not UNSET:
            field_dict["rollout_status"] = rollout_status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "DeploymentMetadata: expected an object, got " + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict.get("deployment_id")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeploymentMetadata.deployment_id: expected a string, got "
                    + type(_value).__name__
                )
        _self.deployment_id = _value
        _value = src_dict.get("endpoint_id")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeploymentMetadata.endpoint_id: expected a string, got "
                    + type(_value).__name__
                )
        _self.endpoint_id = _value
        _value = src_dict.get("org_name")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeploymentMetadata.org_name: expected a string, got "
                    + type(_value).__name__
                )
        _self.org_name = _value
        _value = src_dict.get("model_arch_id")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeploymentMetadata.model_arch_id: expected a string, got "
                    + type(_value).__name__
                )
        _self.model_arch_id = _value
        _value = src_dict.get("version_id")
        if _value is not None:
            if not (type(_value) is int or type(_value) is str):
                raise TypeError(
                    "DeploymentMetadata.version_id: expected an integer or a string, got "
                    + type(_value).__name__
                )
        _self.version_id = _value
        _value = src_dict.get("created")
        if _value is not None:
            if type(_value) is not int:
                raise TypeError(
                    "DeploymentMetadata.created: expected an integer, got "
                    + type(_value).__name__
                )
        _self.created = _value
        _value = src_dict.get("updated")
        if _value is not None:
            if type(_value) is not int:
                raise TypeError(
                    "DeploymentMetadata.updated: expected an integer, got "
                    + type(_value).__name__
                )
        _self.updated = _value
        _value = src_dict.get("rollout_status")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeploymentMetadata.rollout_status: expected a string, got "
                    + type(_value).__name__
                )
        _self.rollout_status = _value
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
            f"deployment_id={self.deployment_id!r}, "
            f"endpoint_id={self.endpoint_id!r}, "
            f"org_name={self.org_name!r}, "
            f"model_arch_id={self.model_arch_id!r}, "
            f"version_id={self.version_id!r}, "
            f"created={self.created!r}, "
            f"updated={self.updated!r}, "
            f"rollout_status={self.rollout_status!r}"
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
