"""The contract as a developer reads it in Swagger UI: every schema and every parameter
says what it is, and every example shown is one the API would accept (or answer)."""

from collections.abc import Iterator
from typing import Any, get_args

import pytest
from fastapi import FastAPI
from fastapi.openapi.utils import get_fields_from_routes
from pydantic import BaseModel

from mypage_api.app import create_app
from mypage_api.config import Settings

METHODS = {"get", "put", "post", "patch", "delete"}

# Request bodies and main responses a developer tries first: each shows an example.
EXAMPLED = {
    "ApplicationCreate",
    "ApplicationDetail",
    "Home",
    "JobCreate",
    "JobRead",
    "MessageCreate",
    "ProfileDraft",
    "ProfileRead",
    "SavedSearchCreate",
    "SearchPage",
}


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(Settings())


@pytest.fixture(scope="module")
def contract(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models_in(argument)


def reachable_models(app: FastAPI) -> dict[str, type[BaseModel]]:
    """The pydantic models of the routes' bodies, parameters and responses, and every model
    their fields hold, by their title in the contract."""
    pending = [
        model
        for field in get_fields_from_routes(app.routes)
        for model in _models_in(field.field_info.annotation)
    ]
    found: dict[str, type[BaseModel]] = {}
    while pending:
        model = pending.pop()
        title = model.model_json_schema(mode="serialization").get("title", model.__name__)
        if found.get(title) is model:
            continue
        assert title not in found, f"two models are titled {title}"
        found[title] = model
        for field in model.model_fields.values():
            pending.extend(_models_in(field.annotation))
    return found


def test_every_example_validates(app: FastAPI, contract: dict[str, Any]) -> None:
    """Each model behind a component validates its own examples. (They are checked on the
    models: the contract drops the null values of examples, as it drops every null.)"""
    models = reachable_models(app)
    components = contract["components"]["schemas"]
    checked = set()
    for name, schema in components.items():
        model = models.get(schema.get("title", name))
        if model is None:
            assert not schema.get("examples"), f"{name}: examples, but no model found for them"
            continue
        examples = model.model_json_schema().get("examples", [])
        assert bool(examples) == bool(schema.get("examples")), name
        for example in examples:
            model.model_validate(example)
        if examples:
            checked.add(model.__name__)
    assert checked >= EXAMPLED


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
