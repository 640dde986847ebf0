"""Entity resolution: state names to ISO 3166-1, organisation names to the gazetteer.

States come from pycountry (names, official and common names, inverted forms
such as "Moldova, Republic of") plus ``data/reference/state_aliases.csv`` for
historic, formal and informal names, and ``extra_states.csv`` for entities that
have no ISO code (Kosovo), and, weakly, pycountry's Spanish, French and
Portuguese names for translated pages ("Ouganda"). Organisations come from
``data/reference/organisations.csv``. Matching is exact after normalisation
(case, accents, punctuation, articles, British/American spelling); there is no
fuzzy matching, so a name either resolves or is reported as unresolved.
"""

import csv
import gettext
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pycountry
from rdflib import URIRef

from graph_builder.errors import SourceDataError
from graph_builder.iris import mint
from graph_builder.paths import REFERENCE_DIR

__all__ = ["INSTRUMENT_COLUMNS", "Entity", "Resolver", "normalise"]

EntityKind = Literal["state", "organisation", "instrument"]

_SPELLING = {
    "centre": "center",
    "organisation": "organization",
    "organisations": "organizations",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
    "defence": "defense",
    "st": "saint",  # "St. Lucia", "St Kitts and Nevis"
}
_FOOTNOTE = re.compile(r"[*†‡¹²³]+$")
#: Languages whose state names (from pycountry's ISO 3166-1 catalogues) resolve.
TRANSLATED_LANGUAGES = ("es", "fr", "pt")


def normalise(name: str) -> str:
    """Reduce a name to its matching key.

    Args:
        name: A state or organisation name as written in a source.

    Returns:
        Lowercase ASCII letters and digits only, with a leading article,
        footnote markers and spelling variants removed.

    Examples:
        >>> normalise("the South-east European Law Enforcement Centre")
        'southeasteuropeanlawenforcementcenter'
        >>> normalise("Kosovo*") == normalise("Kosovo")
        True
        >>> normalise("St. Lucia") == normalise("Saint Lucia")
        True
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = _FOOTNOTE.sub("", text.strip()).strip()
    text = text.replace("&", " and ").lower()
    text = re.sub(r"^the\s+", "", text)
    words = [_SPELLING.get(w, w) for w in re.split(r"[^a-z0-9]+", text) if w]
    return "".join(words)


@dataclass(frozen=True)
class Entity:
    """A resolved state or organisation.

    Attributes:
        kind: ``"state"``, ``"organisation"`` or ``"instrument"`` (an agreement).
        key: ISO 3166-1 alpha-3 code for a state, gazetteer key for an
            organisation or an instrument.
        label: The preferred English name.
        iri: The entity's IRI in the graph.
        acronym: The organisation's acronym, if any.
        wikidata: The Wikidata QID, if known.
        iso2: The ISO 3166-1 alpha-2 code of a state, if any.
        org_kind: ``"regional"`` or ``"international"`` for an organisation.
        historic: True for a state that no longer exists.
        note: A curator's note from the reference table.
        names: Every name the entity is known by.
    """

    kind: EntityKind
    key: str
    label: str
    iri: URIRef
    acronym: str | None = None
    wikidata: str | None = None
    iso2: str | None = None
    org_kind: str | None = None
    historic: bool = False
    note: str | None = None
    names: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        """The entity as JSON-ready data."""
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "iri": str(self.iri),
            "acronym": self.acronym,
            "wikidata": self.wikidata,
            "iso2": self.iso2,
            "iso3": self.key if self.kind == "state" else None,
            "org_kind": self.org_kind,
            "historic": self.historic,
            "note": self.note,
            "names": list(self.names),
        }


def _readable(name: str) -> str:
    """Prefer natural word order: "Democratic Republic of the Congo"."""
    inverted = _inverted(name)
    return re.sub(r"^The ", "", inverted) if inverted else name


def _inverted(name: str) -> str | None:
    """Turn "Moldova, Republic of" into "Republic of Moldova"."""
    if ", " not in name:
        return None
    head, _, tail = name.partition(", ")
    if "(" in tail or "," in tail:
        return None
    return f"{tail} {head}"


class Resolver:
    """Resolves names of states, organisations and agreements to entities.

    Args:
        reference_dir: Folder with ``organisations.csv``, ``instruments.csv``,
            ``state_aliases.csv`` and ``extra_states.csv``.

    Raises:
        SourceDataError: A reference table is malformed, or two entities claim
            the same name.

    Examples:
        >>> r = Resolver()
        >>> r.resolve("Hellenic Republic").key
        'GRC'
        >>> r.resolve("the OSCE").label
        'Organization for Security and Co-operation in Europe'
        >>> r.resolve("Atlantis") is None
        True
    """

    def __init__(self, reference_dir: Path = REFERENCE_DIR) -> None:
        """Load the reference tables."""
        #: Each curated instrument's entry into force and later-party days
        #: (``instruments.csv``), for the rule of when it binds a state.
        self.instrument_rules: dict[URIRef, tuple[date | None, int | None]] = {}
        self._index: dict[str, Entity] = {}
        self._entities: dict[URIRef, Entity] = {}
        self._registered: set[URIRef] = set()
        _load_states(self, reference_dir)
        _load_organisations(self, reference_dir / "organisations.csv")
        if (reference_dir / "instruments.csv").exists():
            _load_instruments(self, reference_dir / "instruments.csv")
        _load_translations(
            self,
        )

    # -- loading -----------------------------------------------------------

    def _add(
        self, entity: Entity, names: list[str], where: str, *, weak: bool = False
    ) -> None:
        for name in names:
            key = normalise(name)
            if not key:
                continue
            known = self._index.get(key)
            if known is not None and known.iri != entity.iri:
                if weak:
                    continue
                raise SourceDataError(
                    where,
                    f"name {name!r} is claimed by both {known.key} and {entity.key}",
                )
            self._index[key] = entity

    def resolve(self, name: str, kind: EntityKind | None = None) -> Entity | None:
        """Resolve a name of a state or organisation, or return None.

        Args:
            name: The name as written; an orgkg IRI is accepted too.
            kind: Only accept this kind. Without it, states and organisations
                (the agents documents list); an instrument only when asked
                for, so a member list never turns "ATT" into a member.

        Returns:
            The entity, or None if the name is unknown (or of another kind).
        """
        entity = self.resolve_any(name)
        if entity is None:
            return None
        if kind is None and entity.kind == "instrument":
            return None
        if kind is not None and entity.kind != kind:
            return None
        return entity

    def resolve_any(self, name: str) -> Entity | None:
        """Resolve a name of a state, organisation or instrument.

        Examples:
            >>> r = Resolver()
            >>> r.resolve_any("Kinshasa Convention").key
            'kinshasa-convention'
            >>> r.resolve("ATT") is None, r.resolve_any("ATT").label
            (True, 'Arms Trade Treaty')
        """
        text = name.strip()
        return (
            self._entities.get(URIRef(text)) if text.startswith("http") else None
        ) or self._index.get(normalise(text))

    def begins_a_name(self, text: str, kind: EntityKind | None = None) -> bool:
        """Whether a text is the start of a known name but not a name itself.

        Tells a list cut off mid-name ("..., Norway, O") from a name the
        gazetteer lacks.

        Examples:
            >>> Resolver().begins_a_name("Switzerl")
            True
            >>> Resolver().begins_a_name("Switzerland")
            False
        """
        key = normalise(text)
        if not key or key in self._index:
            return False
        return any(
            name.startswith(key) and (kind is None or entity.kind == kind)
            for name, entity in self._index.items()
        )

    def by_iri(self, iri: URIRef) -> Entity | None:
        """The entity with this IRI, if it is a reference entity."""
        return self._entities.get(iri)

    def register(self, entity: Entity) -> None:
        """Add an entity a source document defines (e.g. its own organisation).

        Names already taken by another entity stay with that entity.
        """
        if entity.iri not in self._entities:
            self._entities[entity.iri] = entity
            self._registered.add(entity.iri)
        self._add(entity, list(entity.names), "document", weak=True)

    def registered(self, iri: URIRef) -> bool:
        """Whether an entity was registered by a document, not the gazetteer."""
        return iri in self._registered

    def entities(self) -> Iterator[Entity]:
        """Every known entity, states first, in a stable order."""
        yield from sorted(
            self._entities.values(), key=lambda e: (e.kind != "state", e.key)
        )


def _read_csv(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != columns:
                raise SourceDataError(path, f"expected columns {','.join(columns)}", 1)
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise SourceDataError(
                        path, "wrong number of fields", reader.line_num
                    )
                yield reader.line_num, {k: v.strip() for k, v in row.items()}
    except FileNotFoundError as exc:
        raise SourceDataError(path, "reference table not found") from exc
    except UnicodeDecodeError as exc:
        raise SourceDataError(path, "not UTF-8 text") from exc


def _load_states(resolver: Resolver, folder: Path) -> None:
    states: dict[str, tuple[Entity, list[str]]] = {}
    for country in pycountry.countries:
        names = [country.name]
        for attr in ("official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.append(value)
        names += [inv for n in list(names) if (inv := _inverted(n))]
        label = getattr(country, "common_name", None) or _readable(country.name)
        entity = Entity(
            "state",
            country.alpha_3,
            label,
            mint("state", country.alpha_3),
            iso2=country.alpha_2,
        )
        states[country.alpha_3] = (entity, names)
    extra = folder / "extra_states.csv"
    for lineno, row in _read_csv(extra, ["iso3", "iso2", "name", "note"]):
        entity = Entity(
            "state",
            row["iso3"],
            row["name"],
            mint("state", row["iso3"]),
            iso2=row["iso2"] or None,
            note=row["note"] or None,
        )
        if row["iso3"] in states:
            raise SourceDataError(
                extra, f"{row['iso3']} is already in ISO 3166-1", lineno
            )
        states[row["iso3"]] = (entity, [row["name"]])
    aliases = folder / "state_aliases.csv"
    for lineno, row in _read_csv(aliases, ["alias", "iso3", "note"]):
        if row["iso3"] not in states:
            raise SourceDataError(
                aliases, f"unknown ISO 3166-1 alpha-3 {row['iso3']!r}", lineno
            )
        states[row["iso3"]][1].append(row["alias"])
    for _code, (entity, names) in sorted(states.items()):
        unique = tuple(dict.fromkeys(names))
        full = Entity(**{**entity.__dict__, "names": unique})
        resolver._entities[full.iri] = full
        resolver._add(full, list(unique), str(aliases))
    # Historic states (Yugoslavia, USSR, ...) only where no current name clashes.
    for country in pycountry.historic_countries:
        if country.alpha_3 in states:
            continue
        short = country.name.split(",")[0].strip()
        entity = Entity(
            "state",
            country.alpha_3,
            short,
            mint("state", country.alpha_3),
            iso2=country.alpha_2,
            historic=True,
            names=tuple(dict.fromkeys([short, country.name])),
        )
        resolver._entities[entity.iri] = entity
        resolver._add(entity, list(entity.names), "pycountry", weak=True)


def _load_translations(resolver: Resolver) -> None:
    """State names in the languages of the translated profiles.

    pycountry ships the ISO 3166-1 names in Spanish, French and Portuguese
    ("Ouganda", "Costa de Marfil"); a translated page lists members by
    them. They are added last and weakly, so no English name, alias or
    organisation is displaced, and a translated name two countries share
    (Spanish "Corea" for both Koreas) is left out rather than guessed.
    """
    # Keyed by the matching key, so "Niger" and "Níger" count as one name.
    by_key: dict[str, tuple[str, set[str]]] = {}
    for lang in TRANSLATED_LANGUAGES:
        catalogue = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
        for country in pycountry.countries:
            translated = catalogue.gettext(country.name)
            if translated == country.name:
                continue
            short = translated.split(",")[0].strip()
            inverted = _inverted(translated)  # "République unie de Tanzanie"
            for name in filter(None, (translated, short, inverted)):
                _, codes = by_key.setdefault(normalise(name), (name, set()))
                codes.add(country.alpha_3)
    for _key, (name, codes) in sorted(by_key.items()):
        if len(codes) == 1:
            entity = resolver._entities[mint("state", next(iter(codes)))]
            resolver._add(entity, [name], "pycountry", weak=True)


def _register(resolver: Resolver, entity: Entity, path: Path, lineno: int) -> None:
    """Add a gazetteer row's entity and its names; a key twice is an error."""
    if entity.iri in resolver._entities:
        raise SourceDataError(path, f"duplicate key {entity.key!r}", lineno)
    resolver._entities[entity.iri] = entity
    resolver._add(entity, list(entity.names), f"{path}:{lineno}")


def _load_organisations(resolver: Resolver, path: Path) -> None:
    columns = ["key", "acronym", "name", "aliases", "kind", "wikidata", "note"]
    for lineno, row in _read_csv(path, columns):
        if row["kind"] not in ("regional", "international"):
            raise SourceDataError(
                path,
                f"kind must be regional or international, not {row['kind']!r}",
                lineno,
            )
        if row["wikidata"] and not re.fullmatch(r"Q\d+", row["wikidata"]):
            raise SourceDataError(path, f"bad Wikidata id {row['wikidata']!r}", lineno)
        names = [
            row["name"],
            row["acronym"],
            *filter(None, row["aliases"].split("|")),
        ]
        entity = Entity(
            "organisation",
            row["key"],
            row["name"],
            mint("org", row["key"]),
            acronym=row["acronym"] or None,
            wikidata=row["wikidata"] or None,
            org_kind=row["kind"],
            note=row["note"] or None,
            names=tuple(dict.fromkeys(n for n in names if n)),
        )
        _register(resolver, entity, path, lineno)


#: The columns of ``instruments.csv``; the resolver reads the names, the
#: reference loader (``graph_builder.build.agreements``) the rest.
INSTRUMENT_COLUMNS = [
    "key",
    "short",
    "name",
    "aliases",
    "type",
    "org",
    "adopted",
    "place",
    "in_force",
    "depositary",
    "binding",
    "later_days",
    "later_rule",
    "citation",
    "note",
]


def _load_instruments(resolver: Resolver, path: Path) -> None:
    """Instruments by full, short and common names, and their in-force rule."""
    for lineno, row in _read_csv(path, INSTRUMENT_COLUMNS):
        try:
            in_force = date.fromisoformat(row["in_force"]) if row["in_force"] else None
        except ValueError:
            raise SourceDataError(
                path, f"in_force {row['in_force']!r} is not YYYY-MM-DD", lineno
            ) from None
        if row["later_days"] and not row["later_days"].isdigit():
            raise SourceDataError(
                path,
                f"later_days {row['later_days']!r} is not a number of days",
                lineno,
            )
        names = [row["name"], row["short"], *filter(None, row["aliases"].split("|"))]
        entity = Entity(
            "instrument",
            row["key"],
            row["name"],
            mint("instrument", row["key"]),
            acronym=row["short"] or None,
            note=row["note"] or None,
            names=tuple(dict.fromkeys(n for n in names if n)),
        )
        _register(resolver, entity, path, lineno)
        days = int(row["later_days"]) if row["later_days"] else None
        resolver.instrument_rules[entity.iri] = (in_force, days)


# -- lookup --------------------------------------------------------------
