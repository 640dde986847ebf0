"""Agreement pages, and the agreement sections of organisation and state pages."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from starlette.requests import Request

from graph_builder.serve.agreement import (
    COVERAGE_ORDER,
    coverage_matrix,
    curve,
    parties,
    party_marks,
    steps,
)
from graph_builder.serve.pagedata import KG
from graph_builder.serve.profile import readable
from graph_builder.serve.state import ServerState
from graph_builder.serve.worldmap import figure

__all__ = ["INSTRUMENT_KINDS", "coverage", "instrument_sections", "state_agreements"]

#: An instrument's page kind by its class.
INSTRUMENT_KINDS = {
    KG + "Treaty": "Treaty",
    KG + "Convention": "Convention",
    KG + "Protocol": "Protocol",
    KG + "Declaration": "Political commitment",
    KG + "Agreement": "Agreement",
    KG + "MemorandumOfUnderstanding": "Memorandum of understanding",
    KG + "CooperationAgreement": "Cooperation agreement",
    KG + "Instrument": "Instrument",
}

#: The organisations an instrument belongs to.
_ORGS_OF = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?org ?orgLabel WHERE {
  ?s kg:instrumentOf ?org . OPTIONAL { ?org rdfs:label ?orgLabel }
} ORDER BY ?orgLabel
"""


def _day(as_of: date) -> Literal:
    return Literal(as_of.isoformat(), datatype=XSD.date)


async def instrument_sections(
    state: ServerState, request: Request, iri: str, as_of: date, context: dict[str, Any]
) -> None:
    """The agreement page: parties on the date, map, consents over time, coverage."""
    library = state.library
    agreement: dict[str, Node] = {"agreement": URIRef(iri)}
    on_day = {**agreement, "as_of": _day(as_of)}
    found, timeline, orgs = await asyncio.gather(
        state.json(request, library["parties_of_agreement"].text, on_day),
        state.json(request, library["ratification_timeline"].text, agreement),
        state.json(request, _ORGS_OF, {"s": URIRef(iri)}),
    )
    rows = parties(found["results"]["bindings"], state.documents)
    context["parties"] = rows
    context["steps"] = steps(rows)
    context["curve"] = curve(timeline["results"]["bindings"])
    marks = party_marks(rows)
    context["map"] = figure(
        marks,
        [
            ("bound", "bound"),
            ("consented", "consented, not yet in force"),
            ("signed", "signed only"),
            ("withdrawn", "signature withdrawn"),
        ],
    )
    coverages = []
    for org in orgs["results"]["bindings"]:
        data = await state.json(
            request,
            library["instrument_coverage"].text,
            {**on_day, "org": URIRef(org["org"]["value"])},
        )
        members = data["results"]["bindings"]
        if not members:
            continue
        counts = dict.fromkeys(COVERAGE_ORDER, 0)
        for m in members:
            counts[m["coverage"]["value"]] += 1
        coverages.append(
            {
                "org": org["org"]["value"],
                "label": org.get("orgLabel", org["org"])["value"],
                "counts": counts,
                "table": readable(
                    data, state.documents, ("org", "agreement", "as_of", "rank")
                ),
            }
        )
    context["coverages"] = coverages


async def coverage(
    state: ServerState, request: Request, org: str, as_of: date
) -> dict[str, Any]:
    """An organisation's members by the agreements anyone is party to, on a date."""
    listed = await state.report(request, "agreements_with_parties")
    instruments = listed["results"]["bindings"]

    async def one(b: dict[str, Any]) -> tuple[str, tuple[str, list[Any]]]:
        iri = b["agreement"]["value"]
        data = await state.json(
            request,
            state.library["instrument_coverage"].text,
            {"org": URIRef(org), "agreement": URIRef(iri), "as_of": _day(as_of)},
        )
        short = b.get("short", b["label"])["value"]
        return iri, (short, data["results"]["bindings"])

    answers = dict(await asyncio.gather(*(one(b) for b in instruments)))
    members, columns, cells = coverage_matrix(answers)
    return {"members": members, "instruments": columns, "cells": cells}


async def state_agreements(
    state: ServerState, request: Request, iri: str, as_of: date
) -> dict[str, Any]:
    """A state's agreements on a date (``agreements_of_state``), readable."""
    data = await state.json(
        request,
        state.library["agreements_of_state"].text,
        {"state": URIRef(iri), "as_of": _day(as_of)},
    )
    return {
        "title": f"Agreements on {as_of.isoformat()}",
        "table": readable(
            data,
            state.documents,
            ("state", "as_of", "inForce", "seenBy"),
            {"agreement": "agreementLabel"},
        ),
    }
