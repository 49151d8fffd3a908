"""The committed contract is the app's contract, and it documents every operation fully."""

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from mypage_api.errors import PROBLEM_MEDIA_TYPE
from mypage_api.openapi import contract_json

CONTRACT = Path(__file__).parents[2] / "openapi" / "openapi.json"
METHODS = {"get", "put", "post", "patch", "delete"}


def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_the_committed_contract_matches_the_app(app: FastAPI) -> None:
    assert CONTRACT.read_text(encoding="utf-8") == contract_json(app), (
        "openapi/openapi.json is stale: run `mypage-api openapi` and commit it"
    )


def test_every_operation_has_an_id_a_summary_and_a_tag(app: FastAPI) -> None:
    ids = []
    for path, method, operation in operations(app):
        assert operation.get("operationId"), (method, path)
        assert operation.get("summary"), (method, path)
        assert operation.get("tags"), (method, path)
        ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))


def test_error_responses_are_problem_documents(app: FastAPI) -> None:
    for path, method, operation in operations(app):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == [PROBLEM_MEDIA_TYPE], (method, path, status)
                assert response["description"], (method, path, status)


@pytest.mark.parametrize("schema", ["HTTPValidationError", "ValidationError"])
def test_fastapis_own_error_shapes_are_gone(app: FastAPI, schema: str) -> None:
    assert schema not in json.dumps(app.openapi())


def test_public_operations_say_so_and_others_name_their_scheme(app: FastAPI) -> None:
    schemes = app.openapi()["components"]["securitySchemes"]
    assert set(schemes) == {"PeoplePassword", "PartnerClientCredentials"}
    assert list(schemes["PeoplePassword"]["flows"]) == ["password"]
    assert list(schemes["PartnerClientCredentials"]["flows"]) == ["clientCredentials"]
    declared = {}
    for path, method, operation in operations(app):
        assert "security" in operation, (method, path)
        declared[(method, path)] = [name for entry in operation["security"] for name in entry]
    assert declared[("get", "/v1/jobs")] == []
    assert declared[("post", "/v1/auth/token")] == []
    assert declared[("get", "/v1/me/home")] == ["PeoplePassword"]
    assert declared[("get", "/v1/partner/seekers")] == ["PartnerClientCredentials"]


def test_every_problem_example_has_the_status_of_its_response(app: FastAPI) -> None:
    for path, method, operation in operations(app):
        for status, response in operation["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            examples = response["content"][PROBLEM_MEDIA_TYPE]["examples"]
            assert examples, (method, path, status)
            for slug, example in examples.items():
                assert example["value"]["status"] == int(status), (method, path, slug)
                assert example["value"]["type"].endswith(":" + slug), (method, path, slug)


def test_schema_names_are_plain_words(app: FastAPI) -> None:
    """Generated clients name their classes after these: no module paths, no pydantic
    ``-Input``/``-Output`` doubles, no ``Page_X_``."""
    for name in app.openapi()["components"]["schemas"]:
        assert name.isidentifier(), name
        assert "_" not in name, name


def test_the_contract_names_its_servers_licence_contact_and_tags(app: FastAPI) -> None:
    schema = app.openapi()
    assert schema["servers"]
    assert schema["info"]["license"]
    assert schema["info"]["contact"]
    declared = {tag["name"] for tag in schema["tags"]}
    grouped = {name for group in schema["x-tagGroups"] for name in group["tags"]}
    used = {tag for _, _, operation in operations(app) for tag in operation["tags"]}
    assert used == declared == grouped
