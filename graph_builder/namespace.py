"""The orgkg vocabulary (``kg:``) as a typed rdflib namespace."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KG", "ROLES"]


class KG(DefinedNamespace):
    """Terms of ``ontology/orgkg.ttl``; an unknown attribute raises AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/orgkg/def#")

    # Agents: organisations and states
    InternationalOrganisation: URIRef  # class: international organisation
    RegionalOrganisation: URIRef  # class: regional organisation
    State: URIRef  # class: state
    TaskForce: URIRef  # class: task force
    UnresolvedEntity: URIRef  # class: unresolved entity
    Place: URIRef  # class: place
    # Instruments and agreements
    Instrument: URIRef  # class: instrument
    Agreement: URIRef  # class: agreement
    Convention: URIRef  # class: convention
    Protocol: URIRef  # class: protocol
    Treaty: URIRef  # class: treaty
    MemorandumOfUnderstanding: URIRef  # class: memorandum of understanding
    CooperationAgreement: URIRef  # class: cooperation agreement
    Declaration: URIRef  # class: declaration
    AgreementParticipation: URIRef  # class: agreement participation
    # Activities
    Operation: URIRef  # class: operation
    Programme: URIRef  # class: programme
    Figure: URIRef  # class: figure
    Funding: URIRef  # class: funding
    ContactPoint: URIRef  # class: contact point
    # Statements and sources
    Partnership: URIRef  # class: partnership
    MemberList: URIRef  # class: member list
    OverlapClaim: URIRef  # class: overlap claim
    RatificationClaim: URIRef  # class: ratification claim
    SourceDocument: URIRef  # class: source document
    Passage: URIRef  # class: passage
    # Controlled values
    MembershipStatus: URIRef  # class: membership status
    ParticipationType: URIRef  # class: participation type
    RoleMember: URIRef  # individual: member
    RoleFoundingMember: URIRef  # individual: founding member
    RoleObserver: URIRef  # individual: observer
    RolePermanentAdviser: URIRef  # individual: permanent adviser
    RoleLiaisonOffice: URIRef  # individual: liaison office
    RoleParticipant: URIRef  # individual: participant
    RoleAssociateMember: URIRef  # individual: associate member (a participant)
    StatusActive: URIRef  # individual: active
    StatusSuspended: URIRef  # individual: suspended
    StatusPending: URIRef  # individual: pending
    StatusFormer: URIRef  # individual: former
    StatusUncertain: URIRef  # individual: uncertain (the source hedges)
    ParticipationSigned: URIRef  # individual: signed
    ParticipationRatified: URIRef  # individual: ratified
    ConsentKind: URIRef  # class: consent kind
    ConsentRatification: URIRef  # individual: ratification
    ConsentAccession: URIRef  # individual: accession (a)
    ConsentAcceptance: URIRef  # individual: acceptance (A)
    ConsentApproval: URIRef  # individual: approval (AA)
    ConsentSuccession: URIRef  # individual: succession (d)
    ConsentDefinitiveSignature: URIRef  # individual: definitive signature (s)
    # Relations between agents
    headquarteredIn: URIRef  # object property: headquartered in
    inCountry: URIRef  # object property: in country
    replaces: URIRef  # object property: replaces
    replacedBy: URIRef  # object property: replaced by
    cooperatesWith: URIRef  # object property: cooperates with
    mouPartner: URIRef  # object property: MoU partner
    partnerOf: URIRef  # object property: partner of
    partner: URIRef  # object property: partner
    instrumentType: URIRef  # object property: instrument type
    coordinatedBy: URIRef  # object property: coordinated by
    smallArmsResponsibility: URIRef  # object property: small-arms responsibility
    wikidata: URIRef  # object property: Wikidata item
    # Memberships
    status: URIRef  # object property: status
    listOf: URIRef  # object property: list of
    listedRole: URIRef  # object property: listed role
    listedType: URIRef  # object property: listed type
    listedStatus: URIRef  # object property: listed status
    listedMembership: URIRef  # object property: listed membership
    statedCount: URIRef  # datatype property: stated count
    complete: URIRef  # datatype property: complete
    completeFrom: URIRef  # datatype property: complete from
    countNote: URIRef  # datatype property: count note
    formattingNote: URIRef  # datatype property: formatting note
    overlapOf: URIRef  # object property: overlap of
    overlapWith: URIRef  # object property: overlap with
    sharedCount: URIRef  # datatype property: shared count
    comparedCount: URIRef  # datatype property: compared count
    # Agreements
    instrumentOf: URIRef  # object property: instrument of
    agreement: URIRef  # object property: agreement
    party: URIRef  # object property: party
    participationType: URIRef  # object property: participation type
    occasionedBy: URIRef  # object property: occasioned by
    signatureDate: URIRef  # datatype property: signature date
    entryIntoForceDate: URIRef  # datatype property: entry-into-force date
    ratificationOf: URIRef  # object property: ratification of (an organisation)
    ratifiedAgreement: URIRef  # object property: ratified agreement
    statedRatified: URIRef  # datatype property: stated ratified
    statedMembers: URIRef  # datatype property: stated members
    listsParticipantsOf: URIRef  # object property: lists participants of
    signedOn: URIRef  # datatype property: signed on (a participation)
    consentedOn: URIRef  # datatype property: consented on
    consentKind: URIRef  # object property: consent kind
    inForceFrom: URIRef  # datatype property: in force from (for the party)
    provisionalApplicationFrom: URIRef  # datatype property: provisional application
    signatureWithdrawnOn: URIRef  # datatype property: signature withdrawn on
    adoptionDate: URIRef  # datatype property: adoption date
    adoptionPlace: URIRef  # datatype property: adoption place
    depositary: URIRef  # datatype property: depositary
    laterPartyDays: URIRef  # datatype property: later-party days
    laterPartyRule: URIRef  # datatype property: later-party rule
    statedSignatories: URIRef  # datatype property: stated signatories
    statedParties: URIRef  # datatype property: stated parties
    entryIntoForceCondition: URIRef  # datatype property: entry-into-force condition
    legallyBinding: URIRef  # datatype property: legally binding
    # Activities and figures
    operationOf: URIRef  # object property: operation of
    conductedThrough: URIRef  # object property: conducted through
    location: URIRef  # object property: location
    figure: URIRef  # object property: figure
    programmeOf: URIRef  # object property: programme of
    outcome: URIRef  # datatype property: outcome
    participantCount: URIRef  # datatype property: participant count
    participantKind: URIRef  # datatype property: participant kind
    startDate: URIRef  # datatype property: start date
    duration: URIRef  # datatype property: duration
    quantity: URIRef  # datatype property: quantity
    qualifier: URIRef  # datatype property: qualifier
    item: URIRef  # datatype property: item
    measure: URIRef  # datatype property: measure
    taskForceCount: URIRef  # datatype property: task force count
    subGroupCount: URIRef  # datatype property: sub-group count
    # Funding and contact
    funder: URIRef  # object property: funder
    fundingRecipient: URIRef  # object property: funding recipient
    amount: URIRef  # datatype property: amount
    currency: URIRef  # datatype property: currency
    fundingPurpose: URIRef  # datatype property: funding purpose
    fundingSource: URIRef  # datatype property: funding source
    sinceDate: URIRef  # datatype property: since
    budgetBasis: URIRef  # datatype property: budget basis
    contactFor: URIRef  # object property: contact for
    contactRole: URIRef  # datatype property: contact role
    contactUnit: URIRef  # datatype property: contact unit
    mandate: URIRef  # datatype property: mandate
    objective: URIRef  # datatype property: objective
    # Identity and dates
    acronym: URIRef  # datatype property: acronym
    foundingDate: URIRef  # datatype property: founding date
    iso3166Alpha2: URIRef  # datatype property: ISO 3166-1 alpha-2
    iso3166Alpha3: URIRef  # datatype property: ISO 3166-1 alpha-3
    rawName: URIRef  # datatype property: raw name
    mentionedAs: URIRef  # datatype property: mentioned as
    validFrom: URIRef  # datatype property: valid from
    validUntil: URIRef  # datatype property: valid until
    eventDate: URIRef  # datatype property: event date
    # Provenance
    statedIn: URIRef  # object property: stated in
    inDocument: URIRef  # object property: in document
    aboutOrganisation: URIRef  # object property: about organisation
    asOf: URIRef  # datatype property: as of
    accurateAsOf: URIRef  # datatype property: accurate as of
    retrievedAt: URIRef  # datatype property: retrieved at
    documentKind: URIRef  # datatype property: document kind
    sourcePath: URIRef  # datatype property: source path
    sourceFormat: URIRef  # datatype property: source format
    firstPage: URIRef  # datatype property: first page
    lastPage: URIRef  # datatype property: last page
    sha256: URIRef  # datatype property: SHA-256
    text: URIRef  # datatype property: text
    lineNumber: URIRef  # datatype property: line number
    pageNumber: URIRef  # datatype property: page number


#: Role names as analysts write them: the ``role`` column of reference data
#: and the ``role`` parameter of named queries.
ROLES: dict[str, URIRef] = {
    "member": KG.RoleMember,
    "founding member": KG.RoleFoundingMember,
    "observer": KG.RoleObserver,
    "permanent adviser": KG.RolePermanentAdviser,
    "liaison office": KG.RoleLiaisonOffice,
    "participant": KG.RoleParticipant,
    "associate member": KG.RoleAssociateMember,
}
