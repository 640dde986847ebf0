"""Dates in profiles: the "accurate as of" line (four languages), dates in prose."""

import re

from graph_builder.text import (
    ParsedDate,
    parse_date,
)

__all__ = ["AS_OF", "DATE", "as_of_date", "date_of"]


AS_OF = re.compile(
    r"(?:information (?:is )?accurate as (?:of|at)"
    r"|informaci[oó]n (?:precisa|exacta|actualizada) (?:a|al|en)"
    r"(?: partir del?| fecha de| fecha)?"
    r"|informations? (?:exactes?|[aà] jour) (?:au|en date du|le)"
    r"|informa[cç][aã]o (?:precisa|atualizada|actualizada) (?:em|a|até))"
    r" (?P<date>.+?)\.?$",
    re.IGNORECASE,
)


#: Month names of the translated pages, for their "accurate as of" line.
_FOREIGN_MONTHS = {
    name: english
    for english, names in {
        "January": "enero janvier janeiro",
        "February": "febrero février fevrier fevereiro",
        "March": "marzo mars março marco",
        "April": "abril avril",
        "May": "mayo mai maio",
        "June": "junio juin junho",
        "July": "julio juillet julho",
        "August": "agosto août aout",
        "September": "septiembre setiembre septembre setembro",
        "October": "octubre octobre outubro",
        "November": "noviembre novembre novembro",
        "December": "diciembre décembre decembre dezembro",
    }.items()
    for name in names.split()
}


def as_of_date(text: str) -> ParsedDate | None:
    """Read an "accurate as of" date, English or translated ("2 de mayo de 2012").

    Examples:
        >>> [
        ...     as_of_date(t).lexical
        ...     for t in (
        ...         "4 June 2012",
        ...         "1er mai 2012",
        ...         "2 de mayo de 2012",
        ...         "1º de julio de 2012",
        ...     )
        ... ]
        ['2012-06-04', '2012-05-01', '2012-05-02', '2012-07-01']
    """
    text = re.sub(r"\b1(?:er\b|ro\b|o\b|º)", "1", text)  # "1er mai", "1º de mayo"
    words = [
        _FOREIGN_MONTHS.get(w.lower(), w)
        for w in re.sub(r"\b(?:de|del|du|le|em)\b", " ", text).split()
    ]
    return parse_date(" ".join(words))


DATE = r"(?:\d{1,2} )?(?:[A-Z][a-z]+ )?\d{4}"


def date_of(m: re.Match[str], *groups: str) -> ParsedDate | None:
    """The date in the first of these named groups that matched, if any."""
    text = next((t for g in groups if (t := m.groupdict().get(g))), None)
    return parse_date(text) if text else None
