"""Activities, programmes, cooperation and instruments.

Task forces, operations with their figures, mandates, MoUs and the binding
instruments the profile lists.
"""

import re
from decimal import Decimal

from rdflib import RDF, RDFS, Literal, URIRef

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.common import (
    BULLET,
    find_instrument,
    instrument,
    resolve_names,
)
from graph_builder.sources.context import DocumentContext, date_literal
from graph_builder.sources.poa_profile.general import QUALIFIERS, unit_of
from graph_builder.sources.poa_profile.layout import is_none
from graph_builder.sources.ratification import read_ratification
from graph_builder.text import (
    Line,
    ParsedDate,
    Sentence,
    parse_date,
    parse_number,
    sentences,
    slugify,
)

__all__ = [
    "parse_activities",
    "parse_cooperation",
    "parse_instruments",
    "parse_programmes",
]


_IN_FORCE = re.compile(
    r"^(?:The )?(?P<instr>.+?) entered into force (?:in|on) "
    r"(?P<date>\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{4})"
    r",?(?: (?:when|after|once) (?P<cond>.+?))?\.$"
)


_RATIFIED_ALL = re.compile(
    r"^All (?:current )?(?:members|member states) have (?:since |now )?"
    r"ratified (?:it|the \w+)\.$"
)


_TF_COUNT = re.compile(r"\b(?P<n>\w+) task forces\b")


_TASK_FORCE = re.compile(
    r"(?:the )?(?P<tf>(?:[A-Z][\w-]*[ -])+Task Force), established in (?P<year>\d{4})"
    r"(?: and coordinated by (?P<coord>[A-Z][^,.;]*))?"
)


_SUB_GROUPS = re.compile(
    r"one of (?P<n>\w+) sub-?groups under "
    r"(?:the )?(?P<tf>(?:[A-Z][\w-]*[ -])+Task Force)"
)


_OPERATION = re.compile(
    r"Operation (?P<name>[A-Z][\w'-]*(?: [A-Z][\w'-]*)*) \((?P<paren>[^)]*)\)"
)


_PARTICIPATED = re.compile(
    r"^(?P<n>[\w-]+) (?P<kind>[a-z ]+?) (?:participated|took part) in\b"
)


_CONDUCTED = re.compile(r"^(?P<who>.+?),? conducted\b")


_THROUGH = re.compile(r"\bthrough (?:the )?(?P<through>[A-Z][\w-]*(?: [A-Z][\w-]*)*)")


_FIGURE = re.compile(
    rf"(?:(?P<q>{QUALIFIERS})\s+)?(?P<num>\d[\d,]*(?:\.\d+)?)\s+"
    r"(?P<item>[a-z][a-z -]*?)(?=,|;|\.| and | in | which |$)"
)


_MANDATE_START = re.compile(r"^(?:It|{acr})(?: also)? (?P<body>(?:[a-z]+s) .+)\.$")


_JOINT_OUTCOME = re.compile(
    r"^(?:Both|These|The|All) (?:\w+ )?(?:exercises|operations) "
    r"(?P<outcome>(?:led|resulted|contributed|produced|yielded) .+?)\.$"
)


def parse_activities(
    ctx: DocumentContext, lines: list[Line], members: list[URIRef]
) -> None:
    """Read the activities section: task forces, operations, mandates."""
    last_instrument: URIRef | None = None
    operations: list[URIRef] = []
    for line in lines:
        for s in sentences(line):
            text = s.text
            m = _IN_FORCE.match(text)
            if m:
                last_instrument = find_instrument(ctx, m.group("instr"), s)
                when = parse_date(m.group("date"))
                if when is not None:
                    ctx.fact(
                        last_instrument, KG.entryIntoForceDate, date_literal(when), s
                    )
                if m.group("cond"):
                    ctx.fact(
                        last_instrument,
                        KG.entryIntoForceCondition,
                        Literal(m.group("cond"), lang="en"),
                        s,
                    )
                continue
            if _RATIFIED_ALL.match(text) and last_instrument is not None:
                for agent in members:
                    _participation(
                        ctx, last_instrument, agent, KG.ParticipationRatified, s
                    )
                continue
            handled = False
            tf_count = _TF_COUNT.search(text)
            if tf_count and parse_number(tf_count.group("n")) is not None:
                ctx.fact(
                    ctx.subject_iri,
                    KG.taskForceCount,
                    Literal(parse_number(tf_count.group("n"))),
                    s,
                )
                handled = True
            for tm in _TASK_FORCE.finditer(text):
                unit = unit_of(ctx, tm.group("tf"), s)
                ctx.fact(
                    unit,
                    KG.foundingDate,
                    date_literal(ParsedDate(int(tm.group("year")))),
                    s,
                )
                if tm.group("coord"):
                    ctx.fact(
                        unit,
                        KG.coordinatedBy,
                        ctx.agent(tm.group("coord").strip(), s),
                        s,
                    )
                handled = True
            sub = _SUB_GROUPS.search(text)
            if sub and parse_number(sub.group("n")) is not None:
                unit = unit_of(ctx, sub.group("tf"), s)
                ctx.fact(
                    unit, KG.subGroupCount, Literal(parse_number(sub.group("n"))), s
                )
                handled = True
            if _OPERATION.search(text):
                operations.append(_operation(ctx, s))
                handled = True
            joint = _JOINT_OUTCOME.match(text)
            if joint and operations:
                for op in operations:
                    ctx.fact(
                        op, KG.outcome, Literal(joint.group("outcome"), lang="en"), s
                    )
                handled = True
            if not handled and not _mandate(ctx, s) and not read_ratification(ctx, s):
                ctx.unparsed_sentence(s)


def _participation(
    ctx: DocumentContext, agreement: URIRef, agent: URIRef, kind: URIRef, s: Sentence
) -> None:
    iri = mint(
        "participation",
        ctx.doc_id,
        entity_key(agreement),
        entity_key(agent),
        str(kind).rsplit("#", 1)[-1],
    )
    ctx.node(iri, KG.AgreementParticipation, s)
    ctx.graph.add((iri, KG.agreement, agreement))
    ctx.graph.add((iri, KG.party, agent))
    ctx.graph.add((iri, KG.participationType, kind))


def _operation(ctx: DocumentContext, s: Sentence) -> URIRef:
    m = _OPERATION.search(s.text)
    assert m is not None
    name = f"Operation {m.group('name')}"
    op = ctx.node(
        mint("operation", entity_key(ctx.subject_iri), slugify(name)), KG.Operation, s
    )
    g = ctx.graph
    g.add((op, RDFS.label, Literal(name, lang="en")))
    g.add((op, KG.operationOf, ctx.subject_iri))
    paren = [p.strip() for p in m.group("paren").split(",")]
    for part in paren:
        when = parse_date(part)
        if when is not None:
            g.add((op, KG.startDate, date_literal(when)))
            continue
        dur = re.fullmatch(r"(?P<n>[\w-]+) (?P<unit>year|month|week|day)s?", part)
        if dur and parse_number(dur.group("n")) is not None:
            code = {"year": "Y", "month": "M", "week": "W", "day": "D"}[
                dur.group("unit")
            ]
            g.add(
                (
                    op,
                    KG.duration,
                    Literal(
                        f"P{parse_number(dur.group('n'))}{code}", datatype=_XSD_DURATION
                    ),
                )
            )
    before = s.text[: m.start()]
    after = s.text[m.end() :]
    part = _PARTICIPATED.match(before)
    if part and parse_number(part.group("n")) is not None:
        g.add((op, KG.participantCount, Literal(parse_number(part.group("n")))))
        g.add((op, KG.participantKind, Literal(part.group("kind"), lang="en")))
    conducted = _CONDUCTED.match(before)
    if conducted:
        who = conducted.group("who")
        through = _THROUGH.search(who)
        if through:
            g.add((op, KG.conductedThrough, ctx.agent(through.group("through"), s)))
            who = who[: through.start()].rstrip(" ,")
        g.add((op, KG.participantKind, Literal(who, lang="en")))
    outcome = re.sub(r"^,?\s*which\s+", "", after).rstrip(".")
    verb = re.match(
        rf"^(?P<verb>.*?)(?=(?:{QUALIFIERS})?\s*\d)",
        outcome,
    )
    measure = verb.group("verb").strip() if verb else ""
    for i, fm in enumerate(_FIGURE.finditer(outcome), start=1):
        if re.fullmatch(r"\d{4}", fm.group("num")) and fm.group("item").startswith(
            ("month", "year")
        ):
            continue
        figure = mint("figure", ctx.doc_id, slugify(name), str(i))
        ctx.node(figure, KG.Figure, s)
        g.add((op, KG.figure, figure))
        g.add((figure, KG.quantity, _quantity(fm.group("num"))))
        g.add((figure, KG.item, Literal(fm.group("item").strip(), lang="en")))
        if measure:
            g.add((figure, KG.measure, Literal(measure, lang="en")))
        if fm.group("q"):
            g.add((figure, KG.qualifier, Literal(fm.group("q"))))
    location = re.search(r"\bin (?P<place>[A-Z][\w-]*(?: [A-Z][\w-]*)*)\s*$", outcome)
    if location and ctx.resolves(location.group("place"), "state"):
        g.add((op, KG.location, ctx.agent(location.group("place"), s, "state")))
    return op


def _mandate(ctx: DocumentContext, s: Sentence) -> bool:
    subject = ctx.subject
    assert subject is not None
    acr = re.escape(subject.acronym or subject.label)
    m = re.match(_MANDATE_START.pattern.replace("{acr}", acr), s.text)
    if not m:
        return False
    items = [
        re.sub(r"^and\s+", "", item.strip()) for item in m.group("body").split(";")
    ]
    for item in filter(None, items):
        ctx.fact(ctx.subject_iri, KG.mandate, Literal(item, lang="en"), s)
    return True


def parse_programmes(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read the programmes section: each line a programme of the organisation."""
    for line in lines:
        text = BULLET.sub("", line.text.strip()).rstrip(".")
        if is_none(text):
            continue
        s = Sentence(line.number, 0, text)
        programme = mint("programme", entity_key(ctx.subject_iri), slugify(text))
        ctx.fact(programme, RDF.type, KG.Programme, s)
        ctx.fact(programme, RDFS.label, Literal(text, lang="en"), s)
        ctx.fact(programme, KG.programmeOf, ctx.subject_iri, s)


_COOPERATION = re.compile(
    r"^(?P<kind>.+?) (?:signed|concluded) with (?:RO partners,? )?(?:including )?"
    r"(?P<names>.+?)\.$"
)


def parse_cooperation(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read the cooperation section: MoUs and cooperation partners."""
    for line in lines:
        for s in sentences(Line(line.number, BULLET.sub("", line.text))):
            m = _COOPERATION.match(s.text)
            if not m:
                if not is_none(s.text):
                    ctx.unparsed_sentence(s)
                continue
            kind = m.group("kind").lower()
            mou = "memorand" in kind or "mou" in kind
            agreement = "agreement" in kind
            cls = (
                KG.Agreement
                if mou and agreement
                else KG.MemorandumOfUnderstanding
                if mou
                else KG.CooperationAgreement
            )
            for name, partner in resolve_names(ctx, m.group("names"), s):
                iri = mint(
                    "partnership",
                    ctx.doc_id,
                    entity_key(ctx.subject_iri),
                    entity_key(partner),
                )
                ctx.node(iri, KG.Partnership, s)
                g = ctx.graph
                g.add((iri, KG.partnerOf, ctx.subject_iri))
                g.add((iri, KG.partner, partner))
                g.add((iri, KG.instrumentType, cls))
                g.add((iri, KG.mentionedAs, Literal(name)))
                ctx.fact(
                    ctx.subject_iri,
                    KG.mouPartner
                    if cls == KG.MemorandumOfUnderstanding
                    else KG.cooperatesWith,
                    partner,
                    s,
                )


_INSTRUMENT_LINE = re.compile(
    r"^(?P<title>.+?)(?:\s*\((?P<date>[^()]*\d{4}[^()]*)\))?\.?$"
)


def parse_instruments(ctx: DocumentContext, lines: list[Line], binding: bool) -> None:
    """Read an instruments section (``binding`` for legally binding ones)."""
    for line in lines:
        text = BULLET.sub("", line.text.strip())
        if is_none(text):
            continue
        s = Sentence(line.number, 0, text)
        m = _INSTRUMENT_LINE.match(text)
        if m is None:  # pragma: no cover - the pattern matches any non-empty text
            ctx.unparsed_sentence(s)
            continue
        signed = parse_date(m.group("date")) if m.group("date") else None
        instrument(ctx, m.group("title").strip(), s, signed=signed, binding=binding)


def _quantity(text: str) -> Literal:
    """An ``xsd:integer`` for whole numbers, else an ``xsd:decimal``."""
    digits = text.replace(",", "")
    return Literal(int(digits)) if digits.isdigit() else Literal(Decimal(digits))


_XSD_DURATION = URIRef("http://www.w3.org/2001/XMLSchema#duration")
