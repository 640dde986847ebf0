"""The web UI in headless Chromium, driven as an analyst would.

Every test records the requests its page makes and asserts that none leaves
the server (no CDN, no prefix.cc, no fonts). Waits use selectors, never
``wait_for_function``: the pages' CSP forbids eval, which it needs.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from rdflib import Graph

from tests.browser import chromium, require_chromium

require_chromium()

SELEC = "https://w3id.org/orgkg/id/org/selec"
OSCE = "https://w3id.org/orgkg/id/org/osce"
CROATIA = "https://w3id.org/orgkg/id/state/HRV"
MEMBERS_PER_ORG = """PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?o (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?x org:organization ?o ; org:member ?m } GROUP BY ?o ORDER BY ?o"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, accept_downloads=True
    )
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    pg.on(
        "request", lambda r: None if r.url.startswith(base) else outside.append(r.url)
    )
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert outside == []
    assert errors == []


def _editor(page: Any, text: str) -> None:
    """Replace the query in YASQE by typing, as a user does."""
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


# -- home and search ---------------------------------------------------------------


def test_search_selec_from_the_home_page(page: Any, base: str) -> None:
    page.goto(base + "/")
    box = page.locator("form.bigfind input[name=q]")
    box.type("SELEC", delay=20)
    page.wait_for_selector(
        "#home-suggestions option[value='Southeast European Law Enforcement Center']",
        state="attached",
    )
    box.press("Enter")
    page.wait_for_url(base + "/id/org/selec")
    assert (
        page.locator("h1").inner_text() == "Southeast European Law Enforcement Center"
    )


def test_typo_gets_suggestions(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.locator("form.bigfind input[name=q]").type("Croatai", delay=20)
    page.wait_for_selector("#home-suggestions option[value=Croatia]", state="attached")


def test_home_lists_organisations_with_member_counts_and_sorts(
    page: Any, base: str
) -> None:
    page.goto(base + "/")
    table = page.locator("table#organisations")
    assert table.locator("tbody tr").count() >= 8
    head = table.locator("th", has_text="Members today")
    head.click()
    counts = [
        int(t or 0) for t in table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    ]
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]
    head.click()
    assert head.get_attribute("aria-sort") == "descending"
    counts = [
        int(t or 0) for t in table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    ]
    assert counts == sorted(counts, reverse=True)
    assert page.locator("table#sources tbody tr").count() >= 2


# -- the SPARQL page -----------------------------------------------------------------


def test_type_a_query_run_it_sort_and_share(page: Any, base: str) -> None:
    page.goto(base + "/sparql")
    page.wait_for_selector(".CodeMirror")
    _editor(page, MEMBERS_PER_ORG)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".yasr table tbody tr")
    rows = page.locator(".yasr table tbody tr")
    assert rows.count() >= 8
    # Prefixed names, in the query's order (organisation IRI).
    firsts = [t.split()[1] for t in rows.all_inner_texts()]
    assert all(f.startswith("id:org/") for f in firsts)
    assert firsts == sorted(firsts)
    assert "id:org/au" in firsts
    # Sort by the count (as numbers, not text), both ways.
    head = page.locator(".yasr table thead th", has_text="n")

    # Numbers are shown as values, with the datatype as a tooltip.
    cells = page.locator(".yasr table tbody td:nth-child(3) .value.num")
    expect(cells.first).to_have_attribute(
        "title", "http://www.w3.org/2001/XMLSchema#integer"
    )
    assert "^^" not in page.locator(".yasr table tbody").inner_text()

    def counts() -> list[int]:
        return [int(t.replace(",", "")) for t in cells.all_inner_texts()]

    before = counts()
    head.click()
    expect(cells.first).to_have_text(str(min(before)))
    up = counts()
    head.click()
    expect(cells.first).to_have_text(str(max(before)))
    down = counts()
    assert up == sorted(up)
    assert down == sorted(up, reverse=True)
    assert up != down
    # Filter the table.
    page.locator(".yasr .tableFilter").type("selec", delay=20)
    expect(rows).to_have_count(1)
    assert "id:org/selec" in rows.first.inner_text()
    # Share: the permalink is a GET URL that runs the query.
    link = page.locator("#permalink").get_attribute("href")
    assert link.startswith("/sparql?query=")
    assert urllib.parse.parse_qs(link.split("?", 1)[1])["query"] == [MEMBERS_PER_ORG]
    page.goto(base + link)
    page.wait_for_selector(".yasr table tbody tr")
    assert page.locator(".yasr table tbody tr").count() >= 8


def _run(page: Any, base: str, query: str) -> None:
    page.goto(base + "/sparql?" + urllib.parse.urlencode({"query": query}))
    page.wait_for_selector(".yasr .yasr_results")


def test_chart_view_draws_a_select_result(page: Any, base: str) -> None:
    _run(page, base, MEMBERS_PER_ORG)
    page.wait_for_selector(".yasr table tbody tr")
    rows = page.locator(".yasr table tbody tr").count()
    page.locator(".yasr .select_chart").click()
    chart = page.locator(".yasr svg[data-chart=bars]")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.bar")
    assert bars.count() == min(rows, 60)
    # Bar lengths follow the numbers: the longest bar is the largest count.
    widths = [float(b.get_attribute("width")) for b in bars.all()]
    values = [
        int(t.replace(",", "")) for t in chart.locator("text.value").all_text_contents()
    ]
    assert widths.index(max(widths)) == values.index(max(values))
    # Counts over dates draw a line.
    _run(
        page,
        base,
        "PREFIX kg: <https://w3id.org/orgkg/def#>\n"
        "SELECT ?from (COUNT(*) AS ?n) WHERE { ?m kg:validFrom ?from }"
        " GROUP BY ?from ORDER BY ?from",
    )
    page.locator(".yasr .select_chart").click()
    line = page.locator(".yasr svg[data-chart=line]")
    expect(line).to_be_visible()
    assert line.locator("circle.dot").count() >= 2


def test_network_view_draws_a_construct_result(page: Any, base: str) -> None:
    _run(
        page,
        base,
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?m org:memberOf ?o . ?m rdfs:label ?l } WHERE {"
        " ?x org:organization ?o ; org:member ?m . ?m rdfs:label ?l"
        f" FILTER (?o = <{SELEC}>) }}",
    )
    page.locator(".yasr .select_network").click()
    page.wait_for_selector(".orgkg-network[data-rendered=true]")
    note = page.locator(".yasr p.muted").inner_text()
    members = int(note.split(" resources")[0]) - 1
    links = int(note.split(", ")[1].split(" links")[0])
    assert members == links
    assert members >= 11
    # Labels from the result name the nodes; a double-click opens a page.
    labels = page.evaluate(
        "window.orgkgResultNetwork.body.data.nodes.get().map(n => n.label)"
    )
    assert "Croatia" in labels


def test_downloads_in_the_query_form_formats(page: Any, base: str) -> None:
    page.goto(base + "/sparql")
    page.wait_for_selector(".CodeMirror")
    _editor(page, MEMBERS_PER_ORG)
    assert page.locator("#downloads a[data-format=turtle]").is_hidden()
    with page.expect_download() as got:
        page.locator("#downloads a[data-format=csv]").click()
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text())))
    assert rows[0] == ["o", "n"]
    counts = {r[0]: int(r[1]) for r in rows[1:]}
    assert len(counts) >= 8
    assert counts[SELEC] > 11
    with page.expect_download() as got:
        page.locator("#downloads a[data-format=tsv]").click()
    assert Path(got.value.path()).read_text().startswith("?o\t?n\n")
    _editor(
        page,
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"CONSTRUCT {{ <{SELEC}> rdfs:label ?l }} WHERE {{ <{SELEC}> rdfs:label ?l }}",
    )
    assert page.locator("#downloads a[data-format=csv]").is_hidden()
    with page.expect_download() as got:
        page.locator("#downloads a[data-format=turtle]").click()
    assert got.value.suggested_filename == "query.ttl"
    g = Graph().parse(data=Path(got.value.path()).read_text(), format="turtle")
    assert len(g) >= 1


def test_completion_from_the_ontology(page: Any, base: str) -> None:
    page.goto(base + "/sparql")
    page.wait_for_selector(".CodeMirror")
    _editor(page, "")
    page.keyboard.type("PREFIX kg")
    page.wait_for_selector(
        ".CodeMirror-hints li >> text=kg: <https://w3id.org/orgkg/def#>"
    )
    page.keyboard.press("Escape")
    _editor(
        page, "PREFIX kg: <https://w3id.org/orgkg/def#>\nSELECT * WHERE { ?s a kg:Regio"
    )
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li >> text=kg:RegionalOrganisation")


def test_library_examples_run_and_results_link_to_local_pages(
    page: Any, base: str
) -> None:
    page.goto(base + "/sparql")
    page.wait_for_selector(".CodeMirror")
    page.locator("#examples").select_option(
        label="members_of_organisation: Who held a role in an organisation on a date, per source"
    )
    page.wait_for_selector(".yasr table tbody tr")
    assert "members_of_organisation" not in page.locator(".CodeMirror").inner_text()
    page.locator(".yasr table tbody a", has_text="id:state/").first.click()
    page.wait_for_url(base + "/id/state/*")


# -- entity pages ----------------------------------------------------------------------


def test_organisation_page_reads_as_an_analyst_reads_it(page: Any, base: str) -> None:
    page.goto(base + "/id/org/selec?as_of=2012-06-04")
    # At most three screens at 1400x900, and never sideways.
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert height <= 3 * 900, height
    assert width <= 1400, width
    # The first screen answers where, how many, and by which source.
    facts = page.locator("dl.keyfacts")
    assert facts.bounding_box()["y"] + facts.bounding_box()["height"] < 900
    text = facts.inner_text()
    assert "Bucharest" in text
    assert page.locator("#member-count").inner_text() == "13"
    assert "lists 13" in text
    assert "lists 11" in text
    assert "Sources disagree on 2: Croatia, Slovenia" in text
    # One row per member; the two the sources disagree on say so in the row.
    rows = page.locator("#members-table tbody tr")
    assert rows.count() == 13
    disputed = page.locator("#members-table tbody tr.disputed")
    assert sorted(disputed.locator("td:first-child").all_inner_texts()) == [
        "Croatia",
        "Slovenia",
    ]
    assert "listed by 1 of 2 sources" in disputed.first.inner_text()
    assert "listed by" not in rows.first.inner_text()
    # Labels, not IRIs or prefixed names, wherever the page is open.
    shown = page.locator("main").inner_text()
    assert not re.search(r"\b(kg|id|org|xsd):[A-Za-z]", shown), re.findall(
        r"\b(?:kg|id|org|xsd):[A-Za-z/]+", shown
    )
    assert "memberLabel" not in shown
    assert "validFrom" not in shown
    # Passages are shown on demand, not inline.
    passage = page.locator("details.passage").first
    assert passage.locator("blockquote").first.is_hidden()
    passage.locator("summary").click()
    assert passage.locator("blockquote").first.is_visible()
    # The network is there on demand.
    page.locator("section#network summary").click()
    frame = page.frame_locator("iframe.ego")
    frame.locator("body[data-rendered=true]").wait_for()
    # The as-of picker redraws the members table for another date.
    before = rows.count()
    page.locator("form.asof input[name=as_of]").fill("2010-01-01")
    page.locator("form.asof button").click()
    page.wait_for_url("**as_of=2010-01-01**")
    assert page.locator("section#members tbody tr").count() != before


@pytest.mark.parametrize(
    "anchor", ["members", "observers", "agreements", "overlap", "about", "sources"]
)
def test_organisation_page_anchors_land_on_their_section(
    page: Any, base: str, anchor: str
) -> None:
    page.goto(f"{base}/id/org/selec?as_of=2012-06-04#{anchor}")
    section = page.locator(f"section#{anchor}")
    box = section.bounding_box()
    assert box is not None
    # Scrolled to: the section starts at the top of the window, or the page
    # ends before it could (the last sections).
    scrolled = page.evaluate("window.scrollY")
    bottom = page.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert abs(box["y"]) < 20 or scrolled >= bottom - 1, (box, scrolled, bottom)
    # The jump bar links to it.
    assert page.locator(f"nav.jump a[href='#{anchor}']").count() == 1


def test_old_statements_are_marked_as_stated_not_current(page: Any, base: str) -> None:
    page.goto(base + "/id/org/selec")
    croatia = page.locator("#members-table tbody tr").filter(
        has=page.locator("td:first-child", has_text=re.compile("^Croatia$"))
    )
    assert "as stated on 2012-06-04" in croatia.inner_text()
    counts = page.locator("dl.keyfacts").inner_text()
    assert "lists 13 as stated on 2012-06-04" in counts


def test_mandate_is_grouped_across_sources(page: Any, base: str) -> None:
    page.goto(base + "/id/org/selec?as_of=2012-06-04")
    mandate = page.locator("section#about details", has_text="Mandate")
    mandate.locator("summary").click()
    points = mandate.locator("li").all_inner_texts()
    # Near-duplicates are one point with both sources' badges.
    info = [p for p in points if "computerized information system" in p]
    assert len(info) == 1, points
    assert "PoA profile 2012" in info[0]
    assert "website" in info[0]
    assert len(points) == len(set(points))


def test_state_page_has_a_timeline(page: Any, base: str) -> None:
    page.goto(base + "/id/state/HRV?as_of=2012-06-04")
    assert page.locator("h1").inner_text() == "Croatia"
    # A row is disputed only against its own organisation's sources: the
    # SELEC website omits Croatia; the reference data alone lists NATO.
    selec = page.locator("#organisations-table tbody tr", has_text="Southeast European")
    assert "listed by 1 of 2 sources" in selec.inner_text()
    nato = page.locator("#organisations-table tbody tr", has_text="North Atlantic")
    assert "listed by" not in nato.inner_text()
    assert page.evaluate("document.documentElement.scrollHeight") <= 3 * 900
    assert page.locator(".timeline .lane").count() >= 3
    assert page.locator(".timeline .bar").count() >= 3


# -- the network explorer ------------------------------------------------------------


def _double_click(page: Any, node: str) -> None:
    page.wait_for_timeout(400)  # the camera's fit
    x, y = page.evaluate(f"window.orgkgExplorer.viewportOf('{node}')").values()
    box = page.locator("#graph").bounding_box()
    page.mouse.dblclick(box["x"] + x, box["y"] + y)


def test_explorer_starts_from_an_entity_and_moves_in_time(page: Any, base: str) -> None:
    query = urllib.parse.urlencode({"entity": SELEC, "as_of": "2012-06-04"})
    page.goto(f"{base}/viz?{query}")
    page.wait_for_selector("body[data-rendered=true]")
    assert page.locator("body").get_attribute("data-view") == "ego"
    shown = "window.orgkgExplorer.shown()"
    assert SELEC in page.evaluate(shown)
    assert OSCE not in page.evaluate(shown)
    # A double-click on Croatia makes it the centre: OSCE comes in.
    _double_click(page, CROATIA)
    page.wait_for_selector(f"body[data-selected='{CROATIA}']")
    assert OSCE in page.evaluate(shown)
    # The details pane links to the entity page.
    link = page.locator("#details a.page")
    assert link.get_attribute("href") == "/id/state/HRV"
    # The date slider redraws the memberships of the day.
    edges_then = int(page.locator("body").get_attribute("data-edges"))
    page.locator("#date-input").fill(date.today().isoformat())
    page.locator("#date-input").dispatch_event("change")
    page.wait_for_selector(f"body[data-day='{date.today().isoformat()}']")
    assert int(page.locator("body").get_attribute("data-edges")) != edges_then
    link.click()
    page.wait_for_url(base + "/id/state/HRV")


def test_explorer_search_and_filters(page: Any, base: str) -> None:
    page.goto(base + "/viz?as_of=2012-06-04")
    page.wait_for_selector("body[data-rendered=true]")
    page.locator("#search").fill("SELEC")
    page.locator("#search").press("Enter")
    page.wait_for_selector(f"body[data-selected='{SELEC}']")
    # Sources are named by their titles, not their file names.
    details = page.locator("#details").inner_text()
    assert "PoA profile: Southeast European Law Enforcement Center" in details
    edges = int(page.locator("body").get_attribute("data-edges"))
    page.locator("#roles input[data-role-name=RoleMember]").uncheck()
    page.wait_for_timeout(50)
    fewer = int(page.locator("body").get_attribute("data-edges"))
    assert 0 < fewer < edges
    page.locator("#kinds input[data-kind-name=State]").uncheck()
    page.wait_for_timeout(50)
    kinds = page.evaluate(
        "window.orgkgExplorer.shown().map(window.orgkgExplorer.kindOf)"
    )
    assert kinds
    assert "State" not in kinds


# -- the query library ------------------------------------------------------------------


def test_run_every_named_query_from_its_form(page: Any, base: str, server: Any) -> None:
    values = {
        "org": "SELEC",
        "org_a": "SELEC",
        "org_b": "NATO",
        "state": "Greece",
        "agreement": "ATT",
        "as_of": "2012-06-04",
    }
    for name, query in server.library.items():
        page.goto(f"{base}/query")
        form = page.locator(f"#q-{name}")
        for p in query.params:
            if p.type != "role":
                form.locator(f"input[name={p.name}]").fill(values[p.name])
        form.locator("button").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == name, name
        assert page.locator("p.muted").first.inner_text().endswith("rows"), name


def test_browse_from_query_to_entity(page: Any, base: str) -> None:
    page.goto(
        f"{base}/query/members_of_organisation?org=SELEC&role=member&as_of=2012-06-04"
    )
    page.locator("a", has_text="state/HRV").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Croatia"


def test_overlap_matrix_cell_opens_the_comparison(page: Any, base: str) -> None:
    page.goto(base + "/overlap?as_of=2012-06-04")
    cell = page.locator(
        "#overlap-matrix td a[title^='Southeast European'][title*='North Atlantic']"
    )
    shared = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/compare?**")
    assert page.locator("section#both tbody tr").count() == shared
    assert "North Atlantic Treaty Organization" in page.locator("p.lead").inner_text()


# -- every page, every anchor ---------------------------------------------------------

#: Each page family with the anchors an analyst links to.
PAGES: list[tuple[str, list[str]]] = [
    ("/", []),
    ("/search?q=european", []),
    ("/query", []),
    ("/query/members_of_organisation?org=SELEC&as_of=2012-06-04", []),
    ("/sparql", []),
    (
        "/id/org/selec?as_of=2012-06-04",
        ["members", "observers", "agreements", "overlap", "about", "sources", "map"],
    ),
    ("/id/org/osce", ["members", "overlap", "sources"]),
    ("/id/state/HRV?as_of=2012-06-04", ["organisations", "timeline", "agreements"]),
    ("/compare?a=SELEC&b=NATO&as_of=2012-06-04", ["both", "only-a", "only-b"]),
    ("/overlap?as_of=2012-06-04", ["overlap-matrix"]),
    (
        "/id/instrument/kinshasa-convention?as_of=2020-01-01",
        ["parties", "timeline", "coverage", "map"],
    ),
    ("/id/instrument/att", ["parties", "timeline"]),
]


@pytest.mark.parametrize(("path", "anchors"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_reads_whole_and_its_anchors_land(
    page: Any, base: str, path: str, anchors: list[str]
) -> None:
    answer = page.goto(base + path)
    assert answer.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().strip()
    # Nothing scrolls sideways at 1400 pixels (the matrix scrolls in its box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    for anchor in anchors:
        page.goto(f"{base}{path}#{anchor}")
        target = page.locator(f"#{anchor}")
        assert target.count() == 1, anchor
        box = target.bounding_box()
        assert box is not None, anchor
        scrolled = page.evaluate("window.scrollY")
        bottom = page.evaluate("document.documentElement.scrollHeight - innerHeight")
        assert abs(box["y"]) < 20 or scrolled >= bottom - 1, (anchor, box, scrolled)
