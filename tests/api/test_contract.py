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
