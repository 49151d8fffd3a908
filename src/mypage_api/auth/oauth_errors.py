"""The token endpoint's failures as OAuth2 clients read them (RFC 6749 §5.2).

Every failure of ``POST /v1/auth/token`` stays an RFC 9457 problem and also carries
``error`` (an RFC 6749 code) and ``error_description`` beside the problem members, so that
OAuth2 libraries and Swagger UI's Authorize dialog show the reason. ``error_description``
is the problem's English detail: RFC 6749 allows printable ASCII only there; the
Japanese text stays in ``title`` and ``detail``."""

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Literal

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from mypage_api import problems
from mypage_api.errors import (
    PROBLEM_MEDIA_TYPE,
    BodyProblem,
    Problem,
    ProblemError,
    ValidationProblem,
    problem_example,
    problem_responses,
    validation_problem_error,
)
from mypage_api.i18n import Language
from mypage_api.problems import ProblemType

# RFC 6749 §5.2 codes. Throttling has no code of its own: the grant is not accepted now,
# and the description (and ``Retry-After``) say why.
OAUTH_ERRORS: dict[str, str] = {
    problems.INVALID_CREDENTIALS.slug: "invalid_grant",
    problems.ACCOUNT_RESTRICTED.slug: "invalid_grant",
    problems.LOGIN_THROTTLED.slug: "invalid_grant",
    problems.LOGIN_LOCKED.slug: "invalid_grant",
    problems.INVALID_CLIENT.slug: "invalid_client",
}


OAuthErrorCode = Literal[
    "invalid_request", "invalid_client", "invalid_grant", "unsupported_grant_type"
]


class OAuthErrorMembers(BaseModel):
    """RFC 6749 §5.2 members, beside the problem's own."""

    error: OAuthErrorCode = Field(description="The RFC 6749 §5.2 error code.")
    error_description: str = Field(
        description="The reason, in English (RFC 6749 allows printable ASCII only); the "
        "problem's `title` and `detail` say it in the language of `Accept-Language`."
    )


def oauth_error(
    problem: ProblemType, *, grant_type_refused: bool = False, fields: Sequence[str] = ()
) -> dict[str, str]:
    """The RFC 6749 members of a token endpoint problem (``fields``: those in error)."""
    if grant_type_refused:
        code = "unsupported_grant_type"
    else:
        code = OAUTH_ERRORS.get(problem.slug, "invalid_request")
    description = problem.detail.en
    if fields:
        description = f"{problem.title.en}: {', '.join(fields)}."
    return {"error": code, "error_description": description}


class TokenEndpointRoute(APIRoute):
    """A route whose problems also carry RFC 6749 ``error`` and ``error_description``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_token_request(request: Request) -> Response:
            try:
                return await handle(request)
            except ProblemError as refusal:
                refusal.extensions.update(oauth_error(refusal.problem))
                raise
            except RequestValidationError as invalid:
                raise _oauth_validation_problem(invalid) from None
            except BodyProblem as refused:  # a form refused as it was read
                refused.refusal.extensions.update(oauth_error(refused.refusal.problem))
                raise
            except HTTPException as refused:  # a form that cannot be parsed
                if refused.status_code != problems.BAD_REQUEST.status:
                    raise
                raise ProblemError(
                    problems.BAD_REQUEST, extensions=oauth_error(problems.BAD_REQUEST)
                ) from None

        return handle_token_request


def token_problem_responses(*types: ProblemType) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of the token endpoint: its problems, typed and shown with their
    RFC 6749 members (``TokenProblem``, ``TokenValidationProblem`` for 422)."""
    responses = problem_responses(*types)
    by_slug = {problem.slug: problem for problem in types}
    for status, response in responses.items():
        response["model"] = TokenValidationProblem if status == 422 else TokenProblem
        examples = response["content"][PROBLEM_MEDIA_TYPE]["examples"]
        for slug, example in examples.items():
            if by_slug[slug] is problems.VALIDATION_FAILED:
                example["value"] = _validation_example()
            else:
                example["value"] |= oauth_error(by_slug[slug])
    return responses


def _validation_example() -> dict[str, Any]:
    """A missing ``grant_type``, as the endpoint answers it in Japanese."""
    missing = {"type": "missing", "loc": ("body", "grant_type"), "msg": "Field required"}
    refusal = _oauth_validation_problem(RequestValidationError([missing]))
    return problem_example(refusal.problem) | {
        name: [issue.in_(Language.ja) for issue in value] if name == "errors" else value
        for name, value in refusal.extensions.items()
    }


def _oauth_validation_problem(invalid: RequestValidationError) -> ProblemError:
    errors: list[Any] = list(invalid.errors())
    # A grant type sent but not one of ours; a missing one is an invalid request.
    grant_type_refused = any(
        tuple(error.get("loc", ()))[-1:] == ("grant_type",) and error.get("type") != "missing"
        for error in errors
    )
    refusal = validation_problem_error(errors)
    fields = [str(error.get("loc", ("", ""))[-1]) for error in errors]
    refusal.extensions.update(
        oauth_error(refusal.problem, grant_type_refused=grant_type_refused, fields=fields)
    )
    return refusal


class TokenProblem(OAuthErrorMembers, Problem):
    """A failure of the token endpoint: an RFC 9457 problem that also carries RFC 6749
    §5.2 `error` and `error_description`, for OAuth2 clients and Swagger UI."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                problem_example(problems.INVALID_CREDENTIALS)
                | oauth_error(problems.INVALID_CREDENTIALS)
            ]
        }
    )


class TokenValidationProblem(OAuthErrorMembers, ValidationProblem):
    """A 422 of the token endpoint: the validation problem with RFC 6749 §5.2 `error`
    (`invalid_request`, or `unsupported_grant_type` for a grant type not offered) and
    `error_description`."""

    model_config = ConfigDict(json_schema_extra={"examples": [_validation_example()]})
