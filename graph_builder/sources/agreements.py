"""Who is bound by an agreement, and from when: participations and in-force rules.

A status document (``treaty_status``) and the curated reference table
(``data/reference/instrument_parties.csv``) both state, per state, when it
signed, when and how it consented to be bound, and whether a signature was
withdrawn. Whether the agreement is *in force for* the state follows from
the agreement's own rules: its entry into force for a state that consented
before it, otherwise the day its rule for later parties gives (the Arms
Trade Treaty: ninety days after the deposit, article 22(2)). The rules are
curated per instrument in ``instruments.csv``, each with its article cited;
a status document that quotes its rule ("on the thirtieth day after the date
of deposit") supplies one the table lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rdflib import XSD, Literal, URIRef

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.resolve import Resolver
from graph_builder.sources.context import DocumentContext
from graph_builder.text import Sentence

__all__ = [
    "CONSENT_KINDS",
    "Rule",
    "add_participation",
    "in_force_from",
    "later_days_in",
    "rules",
]

#: Consent kinds by the names tables use, and by the letter a UN status table
#: writes after a date (none: ratification).
CONSENT_KINDS: dict[str, URIRef] = {
    "ratification": KG.ConsentRatification,
    "accession": KG.ConsentAccession,
    "acceptance": KG.ConsentAcceptance,
    "approval": KG.ConsentApproval,
    "succession": KG.ConsentSuccession,
    "definitive signature": KG.ConsentDefinitiveSignature,
    "": KG.ConsentRatification,
    "a": KG.ConsentAccession,
    "A": KG.ConsentAcceptance,
    "AA": KG.ConsentApproval,
    "d": KG.ConsentSuccession,
    "s": KG.ConsentDefinitiveSignature,
}


@dataclass(frozen=True)
class Rule:
    """When an agreement is in force for a state.

    Attributes:
        in_force: The agreement's entry into force, if known.
        later_days: For a state consenting after it: in force on this day
            after the deposit (never before ``in_force``); None when the rule
            is not curated.
    """

    in_force: date | None
    later_days: int | None


def in_force_from(consented: date, rule: Rule) -> date | None:
    """The day an agreement is in force for a state that consented on ``consented``.

    Returns:
        The agreement's entry into force for a state that consented before
        it; otherwise ``later_days`` after the deposit (or the entry into
        force, if later); None when the entry into force or the rule is
        unknown, or the agreement is not yet in force at all.

    Examples:
        >>> att = Rule(date(2014, 12, 24), 90)
        >>> in_force_from(date(2014, 6, 3), att)  # before entry into force
        datetime.date(2014, 12, 24)
        >>> in_force_from(date(2020, 7, 29), att)  # Afghanistan's accession
        datetime.date(2020, 10, 27)
        >>> in_force_from(date(2019, 12, 24), Rule(date(2017, 3, 8), None)) is None
        True
    """
    if rule.in_force is None:
        return None
    if consented <= rule.in_force:
        return rule.in_force
    if rule.later_days is None:
        return None
    return max(rule.in_force, consented + timedelta(days=rule.later_days))


_ORDINALS = {
    "thirtieth": 30,
    "sixtieth": 60,
    "ninetieth": 90,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
_LATER = re.compile(
    r"(?:for each|for any) State[^.]*?(?:after|subsequent to)[^.]*?"
    r"\b(?:on the )?(?P<n>\d{1,3}|thirtieth|sixtieth|ninetieth|thirty|sixty|ninety)"
    r"(?:th)? days?\b[^.]{0,40}?(?:after|following) the (?:date of )?deposit",
    re.IGNORECASE,
)


def later_days_in(text: str) -> int | None:
    """The later-party rule a status document quotes, in days after deposit.

    Examples:
        >>> later_days_in(
        ...     "2. For each State ratifying this Protocol after the"
        ...     " deposit of the fortieth instrument, this Protocol shall enter into"
        ...     " force on the thirtieth day after the date of deposit by such State"
        ... )
        30
        >>> later_days_in(
        ...     "2. For any State that deposits its instrument subsequent"
        ...     " to the entry into force of this Treaty, this Treaty shall enter into"
        ...     " force for that State ninety days following the date of deposit"
        ... )
        90
        >>> later_days_in(
        ...     "This Treaty shall enter into force ninety days following"
        ...     " the date of the deposit of the fiftieth instrument"
        ... ) is None
        True
    """
    m = _LATER.search(text[:5000])
    if m is None:
        return None
    n = m.group("n").lower()
    return int(n) if n.isdigit() else _ORDINALS[n]


def rules(resolver: Resolver) -> dict[URIRef, Rule]:
    """Each curated instrument's rule, as the resolver read it (``instruments.csv``)."""
    return {iri: Rule(*rule) for iri, rule in resolver.instrument_rules.items()}


def _day(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def add_participation(
    ctx: DocumentContext,
    instrument: URIRef,
    party: URIRef,
    sentence: Sentence,
    *,
    signed: date | None = None,
    consented: date | None = None,
    kind: URIRef | None = None,
    seen: date | None = None,
    provisional: date | None = None,
    withdrawn: date | None = None,
    rule: Rule | None = None,
) -> URIRef:
    """Emit one state's participation in an agreement, as one source states it.

    Args:
        ctx: The document (or reference table) stating it.
        instrument: The agreement.
        party: The state.
        sentence: The passage (a table row).
        signed: The day it signed.
        consented: The day it deposited its consent to be bound.
        kind: How it consented (``CONSENT_KINDS``).
        seen: When the source shows a consent without its date: the day by
            which it had consented (``kg:asOf``).
        provisional: The day provisional application began.
        withdrawn: The day the depositary received notice that it does not
            intend to become a party.
        rule: The agreement's in-force rule; ``kg:inForceFrom`` is stated
            when it gives a day.

    Returns:
        The participation's IRI.
    """
    iri = mint("participation", ctx.doc_id, entity_key(instrument), entity_key(party))
    bound = consented is not None or (seen is not None and kind is not None)
    ptype = KG.ParticipationRatified if bound else KG.ParticipationSigned
    ctx.node(iri, KG.AgreementParticipation, sentence)
    ctx.graph.add((iri, KG.agreement, instrument))
    ctx.graph.add((iri, KG.party, party))
    ctx.graph.add((iri, KG.participationType, ptype))
    if signed is not None:
        ctx.graph.add((iri, KG.signedOn, _day(signed)))
    if consented is not None:
        ctx.graph.add((iri, KG.consentedOn, _day(consented)))
    if bound and kind is not None:
        ctx.graph.add((iri, KG.consentKind, kind))
    if seen is not None and ctx.as_of is None:
        ctx.graph.add((iri, KG.asOf, _day(seen)))
    if provisional is not None:
        ctx.graph.add((iri, KG.provisionalApplicationFrom, _day(provisional)))
    if withdrawn is not None:
        ctx.graph.add((iri, KG.signatureWithdrawnOn, _day(withdrawn)))
    if consented is not None and rule is not None:
        start = in_force_from(consented, rule)
        if start is not None:
            ctx.graph.add((iri, KG.inForceFrom, _day(start)))
    elif (
        seen is not None
        and rule is not None
        and rule.in_force is not None
        and seen <= rule.in_force
    ):
        # Consented by ``seen``, on or before the entry into force: bound from it.
        ctx.graph.add((iri, KG.inForceFrom, _day(rule.in_force)))
    return iri
