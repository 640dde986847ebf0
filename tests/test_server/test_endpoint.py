"""The SPARQL 1.1 Protocol endpoint, driven by real HTTP clients."""

import json
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph

HOSTILE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def post(
    url: str, body: bytes, content_type: str, accept: str = ""
) -> tuple[int, bytes]:
    req = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "Accept": accept},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def q(query: str) -> str:
    return "query=" + urllib.parse.quote(query)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_rdflib_sparqlstore_client(base: str) -> None:
    g = Graph("SPARQLStore")
    g.open(f"{base}/sparql")
    rows = list(
        g.query(
            "PREFIX kg: <https://w3id.org/orgkg/def#> SELECT ?doc WHERE { ?doc a kg:SourceDocument ; kg:documentKind 'poa_profile' } ORDER BY ?doc"
        )
    )
    names = [str(r[0]).rsplit("/", 1)[-1] for r in rows]  # type: ignore[index]
    assert names == ["000_efb7d85203431afd", "sadc_poa_profile"]


@pytest.mark.parametrize(
    ("accept", "media", "check"),
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            lambda b: json.loads(b)["head"]["vars"] == ["n"],
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            lambda b: b.startswith(b"<?xml"),
        ),
        ("text/csv", "text/csv", lambda b: b.splitlines()[0] == b"n"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            lambda b: b.splitlines()[0] == b"?n",
        ),
    ],
)
def test_content_negotiation(base: str, accept: str, media: str, check: object) -> None:
    status, content_type, body = get(f"{base}/sparql?{q(COUNT)}", {"Accept": accept})
    assert status == 200
    assert content_type.startswith(media)
    assert check(body)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("accept", "start"),
    [
        ("text/turtle", b"<https://w3id.org"),
        ("application/n-triples", b"<https://w3id.org"),
    ],
)
def test_construct_formats(base: str, accept: str, start: bytes) -> None:
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5"
    status, content_type, body = get(f"{base}/sparql?{q(query)}", {"Accept": accept})
    assert (status, content_type.split(";")[0]) == (200, accept)
    assert body.startswith(start)


def test_unsupported_media_type_is_406(base: str) -> None:
    status, _, body = get(f"{base}/sparql?{q(COUNT)}", {"Accept": "image/png"})
    assert status == 406
    assert b"cannot answer a SELECT query in image/png" in body


def test_post_forms(base: str) -> None:
    status, body = post(
        f"{base}/sparql",
        q(COUNT).encode(),
        "application/x-www-form-urlencoded",
        "text/csv",
    )
    assert status == 200
    assert int(body.splitlines()[1]) > 1000
    status, body = post(
        f"{base}/sparql", COUNT.encode(), "application/sparql-query", "text/csv"
    )
    assert status == 200


@pytest.mark.parametrize(
    ("method", "target", "body", "content_type", "status", "message"),
    [
        (
            "POST",
            "/sparql",
            b"DROP ALL",
            "application/sparql-update",
            403,
            b"read-only",
        ),
        (
            "POST",
            "/sparql",
            b"update=DROP%20ALL",
            "application/x-www-form-urlencoded",
            403,
            b"read-only",
        ),
        (
            "GET",
            "/sparql?query="
            + urllib.parse.quote(
                "SELECT * WHERE { SERVICE <http://x/s> { ?s ?p ?o } }"
            ),
            b"",
            "",
            400,
            b"SERVICE is not allowed",
        ),
        (
            "GET",
            "/sparql?query="
            + urllib.parse.quote(
                "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"
            ),
            b"",
            "",
            400,
            b"FROM is not allowed",
        ),
        ("GET", "/sparql?query=SELEKT", b"", "", 400, b"invalid SPARQL"),
        (
            "GET",
            "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"),
            b"",
            "",
            413,
            b"result cap exceeded",
        ),
    ],
)
def test_refusals(
    base: str,
    method: str,
    target: str,
    body: bytes,
    content_type: str,
    status: int,
    message: bytes,
) -> None:
    if method == "POST":
        got, text = post(base + target, body, content_type)
    else:
        got, _, text = get(base + target)
    assert got == status
    assert message in text


def test_only_loopback_hosts(base: str) -> None:
    status, _, body = get(f"{base}/", {"Host": "attacker.example"})
    assert status == 403
    assert b"not allowed" in body
    assert get(f"{base}/", {"Host": "localhost:1234"})[0] == 200


def test_hostile_query_is_cut_off_while_others_are_answered(base: str) -> None:
    results: dict[str, tuple[int, float]] = {}

    def hostile() -> None:
        t0 = time.perf_counter()
        results["hostile"] = (
            get(f"{base}/sparql?{q(HOSTILE)}")[0],
            time.perf_counter() - t0,
        )

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.3)
    answered = [
        get(f"{base}/sparql?{q(COUNT)}", {"Accept": "text/csv"})[0] for _ in range(10)
    ]
    thread.join()
    assert answered == [200] * 10
    status, seconds = results["hostile"]
    assert status == 503
    assert seconds < 10
    # The killed worker was replaced.
    assert get(f"{base}/sparql?{q(COUNT)}", {"Accept": "text/csv"})[0] == 200


def test_bounded_load(base: str) -> None:
    """500 queries from 8 concurrent clients: no errors; throughput and p99 reported."""
    queries = [
        COUNT,
        "ASK { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s a <https://w3id.org/orgkg/def#State> } LIMIT 50",
    ]

    def one(i: int) -> tuple[int, float]:
        t0 = time.perf_counter()
        status = get(
            f"{base}/sparql?{q(queries[i % 3])}",
            {"Accept": "application/sparql-results+json"},
        )[0]
        return status, time.perf_counter() - t0

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(one, range(500)))
    elapsed = time.perf_counter() - t0
    latencies = sorted(s for _, s in outcomes)
    p99 = latencies[int(0.99 * len(latencies)) - 1]
    print(
        f"\n500 queries, 8 clients: {500 / elapsed:.0f} queries/s, p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
    )
    assert [s for s, _ in outcomes if s != 200] == []
