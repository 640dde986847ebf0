"""Web pages: named queries, entity pages, dereferencing, the network page."""

import gzip
import html
import json
import re
import threading
import urllib.parse
import urllib.request
from datetime import date
from typing import Any

import pytest

from tests.html_blocks import json_block
from tests.test_server.test_endpoint import get


def test_library_page_lists_every_query(base: str, server: object) -> None:
    status, media, body = get(f"{base}/query", {"Accept": "text/html"})
    assert (status, media.split(";")[0]) == (200, "text/html")
    for name in server.library:  # type: ignore[attr-defined]
        assert f'id="q-{name}"'.encode() in body


def test_named_query_table_and_downloads(base: str) -> None:
    params = urllib.parse.urlencode(
        {"org": "SELEC", "role": "member", "as_of": "2012-06-04"}
    )
    status, _, body = get(
        f"{base}/query/members_of_organisation?{params}", {"Accept": "text/html"}
    )
    assert status == 200
    assert body.count(b"<tr>") == 25  # header + 13 + 11 rows
    assert b"format=csv" in body
    status, media, body = get(
        f"{base}/query/members_of_organisation?{params}&format=csv"
    )
    assert (status, media.split(";")[0]) == (200, "text/csv")
    assert len(body.decode().strip().splitlines()) == 25


def test_named_query_errors(base: str) -> None:
    assert (
        get(
            f"{base}/query/members_of_organisation?org=Atlantis&role=member&as_of=2012-06-04"
        )[0]
        == 400
    )
    assert get(f"{base}/query/members_of_organisation?role=member")[0] == 400
    # role and as_of have defaults (member, today): the organisation is enough.
    assert get(f"{base}/query/members_of_organisation?org=SELEC")[0] == 200
    assert get(f"{base}/query/nope")[0] == 404


def test_entity_page_and_dereferencing(base: str) -> None:
    status, _, body = get(f"{base}/id/org/selec", {"Accept": "text/html"})
    assert status == 200
    assert b"Southeast European Law Enforcement Center" in body
    assert b"Bucharest, Romania" in body  # the passage that states the HQ
    assert b"kg:headquarteredIn" in body
    assert b'href="/id/source/000_efb7d85203431afd"' in body
    status, _, source = get(
        f"{base}/id/source/000_efb7d85203431afd", {"Accept": "text/html"}
    )
    assert status == 200
    assert b"2012-06-04" in source
    status, media, body = get(f"{base}/id/state/HRV", {"Accept": "text/turtle"})
    assert (status, media.split(";")[0]) == (200, "text/turtle")
    assert b"Croatia" in body
    assert get(f"{base}/id/org/nowhere", {"Accept": "text/html"})[0] == 404
    status, media, body = get(f"{base}/id/org/selec?format=turtle")
    assert (status, media.split(";")[0]) == (200, "text/turtle")


def _config(page: bytes) -> dict[str, Any]:
    config: dict[str, Any] = json_block(page, "orgkg-config")
    return config


def test_entity_page_embeds_its_ego_network(base: str) -> None:
    _, _, body = get(f"{base}/id/org/nato?as_of=2012-06-04", {"Accept": "text/html"})
    assert (
        b'<iframe src="/viz?entity=https%3A%2F%2Fw3id.org%2Forgkg%2Fid%2Forg%2Fnato'
        in body
    )
    nato = "https://w3id.org/orgkg/id/org/nato"
    src = re.search(rb'<iframe src="([^"]+)"', body)
    assert src is not None
    status, _, page = get(
        base + html.unescape(src.group(1).decode()), {"Accept": "text/html"}
    )
    assert status == 200
    config = _config(page)
    # Two hops: the members and their other organisations, as the caption says.
    assert (config["view"], config["focus"], config["hops"], config["embed"]) == (
        "ego",
        nato,
        2,
        True,
    )
    assert config["data_url"] == "/api/explorer"
    assert config["as_of"] == (date(2012, 6, 4) - date(1970, 1, 1)).days
    # Its data: NATO's 28 member states on the day, every node with its page.
    _, _, raw = get(f"{base}/api/explorer")
    data = json.loads(raw)
    ids, links = data["nodes"]["id"], data["links"]
    day = config["as_of"]
    member = [r["role"] == "RoleMember" for r in data["roles"]]
    on_day = {
        ids[s]
        for s, t, r, a, b in zip(
            links["source"],
            links["target"],
            links["role"],
            links["start"],
            links["end"],
            strict=True,
        )
        if ids[t] == nato
        and member[r]
        and (a is None or a <= day)
        and (b is None or day < b)
        and data["kinds"][data["nodes"]["kind"][s]]["kind"] == "State"
    }
    assert len(on_day) == 28
    assert all(h.startswith("/id/") for h in data["nodes"]["href"])


def test_explorer_data_is_compressed_and_cached(base: str) -> None:
    req = urllib.request.Request(
        f"{base}/api/explorer", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        packed, tag = r.read(), r.headers["ETag"]
        assert r.headers["Content-Encoding"] == "gzip"
    _, _, plain = get(f"{base}/api/explorer")
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain) / 3
    req = urllib.request.Request(f"{base}/api/explorer", headers={"If-None-Match": tag})
    with pytest.raises(urllib.error.HTTPError) as got:
        urllib.request.urlopen(req, timeout=30)
    got.value.close()
    assert got.value.code == 304


def test_network_page(base: str) -> None:
    status, _, body = get(f"{base}/viz?as_of=2012-06-04", {"Accept": "text/html"})
    assert status == 200
    assert _config(body)["view"] == "network"
    assert b'<script src="/static/viz/sigma.min.js"></script>' in body
    status, media, script = get(f"{base}/static/viz/sigma.min.js")
    assert (status, media.split(";")[0]) == (200, "text/javascript")
    assert script.startswith(b"(function(")
    assert get(f"{base}/viz?as_of=yesterday")[0] == 400
    assert get(f"{base}/viz?view=hairball")[0] == 400
    assert get(f"{base}/viz?view=ego")[0] == 400
    assert get(f"{base}/viz?entity=urn:nowhere")[0] == 404
    assert get(f"{base}/viz?hops=9&entity=urn:x")[0] == 400
    assert get(f"{base}/static/viz/..%2Fexplorer.py")[0] == 404


def test_organisation_page_lists_its_sources_by_title(base: str) -> None:
    _, _, body = get(f"{base}/id/org/selec?as_of=2012-06-04", {"Accept": "text/html"})
    page = body.decode()
    sources = page[page.index('<section id="sources">') :]
    sources = sources[: sources.index("</section>")]
    assert "PoA profile: Southeast European Law Enforcement Center" in sources
    assert "accurate as of 2012-06-04" in sources
    # Tables name a source by a badge whose tooltip is its title and date.
    members = page[page.index('<section id="members">') :]
    members = members[: members.index("</section>")]
    assert (
        'title="PoA profile: Southeast European Law Enforcement Center,'
        ' accurate as of 2012-06-04">PoA profile 2012</a>'
    ) in members


def _members(base: str, org: str, day: str) -> set[str]:
    query = urllib.parse.urlencode({"org": org, "as_of": day, "format": "json"})
    status, _, body = get(f"{base}/query/members_of_organisation?{query}")
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    return {
        r["member"]["value"]
        for r in rows
        if r["status"]["value"].endswith(("Active", "Suspended"))
    }


def test_compare_two_organisations_on_a_date(base: str) -> None:
    """Issue #23: members in both, only in A, only in B, each with anchors."""
    day = "2012-06-04"
    query = urllib.parse.urlencode({"a": "SELEC", "b": "NATO", "as_of": day})
    status, media, body = get(f"{base}/compare?{query}", {"Accept": "text/html"})
    assert status == 200
    assert media.startswith("text/html")
    page = body.decode()
    for anchor in ("both", "only-a", "only-b"):
        assert f'id="{anchor}"' in page
    selec, nato = _members(base, "SELEC", day), _members(base, "NATO", day)
    both = re.search(
        r'<section id="both">\s*<h2>In both <span class="muted">\((\d+)\)', page
    )
    assert both is not None
    assert int(both.group(1)) == len(selec & nato) > 0
    only_a = re.search(
        r'<section id="only-a">\s*<h2>[^<]*<span class="muted">\((\d+)\)', page
    )
    assert only_a is not None
    assert int(only_a.group(1)) == len(selec - nato)


def test_compare_refuses_an_organisation_and_a_state(base: str) -> None:
    query = urllib.parse.urlencode({"a": "SELEC", "b": "Greece"})
    assert get(f"{base}/compare?{query}")[0] == 400
    assert get(f"{base}/compare?a=SELEC&b=Atlantis")[0] == 404
    status, _, body = get(f"{base}/compare?a=SELEC", {"Accept": "text/html"})
    assert status == 200
    assert b'name="b"' in body  # the form, to name the second


def test_entity_pages_link_to_a_comparison(base: str) -> None:
    status, _, body = get(f"{base}/id/org/selec", {"Accept": "text/html"})
    assert status == 200
    assert b'href="/compare?a=https%3A//w3id.org/orgkg/id/org/selec' in body


def _matrix(base: str, query: str) -> tuple[list[str], dict[tuple[str, str], int]]:
    """The overlap page's organisations in order and its numbered cells."""
    status, _, body = get(f"{base}/overlap?{query}", {"Accept": "text/html"})
    assert status == 200
    page = body.decode()
    heads = re.findall(r'<th scope="row" class="rowhead"><a href="([^"?]+)', page)
    cells: dict[tuple[str, str], int] = {}
    for a, b, n in re.findall(
        r'/compare\?a=([^&]+)&amp;b=([^&]+)&amp;as_of=[^"]+" title="[^"]*">(\d+)<', page
    ):
        cells[urllib.parse.unquote(a), urllib.parse.unquote(b)] = int(n)
    return heads, cells


def test_overlap_matrix_cells_are_the_shared_members(base: str) -> None:
    day = "2012-06-04"
    heads, cells = _matrix(base, f"as_of={day}")
    selec = "https://w3id.org/orgkg/id/org/selec"
    nato = "https://w3id.org/orgkg/id/org/nato"
    osce = "https://w3id.org/orgkg/id/org/osce"
    both = _members(base, selec, day) & _members(base, nato, day)
    assert cells[selec, nato] == len(both) == cells[nato, selec]
    assert cells[selec, osce] == len(
        _members(base, selec, day) & _members(base, osce, day)
    )
    # Ordered by name by default; by member count on request.
    assert "/id/org/selec" in heads
    by_members, _ = _matrix(base, f"as_of={day}&order=members")
    assert by_members != heads
    assert sorted(by_members) == sorted(heads)
    # The date matters: the overlap follows each source's dates.
    _, later = _matrix(base, "as_of=2020-01-01")
    assert later[selec, nato] == len(
        _members(base, selec, "2020-01-01") & _members(base, nato, "2020-01-01")
    )


def test_overlap_matrix_rejects_bad_parameters(base: str) -> None:
    assert get(f"{base}/overlap?order=size")[0] == 400
    assert get(f"{base}/overlap?as_of=someday")[0] == 400


def test_answers_say_how_long_the_server_took(base: str) -> None:
    req = urllib.request.Request(
        f"{base}/id/org/selec", headers={"Accept": "text/html"}
    )
    with urllib.request.urlopen(req, timeout=30) as answer:
        timing = answer.headers["Server-Timing"]
    assert timing.startswith("app;dur=")
    assert float(timing.split("=")[1]) > 0


# -- agreements (issue #21) ---------------------------------------------------------


def test_agreement_page_counts_parties_on_a_date(base: str) -> None:
    _, _, body = get(
        f"{base}/id/instrument/kinshasa-convention?as_of=2020-01-01",
        {"Accept": "text/html"},
    )
    page = body.decode()
    assert '<strong class="count" id="bound-count">6</strong> bound' in page
    assert "2 consented, not yet bound · 3 signed only" in page
    rows = re.findall(r'<tr class="party (\w+)"><td><a href="/id/state/(\w+)"', page)
    step = {iso: css for css, iso in rows}
    assert step["AGO"] == "bound"
    assert step["BDI"] == "signed"
    assert step["STP"] == "consented"
    # Before the sixth deposit nobody was bound.
    _, _, early = get(
        f"{base}/id/instrument/kinshasa-convention?as_of=2017-01-01",
        {"Accept": "text/html"},
    )
    assert '<strong class="count" id="bound-count">0</strong>' in early.decode()
    # The parties are on the map, coloured by their step.
    figure = page[page.index('<figure class="worldmap"') :]
    assert '<a href="/id/state/AGO" class="bound">' in figure
    # Coverage within ECCAS.
    assert (
        "Economic Community of Central African States</a>: 6 of 10 members bound"
        in page
    )


def test_agreements_resolve_by_their_names(base: str) -> None:
    for name in ("ATT", "Arms Trade Treaty", "Kinshasa Convention", "Nairobi Protocol"):
        query = urllib.parse.urlencode({"agreement": name, "format": "json"})
        status, _, body = get(f"{base}/query/parties_of_agreement?{query}")
        assert status == 200, name
        assert "results" in json.loads(body)


def test_organisation_page_has_the_coverage_matrix(base: str) -> None:
    _, _, body = get(f"{base}/id/org/eccas?as_of=2020-01-01", {"Accept": "text/html"})
    page = body.decode()
    matrix = page[page.index('id="coverage-matrix"') :]
    assert 'title="Angola: bound (Kinshasa Convention)"' in matrix
    assert 'title="Burundi: signed only (Kinshasa Convention)"' in matrix


def test_state_page_lists_its_agreements(base: str) -> None:
    _, _, body = get(f"{base}/id/state/AGO?as_of=2020-01-01", {"Accept": "text/html"})
    page = body.decode()
    section = page[page.index('<section id="agreements">') :]
    section = section[: section.index("</section>")]
    assert "Central African Convention" in section
    assert "bound" in section
    assert "signed only" in section  # the ATT


def test_home_search_finds_agreements(base: str) -> None:
    for text, label in (
        ("ATT", "Arms Trade Treaty"),
        ("Kinshasa Convention", "Central African Convention"),
        ("Firearms Protocol", "Protocol against the Illicit Manufacturing"),
    ):
        query = urllib.parse.urlencode({"q": text})
        _, _, body = get(f"{base}/api/search?{query}")
        hits = json.loads(body)
        assert hits, text
        assert hits[0]["label"].startswith(label), (text, hits[0])
        assert hits[0]["kind"] == "Agreement"
        assert hits[0]["href"].startswith("/id/instrument/")
    _, _, home = get(f"{base}/", {"Accept": "text/html"})
    assert 'href="/id/instrument/att">Arms Trade Treaty</a>' in home.decode()


def test_organisation_page_shows_ratification_claims_checked(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A build with a ratification claim: the page lists it with its verdict."""
    from graph_builder.build.pipeline import build
    from graph_builder.serve.app import make_server
    from tests.conftest import DATA
    from tests.test_server.conftest import free_port

    out = tmp_path_factory.mktemp("ratifications")
    build((DATA / "status",), out, progress=lambda _: None)
    srv = make_server(out, "127.0.0.1", free_port(), workers=2, timeout=5.0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = srv.server_address[:2]
        _, _, body = get(f"http://{host}:{port}/id/org/eccas", {"Accept": "text/html"})
    finally:
        srv.shutdown()
        srv.server_close()
    page = body.decode()
    claims = page[page.index('id="ratification-claims"') :]
    claims = claims[: claims.index("</details>")]
    assert "agrees" in claims
    assert "disagrees" in claims
    assert "cannot check" in claims
