"""Text helpers shared by the source parsers: sentences, numbers, dates, lists."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, localcontext

__all__ = [
    "Line",
    "ParsedDate",
    "Sentence",
    "parse_date",
    "parse_number",
    "parse_timestamp",
    "sentences",
    "slugify",
    "split_names",
    "strip_article",
]

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_UNITS = {
    "zero": 0,
    "no": 0,
    "none": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


@dataclass(frozen=True)
class Line:
    """One line of a source document.

    Attributes:
        number: 1-based line number in the document's text.
        text: The line without its end-of-line characters.
        page: The 1-based page it is on, for a PDF; None otherwise.
    """

    number: int
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a line, with its position for provenance.

    Attributes:
        line: 1-based line number.
        index: 0-based index of the sentence within its line.
        text: The sentence text, stripped.
    """

    line: int
    index: int
    text: str


_SENTENCE_END = re.compile('(?<=[.!?])\\s+(?=[A-Z"\u201c\u2018(])')


def sentences(line: Line) -> list[Sentence]:
    """Split a line into sentences.

    Args:
        line: The line to split.

    Returns:
        The sentences, in order; empty for a blank line.

    Examples:
        >>> [
        ...     s.text
        ...     for s in sentences(Line(3, "SELEC exists. It was founded in 2011."))
        ... ]
        ['SELEC exists.', 'It was founded in 2011.']
    """
    parts = [p.strip() for p in _SENTENCE_END.split(line.text.strip()) if p.strip()]
    return [Sentence(line.number, i, p) for i, p in enumerate(parts)]


def parse_number(text: str) -> int | None:
    """Read a cardinal or ordinal number written in digits or English words.

    Args:
        text: For example ``"13"``, ``"3,423"``, ``"eight"``, ``"ninth"``,
            ``"twenty-one"`` or ``"15 million"``.

    Returns:
        The integer, or None if the text is not a number.

    Examples:
        >>> [parse_number(t) for t in ["3,423", "Eight", "ninth", "15 million", "x"]]
        [3423, 8, 9, 15000000, None]
        >>> parse_number("12345678901234567890123456789")
        12345678901234567890123456789
    """
    t = text.strip().lower().replace(",", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion)?", t)
    if m:
        # Integers and Decimal, never float: a count of 29 digits stays exact.
        digits, scale = m.group(1), _SCALES.get(m.group(2) or "", 1)
        if "." not in digits:
            return int(digits) * scale
        with localcontext() as exact:
            exact.prec = len(digits) + 10  # enough for every digit and the scale
            return int((Decimal(digits) * scale).to_integral_value())
    ordinals = {
        "first": "one",
        "second": "two",
        "third": "three",
        "fifth": "five",
        "eighth": "eight",
        "ninth": "nine",
        "twelfth": "twelve",
    }
    total = 0
    seen = False
    for word in re.split(r"[\s-]+", t):
        word = ordinals.get(word, word)
        if word.endswith("th") and word[:-2] in _UNITS:
            word = word[:-2]
        if word in _UNITS:
            total += _UNITS[word]
            seen = True
        elif word in _SCALES and seen:
            total *= _SCALES[word]
        elif word != "and":
            return None
    return total if seen else None


@dataclass(frozen=True)
class ParsedDate:
    """A date with the precision the source gave it.

    Attributes:
        year: The year.
        month: The month, or None for a bare year.
        day: The day, or None when only year or month is known.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def lexical(self) -> str:
        """The XSD lexical form (``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def first_day(self) -> date:
        """The earliest day the date can mean ("2004" -> 2004-01-01)."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def day_after(self) -> date:
        """The day after the latest day the date can mean ("2004" -> 2005-01-01)."""
        if self.day is not None:
            return date(self.year, self.month or 1, self.day) + timedelta(days=1)
        if self.month is not None:
            return date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return date(self.year + 1, 1, 1)

    @property
    def last_day(self) -> date:
        """The latest day the date can mean ("2012-05" -> 2012-05-31)."""
        return self.day_after - timedelta(days=1)

    @property
    def xsd_type(self) -> str:
        """The local name of the XSD datatype matching the precision."""
        if self.month is None:
            return "gYear"
        return "gYearMonth" if self.day is None else "date"


_DAY_MONTH_YEAR = re.compile(
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>[A-Za-z]+),?\s+(?P<y>\d{4})"
)
_MONTH_DAY_YEAR = re.compile(
    r"(?P<m>[A-Za-z]+)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y>\d{4})"
)
_MONTH_YEAR = re.compile(r"(?P<m>[A-Za-z]+)\s+(?P<y>\d{4})")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_ISO_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})")


def parse_date(text: str) -> ParsedDate | None:
    """Read a date such as ``4 June 2012``, ``7th of October 2011`` or ``2011``.

    Args:
        text: The date text; surrounding words are not allowed.

    Returns:
        The date at the precision given, or None if the text is not a valid date.

    Examples:
        >>> parse_date("7th of October 2011").lexical
        '2011-10-07'
        >>> parse_date("June 2012").xsd_type
        'gYearMonth'
        >>> parse_date("2012-06") == parse_date("June 2012")
        True
        >>> parse_date("31 February 2012") is None
        True
    """
    t = text.strip().rstrip(".")
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO):
        m = pattern.fullmatch(t)
        if m:
            month_text = m.group("m")
            month = (
                int(month_text)
                if month_text.isdigit()
                else MONTHS.get(month_text.lower())
            )
            if month is None:
                return None
            try:
                date(int(m.group("y")), month, int(m.group("d")))
            except ValueError:
                return None
            return ParsedDate(int(m.group("y")), month, int(m.group("d")))
    m = _MONTH_YEAR.fullmatch(t)
    if m and m.group("m").lower() in MONTHS:
        return ParsedDate(int(m.group("y")), MONTHS[m.group("m").lower()])
    m = _ISO_MONTH.fullmatch(t)
    if m:
        month = int(m.group("m"))
        return ParsedDate(int(m.group("y")), month) if 1 <= month <= 12 else None
    if re.fullmatch(r"\d{4}", t):
        return ParsedDate(int(t))
    return None


_TIMESTAMP = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\s*:\s*(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"\s*:\s*(?P<tz>[+-]\d{4})"
)


def parse_timestamp(text: str) -> datetime | None:
    """Read a profile print stamp such as ``11.8.2020 : 12:45 : +0200`` (day first).

    Args:
        text: The whole line.

    Returns:
        An aware datetime, or None if the line is not such a stamp.

    Examples:
        >>> parse_timestamp("11.8.2020 : 12:45 : +0200").isoformat()
        '2020-08-11T12:45:00+02:00'
    """
    m = _TIMESTAMP.fullmatch(text.strip())
    if not m:
        return None
    tz = m.group("tz")
    offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5]))
    try:
        return datetime(
            int(m.group("y")),
            int(m.group("m")),
            int(m.group("d")),
            int(m.group("H")),
            int(m.group("M")),
            tzinfo=timezone(-offset if tz[0] == "-" else offset),
        )
    except ValueError:
        return None


def strip_article(name: str) -> str:
    """Remove a leading ``the`` and surrounding punctuation from a name.

    Examples:
        >>> strip_article(" the OSCE.")
        'OSCE'
    """
    name = name.strip().strip(".;:").strip()
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def split_names(text: str) -> list[str]:
    """Split an enumeration of names on commas and a final ``and``.

    Items are split on ``and`` only by the caller's resolver, since names such
    as "Bosnia and Herzegovina" contain it; this function splits on commas and
    on ", and", and keeps parenthesised parts together.

    Args:
        text: For example ``"the RCC and SEESAC, the OSCE, and the ICMPD"``.

    Returns:
        The items, stripped of articles and punctuation, empty ones dropped.

    Examples:
        >>> split_names("Albania, Croatia (suspended), and the OSCE.")
        ['Albania', 'Croatia (suspended)', 'OSCE']
    """
    items: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    out = []
    for item in items:
        item = re.sub(r"^\s*and\s+", "", item.strip())
        item = strip_article(item)
        if item:
            out.append(item)
    return out


def slugify(text: str, max_length: int = 60) -> str:
    """Make a lowercase ASCII slug for use in IRIs.

    Examples:
        >>> slugify("Operation Safe Place")
        'operation-safe-place'
        >>> slugify("Côte d'Ivoire")
        'cote-d-ivoire'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "x"
