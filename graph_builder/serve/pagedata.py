"""The analyst's pages: the catalogue behind search, entity views, templates.

Everything on a page is rendered by Jinja2 with autoescape from the templates
in ``graph_builder/serve/templates``; data reaches scripts only as JSON in
``<script type="application/json">`` blocks, never as code.
"""

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import jinja2
import pyoxigraph as ox
from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_builder.iris import ID, PREFIXES, shorten
from graph_builder.paths import ONTOLOGY_DIR, ONTOLOGY_FILE
from graph_builder.query.library import NamedQuery
from graph_builder.query.sparql import select

__all__ = [
    "AGENT_KINDS",
    "RDF_TYPE",
    "Catalogue",
    "Entry",
    "environment",
    "fold",
    "href",
    "only",
    "ontology_terms",
    "sample_values",
    "timeline",
]

KG = "https://w3id.org/orgkg/def#"
AGENT_KINDS = {
    KG + "State": "State",
    KG + "RegionalOrganisation": "Regional organisation",
    KG + "InternationalOrganisation": "International organisation",
}
_DOCUMENT_KINDS = {
    "poa_profile": "PoA profile",
    "org_website": "Organisation website",
    "treaty_status": "Status document",
    "reference": "Reference data",
}
_SOURCES = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?doc ?label ?kind ?asOf ?org ?orgLabel ?publisher ?url WHERE {
  ?doc a kg:SourceDocument ; rdfs:label ?label .
  OPTIONAL { ?doc kg:documentKind ?kind }
  OPTIONAL { ?doc kg:accurateAsOf ?asOf }
  OPTIONAL { ?doc kg:aboutOrganisation ?org . ?org rdfs:label ?orgLabel }
  OPTIONAL { ?doc dct:publisher ?publisher }
  OPTIONAL { ?doc dct:source ?url }
} ORDER BY ?kind ?orgLabel ?label
"""
_MEMBER_ROLES = {KG + "RoleMember", KG + "RoleFoundingMember"}
#: Agreements by name, short name and other names, for search.
_INSTRUMENTS = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label ?name WHERE {
  ?entity a ?type ; rdfs:label ?label .
  ?type rdfs:subClassOf* kg:Instrument .
  OPTIONAL { ?entity skos:altLabel ?name }
} ORDER BY ?entity
"""


def href(iri: str) -> str:
    """The page of an orgkg IRI on this server (a named graph: its source).

    Examples:
        >>> href("https://w3id.org/orgkg/id/graph/sadc_poa_profile")
        '/id/source/sadc_poa_profile'
    """
    local = iri.removeprefix(str(ID))
    if local.startswith("graph/"):
        local = "source/" + local.removeprefix("graph/")
    return "/id/" + local


def fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching names.

    Examples:
        >>> fold("Côte d'Ivoire")
        'cote d ivoire'
    """
    plain = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        c if c.isalnum() else " " for c in plain if not unicodedata.combining(c)
    )
    return " ".join(kept.split())


@dataclass
class Entry:
    """An organisation or state as the home page lists and search finds it."""

    iri: str
    label: str
    kind: str
    names: set[str] = field(default_factory=set)
    members: int = 0

    @property
    def href(self) -> str:
        """Its page."""
        return href(self.iri)

    @property
    def acronym(self) -> str:
        """Its shortest upper-case name, if any (``SELEC``)."""
        # Names in other languages are acronyms too (OTAN, CEDEAO): prefer one
        # spelled by the initials of the English name, then the shortest.
        initials = "".join(w[0] for w in re.findall(r"[A-Z][\w-]*", self.label))
        short = sorted(
            (n for n in self.names if n.isupper() and len(n) <= 12),
            key=lambda n: (not _subsequence(n.replace("-", ""), initials), len(n), n),
        )
        return short[0] if short else ""


def _subsequence(short: str, letters: str) -> bool:
    """Whether ``short``'s letters appear in ``letters`` in order.

    Examples:
        >>> _subsequence("NATO", "NATO"), _subsequence("OTAN", "NATO")
        (True, False)
    """
    rest = iter(letters)
    return all(c in rest for c in short)


class Catalogue:
    """Organisations, states and sources of one build, with search.

    Args:
        store: The build's store.
        library: The query library (``names_of_agents`` lists the names,
            ``membership_network`` the memberships on a date).
        today: The date member counts are taken on.
    """

    def __init__(
        self, store: ox.Store, library: Mapping[str, NamedQuery], today: date
    ) -> None:
        """Read the catalogue from the store."""
        self.entries: dict[str, Entry] = {}
        _, rows = select(store, library["names_of_agents"].text)
        for row in rows:
            iri = str(row["entity"])
            entry = self.entries.setdefault(
                iri, Entry(iri, str(row["label"]), AGENT_KINDS[str(row["kind"])])
            )
            if "name" in row:
                entry.names.add(str(row["name"]))
        as_of = Literal(today.isoformat(), datatype=XSD.date)
        _, rows = select(store, library["membership_network"].text, {"as_of": as_of})
        members: dict[str, set[str]] = {}
        for row in rows:
            if str(row["role"]) in _MEMBER_ROLES:
                members.setdefault(str(row["org"]), set()).add(str(row["member"]))
        for org, found in members.items():
            if org in self.entries:
                self.entries[org].members = len(found)
        _, rows = select(store, _INSTRUMENTS)
        for row in rows:
            iri = str(row["entity"])
            entry = self.entries.setdefault(
                iri, Entry(iri, str(row["label"]), "Agreement")
            )
            if "name" in row:
                entry.names.add(str(row["name"]))
        self.folded = [
            (entry, name, fold(name))
            for entry in self.entries.values()
            for name in {entry.label, *entry.names}
        ]
        _, rows = select(store, _SOURCES)
        self.sources = [_source(row) for row in rows]

    def organisations(self) -> list[Entry]:
        """Every organisation, by name."""
        return sorted(
            (e for e in self.entries.values() if e.kind not in ("State", "Agreement")),
            key=lambda e: e.label.casefold(),
        )

    def agreements(self) -> list[Entry]:
        """Every agreement, by name."""
        return sorted(
            (e for e in self.entries.values() if e.kind == "Agreement"),
            key=lambda e: e.label.casefold(),
        )

    def search(self, text: str, limit: int = 10) -> list[tuple[Entry, str]]:
        """Organisations and states whose name, acronym or alias fits ``text``.

        Exact names rank first, then names that start with the text, then
        names with a word that does, then names that contain it, then names
        within a typo or two (``difflib`` similarity of at least 0.75).

        Returns:
            Up to ``limit`` (entry, the name that matched) pairs.

        Examples:
            >>> cat = Catalogue.__new__(Catalogue)
            >>> cat.folded = [
            ...     (e, n, fold(n))
            ...     for e in [Entry("x:1", "Croatia", "State", {"HRV"})]
            ...     for n in (e.label, *e.names)
            ... ]
            >>> [(e.label, n) for e, n in cat.search("croatai")]
            [('Croatia', 'Croatia')]
            >>> cat.search("HRW")  # an acronym: never a near miss
            []
        """
        query = fold(text)
        if not query:
            return []
        # An acronym is a code: "SEECP" one letter from "SELEC" is another body,
        # so a query written as one is matched exactly, by prefix or contained.
        code = text.strip().isupper() and " " not in text.strip()
        best: dict[str, tuple[float, Entry, str]] = {}
        for entry, name, folded in self.folded:
            score = _score(query, folded, fuzzy=not code)
            if score and score > best.get(entry.iri, (0.0,))[0]:
                best[entry.iri] = (score, entry, name)
        ranked = sorted(best.values(), key=lambda t: (-t[0], t[1].label))
        return [(entry, name) for _, entry, name in ranked[:limit]]


def _score(query: str, name: str, *, fuzzy: bool = True) -> float:
    if name == query:
        return 100.0
    if name.startswith(query):
        return 80.0
    words = name.split()
    if any(w.startswith(query) for w in words):
        return 70.0
    if query in name:
        return 60.0
    if len(query) < 3 or not fuzzy:
        return 0.0
    ratio = max(
        difflib.SequenceMatcher(None, query, candidate).ratio()
        for candidate in (name, *words)
    )
    return 40.0 + 20.0 * ratio if ratio >= 0.75 else 0.0


def _source(row: dict[str, Any]) -> dict[str, str]:
    kind = str(row.get("kind", ""))
    label = str(row["label"])
    title = (
        f"{_DOCUMENT_KINDS.get(kind, kind)}: {row['orgLabel']}"
        if "orgLabel" in row
        else f"{_DOCUMENT_KINDS[kind]}: {label}"
        if kind in _DOCUMENT_KINDS and kind != "reference"
        else label
    )
    return {
        "iri": str(row["doc"]),
        "org": str(row.get("org", "")),
        "href": href(str(row["doc"])),
        "title": title,
        "kind": _DOCUMENT_KINDS.get(kind, kind),
        "as_of": str(row.get("asOf", "")),
        # Reference rows are titled by what they cite; documents by their file.
        "file": label if "orgLabel" in row or kind not in ("", "reference") else "",
        "publisher": str(row.get("publisher", "")),
        "url": str(row.get("url", "")),
    }


def ontology_terms() -> dict[str, list[str]]:
    """The classes and properties of the ontology and the vocabularies it reuses.

    The SPARQL editor completes these instead of asking outside services.
    """
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS

    graph = Graph()
    for path in (ONTOLOGY_FILE, ONTOLOGY_DIR / "imports" / "reused-terms.ttl"):
        graph.parse(path, format="turtle")
    kinds = {
        "class": (OWL.Class, RDFS.Class),
        "property": (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property),
    }
    return {
        kind: sorted(
            {
                str(s)
                for t in types
                for s in graph.subjects(RDF.type, t)
                if isinstance(s, URIRef)
            }
        )
        for kind, types in kinds.items()
    }


def sample_values() -> dict[str, str]:
    """Parameter values that give every library query rows on the bundled corpus."""
    return {
        "org": "https://w3id.org/orgkg/id/org/selec",
        "org_a": "https://w3id.org/orgkg/id/org/selec",
        "org_b": "https://w3id.org/orgkg/id/org/nato",
        "state": "https://w3id.org/orgkg/id/state/GRC",
        "agreement": "https://w3id.org/orgkg/id/instrument/att",
        "role": "member",
        "as_of": "2012-06-04",
    }


# -- templates ---------------------------------------------------------------------


def _cell(binding: dict[str, str] | None) -> Markup:
    """A SPARQL JSON result cell: a link for orgkg IRIs, a prefixed name, or text."""
    if not binding:
        return Markup("")
    value = binding["value"]
    if binding["type"] == "uri":
        if value.startswith(str(ID)):
            return Markup('<a href="{}">{}</a>').format(href(value), shorten(value))
        return escape(shorten(value))
    return escape(value)


def _short(value: object) -> str:
    return shorten(str(value))


def environment() -> jinja2.Environment:
    """The Jinja2 environment of every server page: autoescape always on."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            str(resources.files("graph_builder.serve") / "templates")
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = _cell
    env.filters["short"] = _short
    env.filters["href"] = href
    env.globals["prefixes"] = PREFIXES
    return env


# -- entity pages ------------------------------------------------------------------

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def only(data: dict[str, Any], column: str, iri: str) -> dict[str, Any]:
    """A SPARQL JSON result keeping the rows whose ``column`` is ``iri``."""
    rows = [
        r for r in data["results"]["bindings"] if r.get(column, {}).get("value") == iri
    ]
    return {"head": data["head"], "results": {"bindings": rows}}


def timeline(rows: list[dict[str, Any]], today: date) -> dict[str, Any] | None:
    """Bars for a state's memberships over time (``memberships_of_state`` rows).

    A bar runs from the membership's beginning (or, when only seen, from the
    date its source saw it, drawn lighter) to its end or today. Memberships no
    source dates are listed as undated.
    """
    lanes: dict[tuple[str, str], dict[str, Any]] = {}
    undated: set[str] = set()
    for r in rows:
        org, label = r["org"]["value"], r["orgLabel"]["value"]
        role = r["role"]["value"].rsplit("#", 1)[-1].removeprefix("Role")
        status = r["status"]["value"].rsplit("#", 1)[-1].removeprefix("Status").lower()
        start = r.get("validFrom", r.get("evidenceDate", {})).get("value", "")
        if not start:
            undated.add(label)
            continue
        end = r.get("validUntil", {}).get("value", "")
        name = (
            label
            if role in ("Member", "FoundingMember")
            else f"{label} ({role.lower()})"
        )
        lane = lanes.setdefault(
            (org, role),
            {
                "label": name,
                "href": href(org),
                "start": start,
                "end": end,
                "status": status,
                "seen": "validFrom" not in r,
                "sources": set(),
            },
        )
        lane["start"] = min(lane["start"], start)
        lane["end"] = "" if not end or not lane["end"] else max(lane["end"], end)
        lane["seen"] = lane["seen"] and "validFrom" not in r
        lane["sources"].add(r["source"]["value"])
        if status != "active":
            lane["status"] = status
    if not lanes:
        return (
            {"bars": [], "ticks": [], "undated": sorted(undated)} if undated else None
        )
    first = min(int(lane["start"][:4]) for lane in lanes.values())
    last = today.year + 1
    span = max(1, last - first)

    def pos(day: str) -> float:
        year = int(day[:4])
        month = int(day[5:7]) if len(day) >= 7 else 1
        return round(100 * (year - first + (month - 1) / 12) / span, 2)

    bars = []
    for lane in sorted(lanes.values(), key=lambda x: (x["start"], x["label"])):
        left = pos(lane["start"])
        right = pos(lane["end"]) if lane["end"] else pos(today.isoformat())
        css = lane["status"] + (" seen" if lane["seen"] else "")
        until = lane["end"] or "today"
        bars.append(
            {
                "label": lane["label"],
                "href": lane["href"],
                "left": left,
                "width": max(0.5, right - left),
                "css": css,
                "title": (
                    f"{lane['label']}: {lane['start']} to {until}, {lane['status']}"
                    f"{' (seen, start unknown)' if lane['seen'] else ''};"
                    f" {', '.join(sorted(lane['sources']))}"
                ),
            }
        )
    step = max(1, span // 8)
    ticks = [(y, pos(f"{y}-01-01")) for y in range(first, last + 1, step)]
    return {"bars": bars, "ticks": ticks, "undated": sorted(undated)}
