"""Remote SPARQL 1.1 Protocol endpoints: query them, and the HTTP both directions share.

``remote_select`` sends a query to a SPARQL 1.1 Protocol endpoint. The
protocol has no way to bind parameters, so ``graph_builder.query.sparql.substitute``
applies SPARQL-dev SEP-0007 substitution on the client, as for the embedded
store. ``graph_builder.build.push`` sends a build the other way.
"""

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from rdflib.term import Node

from graph_builder.errors import QueryError
from graph_builder.query.sparql import check_safe, results_from_json, substitute

__all__ = ["check_url", "remote_select", "request"]


def request(
    url: str,
    *,
    method: str,
    data: bytes | None,
    headers: dict[str, str],
    timeout: float,
) -> bytes:
    """Send one HTTP request and return the body.

    Raises:
        QueryError: The endpoint answers an HTTP error or cannot be reached.
    """
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise QueryError(
            f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}"
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise QueryError(
            f"{url}: cannot reach the endpoint ({getattr(exc, 'reason', exc)})"
        ) from exc


def check_url(url: str) -> None:
    """Refuse an endpoint that is not an http(s) URL (``QueryError``)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise QueryError(f"--endpoint {url!r}: expected an http(s) URL")


def remote_select(
    endpoint: str,
    query: str,
    bindings: Mapping[str, Node] | None = None,
    timeout: float = 60.0,
) -> tuple[list[str], list[dict[str, Node]]]:
    """Run a SELECT on a SPARQL 1.1 Protocol endpoint, with parameters substituted.

    Raises:
        QueryError: The query is unsafe or invalid, or the endpoint fails.
    """
    check_url(endpoint)
    check_safe(query)
    text = substitute(query, bindings or {})
    body = request(
        endpoint,
        method="POST",
        data=urllib.parse.urlencode({"query": text}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
        timeout=timeout,
    )
    return results_from_json(body)
