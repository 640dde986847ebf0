"""Responses every route shares: errors (HTML or text), pages, answers, bodies."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import (
    Response,
)

from graph_builder.serve.negotiation import (
    wants_html,
)
from graph_builder.serve.pagedata import (
    environment,
)
from graph_builder.serve.workers import (
    Answer,
)

__all__ = [
    "JSON_RESULTS",
    "MAX_BODY",
    "TEMPLATES",
    "answer_response",
    "error_response",
    "read_body",
    "render",
]


#: The largest request body accepted (a SPARQL query or form).
MAX_BODY = 1_000_000


JSON_RESULTS = ["application/sparql-results+json"]


TEMPLATES = environment()


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An error as an HTML page for browsers, as one line of text otherwise."""
    if wants_html(request):
        title = f"{status} {HTTPStatus(status).phrase}"
        return render("error.html", status, headers, title=title, message=message)
    return Response(message + "\n", status, headers, "text/plain; charset=utf-8")


def render(
    template: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """A page from its template (autoescaped)."""
    body = TEMPLATES.get_template(template).render(**context)
    return Response(body, status, headers, "text/html; charset=utf-8")


def answer_response(answer: Answer, headers: dict[str, str] | None = None) -> Response:
    """A worker's answer as a response (text types in UTF-8)."""
    media = answer.media_type
    if media.startswith("text/"):
        media += "; charset=utf-8"
    return Response(answer.body, answer.status, headers, media)


async def read_body(request: Request) -> bytes | Response:
    """The request body, or a 413 that closes the connection when it is too large."""
    too_large = error_response(
        request,
        413,
        f"request body too large: at most {MAX_BODY} bytes",
        {"Connection": "close"},
    )
    declared = request.headers.get("content-length")
    if declared is not None and int(declared) > MAX_BODY:  # llhttp checked: a number
        return too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return too_large
    return bytes(body)
