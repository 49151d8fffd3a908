"""One rule for every list in the contract: a page of items, a cursor, one page size."""

from typing import Any

from fastapi import FastAPI

from tests.api.test_contract import operations

# Job search keeps the page sizes of R21 (10, 30 and 50).
SEARCHES = {"searchJobs", "runSavedSearch"}
LIMIT = {"type": "integer", "minimum": 1, "maximum": 100, "default": 30}


def resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = spec["components"]["schemas"][name]
    return schema


def answer(operation: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    content = operation["responses"].get("200", {}).get("content", {})
    return resolve(content.get("application/json", {}).get("schema", {}), spec)


def is_list(operation: dict[str, Any], spec: dict[str, Any]) -> bool:
    schema = answer(operation, spec)
    queried = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    return (
        schema.get("type") == "array"
        or "items" in schema.get("properties", {})
        or (bool(queried & {"cursor", "limit"}))
    )


def test_every_list_is_a_page_with_one_page_size(app: FastAPI) -> None:
    spec = app.openapi()
    lists = {
        operation["operationId"]: operation
        for _, method, operation in operations(app)
        if method == "get" and is_list(operation, spec)
    }
    assert set(lists) >= SEARCHES
    assert len(lists) > 20  # the walk found the lists
    limits = []
    for operation_id, operation in lists.items():
        if operation_id in SEARCHES:
            continue
        parameters = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
        assert {"cursor", "limit"} <= set(parameters), operation_id
        limit = parameters["limit"]["schema"]
        assert {key: limit.get(key) for key in LIMIT} == LIMIT, operation_id
        limits.append(limit)
        page = answer(operation, spec)
        assert page["type"] == "object", operation_id
        assert set(page["properties"]) == {"items", "next_cursor"}, operation_id
        assert set(page["required"]) == {"items", "next_cursor"}, operation_id
        assert page["properties"]["items"]["type"] == "array", operation_id
        assert "422" in operation["responses"], operation_id
    assert all(limit == limits[0] for limit in limits)
    names = spec["components"]["schemas"]
    assert not [name for name in names if name.startswith("Page_")]
