"""The certifying-body API, version 1 (django-ninja): completions and certificate checks.

Every operation needs `Authorization: Bearer <token>`; a token only ever sees its own
body's records. Errors are JSON objects with an `error` message.
"""

import csv
import io
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from core.spreadsheets import safe_cell

from .audit import log_api_call
from .queries import (
    FIELDS,
    MAX_LIMIT,
    BadParameter,
    completions_page,
    parse_completions_query,
)
from .schemas import CertificateOut, CompletionsOut, ErrorOut
from .tokens import TokenRejected, authenticate_token
from .verification import certificate_data, certificate_for_body

REALM = "cec-api"
CSV_TYPE = "text/csv"
# What the query parameters accept, for the OpenAPI description only: queries.py checks
# them and answers 400 with a message in words, which a pydantic pattern would not. An
# empty value means the same as leaving the parameter out.
_STATUS = r"\s*(valid|revoked|superseded)?\s*"
PARAMETER_FORMATS = {
    "since": {"pattern": r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"},
    "until": {"pattern": r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"},
    "module": {"pattern": r"^\s*([A-Z0-9][A-Z0-9-]{1,31})?\s*$"},
    "status": {"pattern": rf"^{_STATUS}(,{_STATUS})*$"},
    "cursor": {"pattern": r"^[A-Za-z0-9_-]*$"},
}


class Unauthorized(AuthenticationError):
    def __init__(self, message, *, invalid_token=False):
        super().__init__(message=message)
        self.invalid_token = invalid_token


class BodyToken(HttpBearer):
    """`Authorization: Bearer <token>`; request.auth becomes the body's ApiToken."""

    def __call__(self, request):
        header = request.headers.get(self.header, "").strip()
        if not header:
            raise Unauthorized("Send your token in the header: Authorization: Bearer <token>.")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise Unauthorized("Use the Bearer scheme: Authorization: Bearer <token>.")
        return self.authenticate(request, value.strip())

    def authenticate(self, request, token):
        try:
            return authenticate_token(token)
        except TokenRejected as exc:
            raise Unauthorized(str(exc), invalid_token=True) from None


def _describe_parameter(parameter):
    # An optional query parameter is absent or text: a documented null would be sent as
    # the word "null", so keep the one non-null alternative pydantic offers.
    schema = parameter["schema"]
    options = [option for option in schema.pop("anyOf", []) if option.get("type") != "null"]
    if len(options) == 1:
        schema.update(options[0])
    schema.update(PARAMETER_FORMATS.get(parameter["name"], {}))


class BodyApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    _describe_parameter(parameter)
        return schema


api = BodyApi(
    title="CEC Platform API for certifying bodies",
    version="1",
    description=(
        "Completion records of the courses your body approved, and certificate checks. "
        "Authenticate with the bearer token the provider issued to your body."
    ),
    urls_namespace="api_v1",
    auth=BodyToken(),
)


def _error(request, status, message, **extra):
    return api.create_response(request, {"error": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    message = str(exc) if isinstance(exc, Unauthorized) else "Authentication required."
    response = _error(request, 401, message)
    challenge = f'Bearer realm="{REALM}"'
    if getattr(exc, "invalid_token", False):
        challenge += f', error="invalid_token", error_description="{message}"'
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(BadParameter)
def bad_parameter(request, exc):
    log_api_call(request, rows=0, status=400)
    return _error(request, 400, str(exc), fields={exc.name: exc.message})


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    fields = {}
    for error in exc.errors:
        name = str(error.get("loc", ["", "request"])[-1])
        fields.setdefault(name, error.get("msg", "invalid"))
    log_api_call(request, rows=0, status=400)
    names = ", ".join(fields) or "request"
    return _error(request, 400, f"Invalid parameter: {names}.", fields=fields)


@api.exception_handler(Http404)
def not_found(request, exc):
    log_api_call(request, rows=0, status=404)
    return _error(request, 404, str(exc) or "Not found.")


def _private(response, *, vary=("Authorization",)):
    """Records about people: never stored by shared caches."""
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, vary)
    return response


def _next_link(request, cursor):
    params = request.GET.copy()
    params["cursor"] = cursor
    query = urlencode(sorted(params.items()))
    return f'<{request.build_absolute_uri(request.path)}?{query}>; rel="next"'


def _csv_response(rows, next_link):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(safe_cell(row[field]) for field in FIELDS)
    response = HttpResponse(buffer.getvalue(), content_type=f"{CSV_TYPE}; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="completions.csv"'
    if next_link:
        response["Link"] = next_link
    return response


CSV_RESPONSE = {
    "responses": {
        200: {
            "description": (
                "One page of completion records, oldest record first. With "
                "`Accept: text/csv` the same page comes as CSV (header row first); the "
                'next page is then in the `Link: <…>; rel="next"` header.'
            ),
            "content": {CSV_TYPE: {"schema": {"type": "string"}}},
            "headers": {
                "Link": {
                    "description": 'The next page, as <URL>; rel="next", when there is one.',
                    "schema": {"type": "string"},
                }
            },
        }
    }
}


@api.get(
    "/completions",
    response={200: CompletionsOut, 400: ErrorOut, 401: ErrorOut},
    summary="List your body's completion records",
    openapi_extra=CSV_RESPONSE,
)
def completions(
    request,
    response: HttpResponse,
    since: str | None = Query(
        None,
        description="Completed on or after this day (YYYY-MM-DD).",
        example="2025-01-31",
    ),
    until: str | None = Query(
        None,
        description="Completed on or before this day (YYYY-MM-DD).",
        example="2025-01-31",
    ),
    module: str | None = Query(None, description="Only this course code."),
    status: str | None = Query(
        None,
        description="Certificate statuses, comma-separated: valid (default), revoked, superseded.",
    ),
    cursor: str | None = Query(None, description="`next_cursor` from the previous page."),
    limit: int | None = Query(
        None, ge=1, le=MAX_LIMIT, description="Records per page (default 100)."
    ),
):
    """Completion records of the courses your body approved, paged by an opaque cursor.

    Pages follow the order in which records were written, so paging through while new
    completions arrive returns every record exactly once; new ones come at the end.
    """
    query = parse_completions_query(
        body=request.auth.body,
        since=since,
        until=until,
        module=module,
        status=status,
        cursor=cursor,
        limit=limit,
    )
    page = completions_page(query)
    log_api_call(request, rows=len(page.rows))
    next_link = _next_link(request, page.next_cursor) if page.next_cursor else None
    if request.get_preferred_type(["application/json", CSV_TYPE]) == CSV_TYPE:
        return _private(_csv_response(page.rows, next_link), vary=("Authorization", "Accept"))
    _private(response, vary=("Authorization", "Accept"))
    if next_link:
        response["Link"] = next_link
    return {"results": page.rows, "next_cursor": page.next_cursor}


@api.get(
    "/certificates/{code}",
    response={200: CertificateOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Verify a certificate",
)
def certificate(request, response: HttpResponse, code: str):
    """A certificate's public verification data, if your body holds a record of it."""
    found = certificate_for_body(code, request.auth.body)
    _private(response)
    log_api_call(request, rows=1, filters={"code": found.code})
    return certificate_data(found)
