"""The contract as committed in ``openapi/openapi.json``: problems under their own media type."""

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from mypage_api.errors import PROBLEM_MEDIA_TYPE, Problem, ValidationProblem
from mypage_api.problems import BAD_REQUEST

_PROBLEM_REF = "#/components/schemas/Problem"
_VALIDATION_REF = "#/components/schemas/ValidationProblem"


def problem_aware_openapi(app: FastAPI) -> None:
    """Build the schema once with every error answered as ``application/problem+json``
    (FastAPI's own 422 body is replaced by the validation problem; operations with a body
    also document the 400 answered to a body that cannot be parsed)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            _rewrite_errors(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _rewrite_errors(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, ValidationProblem):
        components[model.__name__] = model.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for defs_name, definition in list(components.items()):
        components.update(definition.pop("$defs", {}))
        components[defs_name] = definition

    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if "requestBody" in operation:  # a body that is not even JSON or a form
                operation["responses"].setdefault(
                    "400", {"description": f"`{BAD_REQUEST.slug}`: {BAD_REQUEST.title.en}"}
                )
            for status, response in operation.get("responses", {}).items():
                if not status.startswith(("4", "5")):
                    continue
                ref = _VALIDATION_REF if status == "422" else _PROBLEM_REF
                response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": ref}}}
                if status == "422" and response.get("description") == "Validation Error":
                    response["description"] = "`validation-failed`: The request is not valid"


def contract_json(app: FastAPI) -> str:
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
