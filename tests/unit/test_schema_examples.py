"""The contract as a developer reads it in Swagger UI: every schema and every parameter
says what it is, every request and response body shows an example, and every example
shown is one the API would accept (or answer)."""

import dataclasses
import io
from collections.abc import Iterator
from typing import Any, get_args, get_type_hints

import pytest
from fastapi import FastAPI, UploadFile
from fastapi.openapi.utils import get_fields_from_routes
from pydantic import BaseModel, TypeAdapter

from mypage_api.app import create_app
from mypage_api.config import Settings

METHODS = {"get", "put", "post", "patch", "delete"}
SCHEMA_REF = "#/components/schemas/"


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(Settings())


@pytest.fixture(scope="module")
def contract(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _is_schema_type(annotation: Any) -> bool:
    """A pydantic model or a dataclass: a type with a schema of its own in the contract."""
    return isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    )


def _types_in(annotation: Any) -> Iterator[type]:
    if _is_schema_type(annotation):
        yield annotation
    for argument in get_args(annotation):
        yield from _types_in(argument)


def _fields_of(kind: type) -> list[Any]:
    if issubclass(kind, BaseModel):
        return [field.annotation for field in kind.model_fields.values()]
    return list(get_type_hints(kind).values())


def _with_files(kind: type, example: dict[str, Any]) -> dict[str, Any]:
    """An upload's example names its file where the bytes go: validated with a file."""
    if not issubclass(kind, BaseModel):
        return example
    return example | {
        name: UploadFile(io.BytesIO(b"%PDF-1.4\n"), filename=str(example[name]))
        for name, field in kind.model_fields.items()
        if field.annotation is UploadFile and name in example
    }


def reachable_types(app: FastAPI) -> dict[str, tuple[type, TypeAdapter[Any]]]:
    """The models (and dataclasses) of the routes' bodies, parameters and responses, and
    every one their fields hold, by their title in the contract."""
    pending = [
        kind
        for field in get_fields_from_routes(app.routes)
        for kind in _types_in(field.field_info.annotation)
    ]
    found: dict[str, tuple[type, TypeAdapter[Any]]] = {}
    while pending:
        kind = pending.pop()
        adapter: TypeAdapter[Any] = TypeAdapter(kind)
        title = adapter.json_schema(mode="serialization").get("title", kind.__name__)
        if title in found and found[title][0] is kind:
            continue
        assert title not in found, f"two models are titled {title}"
        found[title] = (kind, adapter)
        for annotation in _fields_of(kind):
            pending.extend(_types_in(annotation))
    return found


def _bodies(contract: dict[str, Any]) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """Every request and response body of every operation: (method, path, which, media
    type, media type object)."""
    for path, item in contract["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
                yield method, path, "request", media_type, media
            for status, response in operation["responses"].items():
                for media_type, media in response.get("content", {}).items():
                    yield method, path, status, media_type, media


def _structured(media_type: str) -> bool:
    """JSON and forms; files (PDF, images, office documents) have no example to show."""
    return media_type in {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    } or media_type.endswith("+json")


def test_every_request_and_response_body_shows_an_example(contract: dict[str, Any]) -> None:
    """Walks the contract: each JSON or form body of each operation has an example, on
    its media type (problems: one per type) or on the schema it names."""
    components = contract["components"]["schemas"]
    bare = []
    for method, path, which, media_type, media in _bodies(contract):
        if not _structured(media_type) or media.get("examples") or "example" in media:
            continue
        schema = media.get("schema", {})
        ref = schema.get("$ref", "")
        named = components[ref.removeprefix(SCHEMA_REF)] if ref.startswith(SCHEMA_REF) else {}
        if not (named or schema).get("examples"):
            bare.append((method, path, which, media_type, ref or schema))
    assert bare == []


def test_the_walk_sees_every_body(contract: dict[str, Any]) -> None:
    """The walk above looks at request bodies, JSON, forms, uploads and problems alike."""
    seen = {(which == "request", media_type) for _, _, which, media_type, _ in _bodies(contract)}
    assert {
        (True, "application/json"),
        (True, "application/x-www-form-urlencoded"),
        (True, "multipart/form-data"),
        (False, "application/json"),
        (False, "application/problem+json"),
    } <= seen


def test_every_example_validates(app: FastAPI, contract: dict[str, Any]) -> None:
    """Each model behind a component validates its own examples. (They are checked on the
    models: the contract drops the null values of examples, as it drops every null.)"""
    reachable = reachable_types(app)
    components = contract["components"]["schemas"]
    for name, schema in components.items():
        if schema.get("title", name) not in reachable:
            assert not schema.get("examples"), f"{name}: examples, but no model found for them"
            continue
        kind, adapter = reachable[schema.get("title", name)]
        examples = adapter.json_schema().get("examples", [])
        assert bool(examples) == bool(schema.get("examples")), name
        for example in examples:
            adapter.validate_python(_with_files(kind, example))


def test_every_schema_has_a_description(contract: dict[str, Any]) -> None:
    schemas = contract["components"]["schemas"]
    assert [name for name, schema in schemas.items() if not schema.get("description")] == []


def test_every_parameter_has_a_description(contract: dict[str, Any]) -> None:
    undescribed = [
        (method, path, parameter["name"])
        for path, item in contract["paths"].items()
        for method, operation in item.items()
        if method in METHODS
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []
