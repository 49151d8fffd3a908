"""Domain errors and their one rendering: RFC 9457 ``application/problem+json``."""

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from mypage_api import problems
from mypage_api.field_messages import field_message
from mypage_api.i18n import Language, Text, negotiate_language
from mypage_api.outages import DATABASE_ERRORS, RETRY_AFTER_SECONDS, database_unavailable
from mypage_api.problems import ProblemType
from mypage_api.request_ids import HEADER, current_request_id
from mypage_api.response_headers import add_guard_headers

PROBLEM_MEDIA_TYPE = "application/problem+json"
_HTTP_METHODS = {"get", "put", "post", "patch", "delete", "options", "head", "trace"}

logger = logging.getLogger(__name__)


class ProblemError(Exception):
    """Raised by services; the handler renders it. Never carries personal data."""

    def __init__(
        self,
        problem: ProblemType,
        *,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        keep_changes: bool = False,
    ) -> None:
        super().__init__(problem.slug)
        self.problem = problem
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})
        # A refusal that is itself a change to keep (a failed sign-in counted, a stolen
        # refresh token's family revoked): the request's transaction commits anyway.
        self.keep_changes = keep_changes


class BodyProblem(StarletteHTTPException):
    """A refusal raised where the app reads the request's body (``http_guards``): FastAPI
    lets an HTTPException through its body parsing and turns anything else into a bare
    400, so the refusal travels inside one and is answered as itself."""

    def __init__(self, refusal: ProblemError) -> None:
        super().__init__(refusal.problem.status)
        self.refusal = refusal


# Field errors a problem lists at most: enough to correct a form, not a body's echo
# (50,000 unknown keys would otherwise answer 50,000 entries).
MAX_FIELD_ERRORS = 20


class FieldError(BaseModel):
    """One field that failed a check."""

    location: str = Field(description="Where the field is: body, query, path, header or cookie.")
    field: str = Field(description="Dotted path of the field inside its location.")
    message: str = Field(
        description="What is wrong, for people, in the language of `Accept-Language`."
    )
    code: str = Field(description="A stable code of the failed check.")


@dataclass(frozen=True)
class FieldIssue:
    """A ``FieldError`` before it is answered: its message in both languages, the one the
    client prefers chosen when the problem is rendered."""

    location: str
    field: str
    code: str
    message: Text

    @classmethod
    def of(
        cls,
        location: str,
        field: str,
        code: str,
        english: str,
        context: Mapping[str, Any] | None = None,
    ) -> "FieldIssue":
        """An issue worded by ``field_messages`` from its check's code and context."""
        return cls(location, field, code, field_message(code, english, context))

    def in_(self, language: Language) -> dict[str, str]:
        return {
            "location": self.location,
            "field": self.field,
            "message": self.message.in_(language),
            "code": self.code,
        }


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="The stable URI of the failure: `urn:mypage-api:problem:<slug>`.")
    title: str = Field(description="A short summary in the language of `Accept-Language`.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What to do about it, in the language of `Accept-Language`.")
    instance: str | None = Field(default=None, description="The path that was requested.")


class ValidationProblem(Problem):
    """A 422 problem: `validation-failed` and `invalid-cursor` list the fields in `errors`
    (20 at most); the other 422 types (weak password, ineligible, ...) carry their own
    members."""

    errors: list[FieldError] = Field(default_factory=list, max_length=MAX_FIELD_ERRORS)


def problem_response(
    request: Request,
    problem: ProblemType,
    *,
    extensions: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    language = negotiate_language(request.headers.get("accept-language"))
    extensions = {
        name: [issue.in_(language) for issue in value] if name == "errors" else value
        for name, value in (extensions or {}).items()
    }
    body: dict[str, Any] = {
        "type": problem.uri,
        "title": problem.title.in_(language),
        "status": problem.status,
        "detail": problem.detail.in_(language),
        "instance": request.url.path,
        **extensions,
    }
    return JSONResponse(
        body,
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={"content-language": language.value, **(headers or {})},
    )


def field_errors(issues: Iterable[FieldIssue]) -> dict[str, list[FieldIssue]]:
    """A problem's ``errors`` member: each failing field (rendered as a ``FieldError``),
    the first ``MAX_FIELD_ERRORS`` only (``errors`` is read no further)."""
    return {"errors": list(islice(issues, MAX_FIELD_ERRORS))}


def _from_pydantic(raw: Iterable[Any], prefix: tuple[str, ...] = ()) -> Iterator[FieldIssue]:
    for error in raw:
        location, *path = [*prefix, *(str(part) for part in error.get("loc", ()))] or ["body"]
        yield FieldIssue.of(
            location,
            ".".join(path),
            str(error.get("type", "invalid")),
            str(error.get("msg", "")),
            error.get("ctx"),
        )


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(ProblemError, exc)
    return problem_response(request, exc.problem, extensions=exc.extensions, headers=exc.headers)


def validation_problem_error(errors: Iterable[Any]) -> ProblemError:
    """A request's validation failure (pydantic's errors) as its 422 problem."""
    return ProblemError(problems.VALIDATION_FAILED, extensions=field_errors(_from_pydantic(errors)))


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    refusal = validation_problem_error(cast(RequestValidationError, exc).errors())
    return problem_response(request, refusal.problem, extensions=refusal.extensions)


def validation_problem(exc: ValidationError, *, location: str = "body") -> ProblemError:
    """A service's own validation failure, reported like a request's (422, fields listed)."""
    return ProblemError(
        problems.VALIDATION_FAILED,
        extensions=field_errors(_from_pydantic(exc.errors(), (location,))),
    )


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, BodyProblem):
        return await _on_problem(request, exc.refusal)
    exc = cast(StarletteHTTPException, exc)
    problem = problems.GENERIC_BY_STATUS.get(exc.status_code, problems.BAD_REQUEST)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(request, problem, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method documented at this path (Starlette would name one route's only)."""
    table: list[tuple[re.Pattern[str], set[str]]] | None = getattr(request.app.state, "allow", None)
    if table is None:
        table = []
        for template, item in request.app.openapi().get("paths", {}).items():
            methods = {method.upper() for method in item if method in _HTTP_METHODS}
            if "GET" in methods:
                methods.add("HEAD")
            table.append((compile_path(template)[0], methods))
        request.app.state.allow = table
    path = request.scope["path"]
    return sorted({m for pattern, methods in table if pattern.match(path) for m in methods})


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """503 when the database is away or busy (the client may retry), 500 otherwise."""
    # The exception's text may hold personal data: log its type and place only.
    route = getattr(request.scope.get("route"), "path", "(no route)")
    if database_unavailable(exc):
        logger.warning(
            "database unavailable (%s) on %s %s", type(exc).__name__, request.method, route
        )
        response = problem_response(
            request,
            problems.SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    else:
        logger.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
        response = problem_response(request, problems.INTERNAL_ERROR)
    # Answered outside every middleware when it is an ``Exception``: the headers the
    # middleware would add (http_guards, request_ids) are added here.
    add_guard_headers(response.raw_headers)
    request_id = current_request_id()
    if request_id is not None:
        response.headers[HEADER] = request_id
    return response


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    # Errors that may mean the database is away are answered where other handled errors
    # are (a handler for ``Exception`` runs outermost, and raises its error again after
    # answering, which the server logs as a crash).
    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, _on_unexpected)
    app.add_exception_handler(Exception, _on_unexpected)


def problem_example(problem: ProblemType) -> dict[str, Any]:
    """A problem as the API answers it in Japanese (``instance`` left out: it is the path)."""
    example: dict[str, Any] = {
        "type": problem.uri,
        "title": problem.title.ja,
        "status": problem.status,
        "detail": problem.detail.ja,
    }
    if problem.status == 422:
        example["errors"] = []
    return example


def problem_examples(types: Iterable[ProblemType]) -> dict[str, dict[str, Any]]:
    """The OpenAPI ``examples`` of a response: one per problem type, named by its slug."""
    return {
        problem.slug: {"summary": problem.title.en, "value": problem_example(problem)}
        for problem in types
    }


def problem_responses(*types: ProblemType) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route that may answer these problems (for the contract),
    each status with an example of each of its problems."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in dict.fromkeys(problem.status for problem in types):
        of_status = [problem for problem in types if problem.status == status]
        responses[status] = {
            "model": Problem,
            "content": {PROBLEM_MEDIA_TYPE: {"examples": problem_examples(of_status)}},
            "description": "; ".join(f"`{p.slug}`: {p.title.en}" for p in of_status),
        }
    return responses
