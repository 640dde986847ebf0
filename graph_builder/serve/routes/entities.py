"""``/id/...``: entity pages for browsers and RDF for RDF clients."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from datetime import date
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    Response,
)

from graph_builder.errors import QueryError
from graph_builder.iris import ID, shorten
from graph_builder.query.library import bind_value, parse_day
from graph_builder.serve.compare import listing_sources, overlaps
from graph_builder.serve.negotiation import (
    GRAPH_SHORT,
    negotiate,
)
from graph_builder.serve.pagedata import (
    AGENT_KINDS,
    KG,
    RDF_TYPE,
    only,
    timeline,
)
from graph_builder.serve.profile import (
    RosterRow,
    about,
    cell_text,
    graph_sources,
    map_marks,
    readable,
    roster,
    values,
)
from graph_builder.serve.responses import (
    answer_response,
    error_response,
    render,
)
from graph_builder.serve.routes.agreements import (
    INSTRUMENT_KINDS,
    coverage,
    instrument_sections,
    state_agreements,
)
from graph_builder.serve.state import ServerState
from graph_builder.serve.workers import (
    GRAPH_FORMATS,
)
from graph_builder.serve.worldmap import figure, shapes

__all__ = ["entity"]


#: The network page is also written as one self-contained file (``orgkg viz``),
#: so its script is inline; it still loads and sends nothing elsewhere.
_ENTITY_FACTS = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o (SAMPLE(?ol) AS ?olabel) (GROUP_CONCAT(DISTINCT STR(?g); separator=" ")
       AS ?graphs) (SAMPLE(?text) AS ?passage) WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?o rdfs:label ?ol }
  OPTIONAL {
    { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
          kg:statedIn/kg:text ?text }
    UNION { ?s kg:statedIn/kg:text ?text }
  }
} GROUP BY ?s ?p ?o ORDER BY ?p ?o
"""


_ENTITY_IN = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?o ?s ?p ?type ?g ?passage WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (?p != rdf:object)
  OPTIONAL { ?s a ?type }
  OPTIONAL { ?s kg:statedIn/kg:text ?passage }
} ORDER BY ?p ?s LIMIT 500
"""


_ENTITY_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


_ENTITY_KNOWN = "SELECT ?s WHERE { { ?s ?p ?o } UNION { ?x ?y ?s } } LIMIT 1"


#: The sections of an organisation's page: (id, title, query, parameters
#: besides the organisation, columns not shown).
_ORG_SECTIONS: list[tuple[str, str, str, dict[str, str], tuple[str, ...]]] = [
    (
        "members",
        "Members",
        "members_of_organisation",
        {"role": "member"},
        ("org", "role", "as_of"),
    ),
    (
        "observers",
        "Observers",
        "observers_of_organisation",
        {},
        ("org", "evidenceDate"),
    ),
    (
        "advisers",
        "Permanent advisers",
        "advisers_of_organisation",
        {},
        ("org", "evidenceDate"),
    ),
    (
        "partners",
        "MoU and cooperation partners",
        "mou_partners_of_organisation",
        {},
        ("org", "mentionedAs", "evidenceDate"),
    ),
    ("agreements", "Agreements", "agreements_of_organisation", {}, ("org", "parties")),
    ("operations", "Operations", "operations_of_organisation", {}, ("org",)),
    ("predecessors", "Predecessors", "predecessors_of_organisation", {}, ("org",)),
]


#: Whole-graph reports an organisation's page shows its own rows of.
_ORG_REPORTS: list[tuple[str, str, str, str, tuple[str, ...], str]] = [
    (
        "claims",
        "Overlap claims and the claims check",
        "claims_check",
        "org",
        ("claim", "org", "orgLabel", "totalBasis", "referenceComplete", "basisDate"),
        "What the source states against what the curated reference data gives on"
        " the source's date.",
    ),
    (
        "ratifications",
        "Ratification figures sources state, checked",
        "ratification_claims_check",
        "org",
        ("claim", "org", "orgLabel", "complete"),
        "What a source states about how many members have ratified an agreement,"
        " against the participations in the graph on the source's date.",
    ),
    (
        "counts",
        "Member counts by source",
        "member_counts_by_source",
        "org",
        ("org", "orgLabel"),
        "",
    ),
    (
        "conflicts",
        "Where sources disagree",
        "source_conflicts",
        "org",
        ("org", "orgLabel"),
        "",
    ),
]


#: The key facts under an entity's name, in this order.
_HEADER = {
    KG + "iso": "ISO 3166-1",
    "http://www.w3.org/2004/02/skos/core#altLabel": "Also called",
    KG + "headquarteredIn": "Headquarters",
    KG + "foundingDate": "Founded",
    KG + "replaces": "Predecessor",
    KG + "replacedBy": "Successor",
    KG + "wikidata": "Wikidata",
}


async def entity(state: ServerState, request: Request) -> Response:
    """An entity: its page for browsers, its triples for RDF clients."""
    iri = str(ID) + request.path_params["path"]
    try:
        ox.NamedNode(iri)
    except ValueError:
        return error_response(request, 404, f"not a valid IRI: {iri!r}")
    subject: dict[str, Node] = {"s": URIRef(iri)}
    fmt = request.query_params.get("format", "")
    offered = ["text/html", *GRAPH_FORMATS]
    if fmt:
        media = {"html": "text/html", **GRAPH_SHORT}.get(fmt)
        if media not in offered:
            return error_response(
                request,
                406,
                f"format={fmt!r}: use one of html, turtle, ntriples, jsonld, rdfxml",
            )
    else:
        media = negotiate(request.headers.get("accept", ""), offered)
        if media is None:
            return error_response(
                request,
                406,
                "cannot answer in the accepted media types; use one of "
                + ", ".join(offered),
            )
    if media in GRAPH_FORMATS:
        known = await state.run(
            request, _ENTITY_KNOWN, subject, ["application/sparql-results+json"]
        )
        if known.status != 200:
            return answer_response(known)
        if not json.loads(known.body)["results"]["bindings"]:
            return error_response(request, 404, f"nothing is known about {iri}")
        answer = await state.run(request, _ENTITY_TRIPLES, subject, [media])
        return answer_response(answer, {"Vary": "Accept"})
    page = await _entity_page(state, request, iri)
    page.headers["Vary"] = "Accept"
    return page


async def _entity_page(state: ServerState, request: Request, iri: str) -> Response:
    text = request.query_params.get("as_of", "today")
    try:
        as_of = parse_day(text, f"as_of={text!r}")
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    subject: dict[str, Node] = {"s": URIRef(iri)}
    try:
        facts = (await state.json(request, _ENTITY_FACTS, subject))["results"][
            "bindings"
        ]
        refs = (await state.json(request, _ENTITY_IN, {"o": URIRef(iri)}))["results"][
            "bindings"
        ]
    except HTTPException as exc:
        return error_response(request, exc.status_code, str(exc.detail))
    if not facts and not refs:
        return error_response(request, 404, f"nothing is known about {iri}")
    types = [f["o"]["value"] for f in facts if f["p"]["value"] == RDF_TYPE]
    kind = next((AGENT_KINDS[t] for t in types if t in AGENT_KINDS), "")
    instrument = next((INSTRUMENT_KINDS[t] for t in types if t in INSTRUMENT_KINDS), "")
    label = next(
        (f["o"]["value"] for f in facts if f["p"]["value"].endswith("#label")),
        iri.removeprefix(str(ID)),
    )
    context: dict[str, Any] = {
        "title": label,
        "iri": iri,
        "kind": kind or ", ".join(shorten(t) for t in types),
        "as_of": as_of.isoformat(),
        "today": date.today().isoformat(),
        "statements": facts,
        "referenced": [] if kind else refs,
    }
    if instrument or kind:
        found = values(facts, graph_sources(state.documents))
        context.update(values=found, about=about(found))
    if instrument:
        context["kind"] = instrument
        try:
            await instrument_sections(state, request, iri, as_of, context)
        except HTTPException as exc:
            return error_response(request, exc.status_code, str(exc.detail))
        return render("agreement.html", documents=state.documents, **context)
    if not kind:
        return render("entity.html", documents=state.documents, **context)
    # Two hops: an organisation's members and their other organisations, a
    # state's organisations and their members (the section's caption).
    query = urllib.parse.urlencode(
        {"entity": iri, "as_of": as_of.isoformat(), "hops": 2, "embed": 1}
    )
    context["ego"] = f"/viz?{query}"
    context["header"] = [(name, found[p]) for p, name in _HEADER.items() if p in found]
    try:
        if kind == "State":
            await _state_sections(state, request, iri, as_of, context)
            return render("state.html", documents=state.documents, **context)
        await _org_sections(state, request, iri, as_of, context)
    except HTTPException as exc:
        return error_response(request, exc.status_code, str(exc.detail))
    return render("organisation.html", documents=state.documents, **context)


async def _org_sections(
    state: ServerState, request: Request, iri: str, as_of: date, context: dict[str, Any]
) -> None:
    org = URIRef(iri)
    day = Literal(as_of.isoformat(), datatype=XSD.date)

    async def section(
        spec: tuple[str, str, str, dict[str, str], tuple[str, ...]],
    ) -> tuple[str, dict[str, Any]]:
        ident, _, name, extra, _ = spec
        query = state.library[name]
        bound: dict[str, Node] = {"org": org}
        if any(p.name == "as_of" for p in query.params):
            bound["as_of"] = day
        params = {p.name: p for p in query.params}
        for key, value in extra.items():
            bound[key] = bind_value(params[key], value, state.resolver)
        return ident, await state.json(request, query.text, bound)

    answers = dict(await asyncio.gather(*(section(s) for s in _ORG_SECTIONS)))
    docs = state.documents
    context["roster"] = roster(answers["members"]["results"]["bindings"], as_of, docs)
    context["tables"] = {
        ident: {
            "title": title,
            "table": readable(answers[ident], docs, hide, {"instrument": "label"}),
        }
        for ident, title, _, _, hide in _ORG_SECTIONS
        if ident != "members"
    }
    mine: dict[str, dict[str, Any]] = {}
    for ident, title, name, column, hide, note in _ORG_REPORTS:
        mine[name] = only(await state.report(request, name), column, iri)
        context["tables"][ident] = {
            "title": title,
            "table": readable(mine[name], docs, hide),
            "note": note,
        }
    counts = mine["member_counts_by_source"]
    context["roster"].stated = {
        cell_text(r, "source"): int(cell_text(r, "statedCount"))
        for r in counts["results"]["bindings"]
        if r.get("statedCount") and r["role"]["value"].endswith("RoleMember")
    }
    spans = await asyncio.to_thread(state.spans)
    context["overlaps"] = overlaps(spans, iri, as_of)
    context["map"] = await asyncio.to_thread(_world_map, context["roster"].rows)
    context["coverage"] = await coverage(state, request, iri, as_of)


def _world_map(rows: list[RosterRow]) -> dict[str, object]:
    """The organisation's members on the world map, and those it cannot place."""
    drawn = {s.iso for s in shapes()}
    return figure(
        map_marks(rows),
        [
            ("member", "member"),
            ("disputed", "listed by some sources"),
            ("suspended", "suspended"),
        ],
        [r for r in rows if r.iri.rsplit("/", 1)[-1] not in drawn],
    )


async def _state_sections(
    state: ServerState, request: Request, iri: str, as_of: date, context: dict[str, Any]
) -> None:
    country = URIRef(iri)
    day = Literal(as_of.isoformat(), datatype=XSD.date)
    current, history = await asyncio.gather(
        state.json(
            request,
            state.library["organisations_of_state"].text,
            {"state": country, "as_of": day},
        ),
        state.json(
            request, state.library["memberships_of_state"].text, {"state": country}
        ),
    )
    agreements = await state_agreements(state, request, iri, as_of)
    docs = state.documents
    context["timeline"] = timeline(history["results"]["bindings"], date.today())
    spans = await asyncio.to_thread(state.spans)
    context["roster"] = roster(
        current["results"]["bindings"],
        as_of,
        docs,
        key="org",
        listing=listing_sources(spans, as_of),
    )
    context["tables"] = {
        "memberships": {
            "title": "Every membership, by source",
            "table": readable(history, docs, ("state",)),
        },
        "agreements": agreements,
    }
