"""Score what the readers read (profiles, status documents) against expected facts.

A folder holds documents (``NAME.txt``) and, for each, ``NAME.expected.json``:

.. code-block:: json

    {"as_of": "2012-05-17",
     "members": ["AGO", "BDI"], "suspended": ["MDG@2008-01-01", "MLI"],
     "former": ["MRT"], "pending": [], "observers": ["IND"],
     "participants": [], "associates": [], "uncertain": [],
     "overlap": ["eac 5/5", "ceeac 5/10"],
     "defines": ["icglr"], "warnings": 0}

Entities are keyed by the last segment of their IRI (ISO alpha-3 for a
state, the gazetteer key for an organisation). ``members`` are the current
members (active or suspended); ``suspended`` gives a suspension's start
(``kg:validFrom``) after ``@`` where the document states one. An *invented*
entity is an unresolved name, or an organisation the document defines that
``defines`` does not list.

A treaty status document's expected facts (``STATUS_CATEGORIES``) are its
parties' signatures, consents with their kind, days in force, provisional
application and withdrawn signatures, each ``"PARTY DAY"``::

    {
        "as_of": "2020-01-10",
        "signed": ["ALB 2013-06-03"],
        "consented": ["ALB 2014-03-19 Ratification"],
        "in_force": ["ALB 2014-12-24"],
        "provisional": [],
        "withdrawn": ["USA 2019-07-18"],
        "warnings": 0,
    }
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph_builder.build.documents import ParsedDocument
from graph_builder.build.pipeline import BuildResult, build_dataset
from graph_builder.iris import graph_iri
from graph_builder.query.sparql import select

__all__ = [
    "CATEGORIES",
    "STATUS_CATEGORIES",
    "Score",
    "read_facts",
    "read_status_facts",
    "score_build",
    "score_folder",
    "score_status_build",
]

#: Fact categories scored with recall and precision, in report order.
CATEGORIES = (
    "members",
    "suspended",
    "former",
    "pending",
    "observers",
    "participants",
    "associates",
    "uncertain",
    "overlap",
    "as_of",
)

_PREFIXES = """
PREFIX kg:  <https://w3id.org/orgkg/def#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
_MEMBERSHIPS = (
    _PREFIXES
    + """
SELECT ?g ?member ?role ?status ?from WHERE {
  GRAPH ?g {
    ?doc kg:aboutOrganisation ?o .
    ?m org:organization ?o ; org:member ?member ; org:role ?role ; kg:status ?status .
    OPTIONAL { ?m kg:validFrom ?from }
  }
}"""
)
_OVERLAPS = (
    _PREFIXES
    + """
SELECT ?g ?other ?shared ?total WHERE {
  GRAPH ?g {
    ?c kg:overlapWith ?other ; kg:sharedCount ?shared ; kg:comparedCount ?total
  }
}"""
)
_AS_OF = _PREFIXES + "SELECT ?g ?d WHERE { GRAPH ?g { ?doc kg:accurateAsOf ?d } }"
_UNRESOLVED = (
    _PREFIXES + "SELECT ?g ?u WHERE { GRAPH ?g { ?s ?p ?u } ?u a kg:UnresolvedEntity }"
)

_ROLES = {
    "RoleMember": "members",
    "RoleFoundingMember": "members",
    "RoleObserver": "observers",
    "RoleParticipant": "participants",
    "RoleAssociateMember": "associates",
}


def _key(iri: object) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def read_facts(result: BuildResult, doc_id: str) -> dict[str, set[str]]:
    """The facts of each category the build read from one document."""
    store = result.store
    g = {"g": graph_iri(doc_id)}
    facts: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    starts: dict[str, list[str]] = {}
    for row in select(store, _MEMBERSHIPS, g)[1]:
        member = _key(row["member"])
        role = _ROLES.get(_key(row["role"]).rsplit("#", 1)[-1])
        status = str(row["status"]).rsplit("#", 1)[-1]
        if role is None:
            continue
        if role != "members":
            facts[role].add(member)
        elif status in ("StatusActive", "StatusSuspended"):
            facts["members"].add(member)
            if status == "StatusSuspended":
                starts.setdefault(member, [])
                if "from" in row:
                    starts[member].append(str(row["from"]))
        else:
            category = status.removeprefix("Status").lower()
            if category in facts:
                facts[category].add(member)
    facts["suspended"] = {f"{m}@{min(d)}" if d else m for m, d in starts.items()}
    for row in select(store, _OVERLAPS, g)[1]:
        facts["overlap"].add(f"{_key(row['other'])} {row['shared']}/{row['total']}")
    facts["as_of"] = {str(row["d"]) for row in select(store, _AS_OF, g)[1]}
    return facts


def invented(
    result: BuildResult, doc: ParsedDocument, defines: Iterable[str]
) -> set[str]:
    """Entities the document made up: unresolved names, undeclared definitions."""
    graph = {"g": graph_iri(doc.doc_id)}
    found = {_key(row["u"]) for row in select(result.store, _UNRESOLVED, graph)[1]}
    allowed = set(defines)
    return found | {e.key for e in doc.defined if e.key not in allowed}


@dataclass
class Score:
    """Matches per category over a folder, and what went wrong where."""

    expected: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(CATEGORIES, 0)
    )
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    matched: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(CATEGORIES, 0)
    )
    invented: dict[str, set[str]] = field(default_factory=dict)
    warnings: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def recall(self, category: str) -> float:
        """Share of the expected facts that were read (1.0 when none expected)."""
        n = self.expected[category]
        return self.matched[category] / n if n else 1.0

    def precision(self, category: str) -> float:
        """Share of the facts read that were expected (1.0 when none read)."""
        n = self.found[category]
        return self.matched[category] / n if n else 1.0

    def add(
        self,
        doc: str,
        expected: Mapping[str, object],
        got: dict[str, set[str]],
        categories: Iterable[str] = CATEGORIES,
    ) -> None:
        """Count one document's facts."""
        for category in categories:
            value = expected.get(category, [])
            want = (
                {value}
                if isinstance(value, str)
                else {str(v) for v in value}
                if isinstance(value, list)
                else set()
            )
            have = got[category]
            self.expected[category] += len(want)
            self.found[category] += len(have)
            self.matched[category] += len(want & have)
            self.misses += [
                f"{doc}: {category} missed {x}" for x in sorted(want - have)
            ]
            self.misses += [f"{doc}: {category} extra {x}" for x in sorted(have - want)]


def score_folder(folder: Path) -> Score:
    """Build every ``*.txt`` in a folder and score it against its expected facts.

    Raises:
        FileNotFoundError: A document has no ``.expected.json``.
    """
    docs = sorted(folder.glob("*.txt"))
    result = build_dataset(docs, progress=lambda _: None)
    return score_build(
        result, [(p.name, p.stem, p.with_suffix(".expected.json")) for p in docs]
    )


def score_build(result: BuildResult, documents: list[tuple[str, str, Path]]) -> Score:
    """Score documents of a build against their expected facts.

    Args:
        result: The build.
        documents: (name to report, document id in the build, expected facts
            file) of each document to score; a document the build lacks
            scores nothing (every expected fact missed).

    Raises:
        FileNotFoundError: An expected facts file is missing.
    """
    score = Score()
    parsed = {d.doc_id: d for d in result.documents}
    for name, doc_id, expected_path in documents:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        doc = parsed.get(doc_id)
        if doc is None:
            score.add(name, expected, {c: set() for c in CATEGORIES})
            score.misses.append(f"{name}: not built")
            continue
        score.add(name, expected, read_facts(result, doc_id))
        made_up = invented(result, doc, expected.get("defines", []))
        if made_up:
            score.invented[name] = made_up
        score.warnings[name] = (int(expected.get("warnings", 0)), len(doc.warnings))
    return score


# -- treaty status documents ----------------------------------------------------

#: What a status document states, scored per category.
STATUS_CATEGORIES = (
    "signed",
    "consented",
    "in_force",
    "provisional",
    "withdrawn",
    "as_of",
)

_PARTICIPATIONS = (
    _PREFIXES
    + """
SELECT ?g ?party ?signed ?consented ?kind ?inForce ?provisional ?withdrawn WHERE {
  GRAPH ?g {
    ?p kg:agreement ?agreement ; kg:party ?party .
    OPTIONAL { ?p kg:signedOn ?signed }
    OPTIONAL { ?p kg:consentedOn ?consented }
    OPTIONAL { ?p kg:consentKind ?kind }
    OPTIONAL { ?p kg:inForceFrom ?inForce }
    OPTIONAL { ?p kg:provisionalApplicationFrom ?provisional }
    OPTIONAL { ?p kg:signatureWithdrawnOn ?withdrawn }
  }
}"""
)


def read_status_facts(result: BuildResult, doc_id: str) -> dict[str, set[str]]:
    """The facts of each status category the build read from one document.

    Each is ``"PARTY DAY"`` (a consent adds its kind: ``"ALB 2014-03-19
    Ratification"``), the party keyed like members.
    """
    facts: dict[str, set[str]] = {c: set() for c in STATUS_CATEGORIES}
    for row in select(result.store, _PARTICIPATIONS, {"g": graph_iri(doc_id)})[1]:
        party = _key(row["party"])
        for column, category in (
            ("signed", "signed"),
            ("inForce", "in_force"),
            ("provisional", "provisional"),
            ("withdrawn", "withdrawn"),
        ):
            if column in row:
                facts[category].add(f"{party} {row[column]}")
        if "consented" in row:
            kind = str(row.get("kind", "")).rsplit("#Consent", 1)[-1]
            facts["consented"].add(f"{party} {row['consented']} {kind}")
    as_of = select(result.store, _AS_OF, {"g": graph_iri(doc_id)})[1]
    facts["as_of"] = {str(row["d"]) for row in as_of}
    return facts


def score_status_build(
    result: BuildResult, documents: list[tuple[str, str, Path]]
) -> Score:
    """Score status documents of a build against their expected facts.

    Args:
        result: The build.
        documents: (name to report, document id, expected facts file).
    """
    score = Score(
        expected=dict.fromkeys(STATUS_CATEGORIES, 0),
        found=dict.fromkeys(STATUS_CATEGORIES, 0),
        matched=dict.fromkeys(STATUS_CATEGORIES, 0),
    )
    parsed = {d.doc_id: d for d in result.documents}
    for name, doc_id, expected_path in documents:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        doc = parsed.get(doc_id)
        got = (
            read_status_facts(result, doc_id)
            if doc is not None
            else {c: set() for c in STATUS_CATEGORIES}
        )
        score.add(name, expected, got, STATUS_CATEGORIES)
        if doc is None:
            score.misses.append(f"{name}: not built")
            continue
        made_up = invented(result, doc, [])
        if made_up:
            score.invented[name] = made_up
        score.warnings[name] = (int(expected.get("warnings", 0)), len(doc.warnings))
    return score
