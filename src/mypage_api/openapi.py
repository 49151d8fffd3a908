"""The contract as committed in ``openapi/openapi.json``: problems under their own media type,
each with an example of its own status, the operations' tags grouped by who calls them, and
public operations marked as needing no sign-in (``security: []``)."""

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from mypage_api.errors import PROBLEM_MEDIA_TYPE, Problem, ValidationProblem, problem_examples
from mypage_api.problems import BAD_REQUEST, GENERIC_BY_STATUS

# Tags, in the order Swagger UI lists them, and (ReDoc's ``x-tagGroups``) by who calls them.
TAG_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everyone",
        [
            ("system", "Liveness and readiness."),
            ("auth", "Signing in and out, passwords (OAuth2 token endpoint)."),
            ("jobs", "Job search (求人検索) and job pages, open to anyone."),
            ("offices", "Hello Work offices (公共職業安定所)."),
            ("sign-up", "Opening a My Page online or after the counter."),
        ],
    ),
    (
        "Seekers (求職者)",
        [
            ("my page", "The signed-in seeker's own My Page."),
            ("applications", "Applying and following applications."),
            ("requests", "Employers' direct requests (直接リクエスト), blocks."),
            ("messages", "Messages (メッセージ) between seekers, employers, offices and partners."),
        ],
    ),
    (
        "Employers (求人者)",
        [("employer", "Employers' postings and applicants (求人者マイページ).")],
    ),
    ("Hello Work staff", [("staff", "Hello Work staff at their office's counter.")]),
    (
        "Partner systems",
        [("partner", "Partner systems (求職情報提供) reading opted-in seekers.")],
    ),
]
TAGS = [{"name": name, "description": text} for _, tags in TAG_GROUPS for name, text in tags]

CONTACT = {"name": "mypage-api maintainers", "url": "https://github.com/mypage-api/mypage-api"}
LICENSE = {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}
# Relative: the contract's operations are on the server that serves it (Swagger UI's
# "Try it out" then calls the server it was loaded from); a generated client is given its
# base URL.
SERVERS = [{"url": "/", "description": "The server that serves this contract"}]

_PROBLEM_REF = "#/components/schemas/Problem"
_VALIDATION_REF = "#/components/schemas/ValidationProblem"
_FASTAPI_VALIDATION_REF = "#/components/schemas/HTTPValidationError"


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
                servers=SERVERS,
                contact=CONTACT,
                license_info=LICENSE,
                separate_input_output_schemas=False,
            )
            schema["x-tagGroups"] = [
                {"name": group, "tags": [name for name, _ in tags]} for group, tags in TAG_GROUPS
            ]
            _rewrite_errors(schema)
            _restore_example_nulls(schema)
            _name_form_bodies(schema)
            _mark_public_operations(schema)
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
                # A route's own problem model (the token endpoint's ``TokenProblem``),
                # which FastAPI writes under the route's media type.
                declared = response.get("content", {}).get("application/json", {})
                declared_ref = declared.get("schema", {}).get("$ref", _PROBLEM_REF)
                if declared_ref not in (_PROBLEM_REF, _FASTAPI_VALIDATION_REF):
                    ref = declared_ref
                media = response.get("content", {}).get(PROBLEM_MEDIA_TYPE, {})
                if "examples" not in media:  # a status FastAPI documents by itself
                    generic = GENERIC_BY_STATUS.get(int(status), BAD_REQUEST)
                    media["examples"] = problem_examples([generic])
                media["schema"] = {"$ref": ref}
                response["content"] = {PROBLEM_MEDIA_TYPE: media}
                if status == "422" and response.get("description") == "Validation Error":
                    response["description"] = "`validation-failed`: The request is not valid"


def _models(root: type[BaseModel] = BaseModel) -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for model in root.__subclasses__():
        found.setdefault(model.__name__, model)
        for name, subclass in _models(model).items():
            # A subclass under its base's own name is the one the contract shows (a
            # ``Page[X]`` and the named page made of it, which holds the examples).
            if name not in found or found[name] is model:
                found[name] = subclass
    return found


def _restore_example_nulls(schema: dict[str, Any]) -> None:
    """FastAPI writes the contract without ``null`` members, inside examples too; a
    model's examples are put back as written, so an example shows every field (and
    validates against its schema)."""
    models = _models()
    for name, component in schema["components"]["schemas"].items():
        model = models.get(name)
        extra = model.model_config.get("json_schema_extra") if model is not None else None
        if "examples" in component and isinstance(extra, dict) and "examples" in extra:
            component["examples"] = extra["examples"]


def _name_form_bodies(schema: dict[str, Any]) -> None:
    """FastAPI names a form's schema ``Body_<operationId>``; generated clients then name a
    class ``BodyCreateToken``. Each becomes ``<OperationId>Form`` (``CreateTokenForm``)."""
    components = schema["components"]["schemas"]
    renamed = {
        name: name.removeprefix("Body_")[:1].upper() + name.removeprefix("Body_")[1:] + "Form"
        for name in components
        if name.startswith("Body_")
    }
    for old, new in renamed.items():
        form = components.pop(old)
        operation = old.removeprefix("Body_")
        form.setdefault("description", f"The form fields of `{operation}`.")
        components[new] = {**form, "title": new}
    refs = {
        f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in renamed.items()
    }

    def follow(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$ref") in refs:
                node["$ref"] = refs[node["$ref"]]
            for value in node.values():
                follow(value)
        elif isinstance(node, list):
            for value in node:
                follow(value)

    follow(schema)


def _mark_public_operations(schema: dict[str, Any]) -> None:
    """Operations that need no sign-in say so (``security: []``): without it, a contract
    with security schemes leaves a reader (and a generated client) unsure."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            operation.setdefault("security", [])


def contract_json(app: FastAPI) -> str:
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
