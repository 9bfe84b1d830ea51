"""Per-language typographic rules, kept in one table, and the functions that apply them.

The Markdown stage calls :func:`typeset` on plain text runs only (never on code
spans, URLs or attributes). Sources are written with straight quotes and ``--``;
this module turns them into what each language's readers expect. Dates and the
edition's period come from Babel so that month names, order and punctuation
follow CLDR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date, format_interval
from babel.numbers import format_decimal, get_group_symbol

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
RANGE_DASH = "\u2013\u2060"  # an en dash with a word joiner: "2023–2024" never breaks after the dash


@dataclass(frozen=True)
class LanguageRules:
    code: str
    name: str  # the language's own name, for the imprint and catalogue
    quotes: tuple[str, str]  # first level: opening, closing
    inner_quotes: tuple[str, str]  # second level
    apostrophe: str
    dash: str  # replaces " -- " between words (spaces included)
    # Short words that must not end a line: a no-break space follows them.
    clinging_words: frozenset[str] = field(default_factory=frozenset)
    # Particles that must not start a line: a no-break space goes before them (Russian «же», «бы»).
    trailing_words: frozenset[str] = field(default_factory=frozenset)
    # Words after a number that stay on its line ("101 km").
    units: frozenset[str] = field(default_factory=frozenset)
    # Whether a four-digit number is grouped: English does (4,700); Russian (GOST),
    # Azerbaijani and Spanish (the Academy) write four digits together (4700).
    group_four_digits: bool = False
    # What separates groups of three digits when it is not the locale's own: the Spanish
    # Academy wants a thin space (12 000), not the point Babel gives (12.000).
    group_separator: str | None = None


_COMMON_UNITS = {"km", "m", "cm", "mm", "ha", "kg", "t", "MW", "kW", "GW", "MWh", "GWh", "kV", "%", "°C"}

RULES: dict[str, LanguageRules] = {
    "az": LanguageRules(
        code="az",
        name="Azərbaycanca",
        quotes=("\u201c", "\u201d"),
        inner_quotes=("\u2018", "\u2019"),
        apostrophe="\u2019",
        dash=NBSP + "\u2014 ",
        clinging_words=frozenset({"o", "O", "və", "Və", "ki", "bu", "Bu", "da", "də"}),
        units=frozenset(_COMMON_UNITS | {"hektar", "min", "milyon", "milyard", "nəfər", "manat", "₼"}),
    ),
    "ru": LanguageRules(
        code="ru",
        name="Русский",
        quotes=("\u00ab", "\u00bb"),
        inner_quotes=("\u201e", "\u201c"),
        apostrophe="\u2019",
        dash=NBSP + "\u2014 ",
        clinging_words=frozenset(
            w for base in ("а", "в", "и", "к", "о", "с", "у", "я", "во", "до", "за", "из", "ко", "на", "не",
                           "но", "об", "от", "по", "со")
            for w in (base, base.capitalize())
        ),
        trailing_words=frozenset({"же", "ж", "ли", "ль", "бы", "б"}),
        units=frozenset(_COMMON_UNITS | {"км", "м", "см", "га", "кг", "т", "МВт", "кВт", "ГВт", "тыс.", "млн",
                                          "млрд", "человек", "семей", "г.", "гг.", "года"}),
    ),
    "en": LanguageRules(
        code="en",
        name="English",
        quotes=("\u201c", "\u201d"),
        inner_quotes=("\u2018", "\u2019"),
        apostrophe="\u2019",
        dash=NBSP + "\u2013 ",
        clinging_words=frozenset({"a", "A", "I"}),
        units=frozenset(_COMMON_UNITS | {"hectares", "million", "billion", "people", "families"}),
        group_four_digits=True,
    ),
    "es": LanguageRules(
        code="es",
        name="Español",
        quotes=("\u00ab", "\u00bb"),
        inner_quotes=("\u201c", "\u201d"),
        apostrophe="\u2019",
        dash=NBSP + "\u2014 ",
        clinging_words=frozenset({"a", "A", "e", "E", "o", "O", "u", "U", "y", "Y", "el", "El", "la", "La", "de",
                                  "en", "En"}),
        units=frozenset(_COMMON_UNITS | {"hectáreas", "millones", "millón", "personas", "familias"}),
        group_separator=NNBSP,
    ),
}

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(RULES)


class QuoteState:
    """Open quotation marks of one paragraph: quotes may span several text runs (``"*word*"``)."""

    def __init__(self) -> None:
        self.depth = 0
        self.single_open = False


_OPENING_CONTEXT = re.compile(r"[\s(\[{\u2014\u2013/\u00a0-]")
_LETTER = re.compile(r"\w")


def _quotes(text: str, rules: LanguageRules, state: QuoteState, before: str) -> str:
    if '"' not in text and "'" not in text:
        return text  # most runs have no quotes: skip the character walk
    out: list[str] = []
    prev = before
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == '"':
            opening = (not prev or _OPENING_CONTEXT.match(prev)) and not nxt.isspace()
            if opening:
                pair = rules.quotes if state.depth == 0 else rules.inner_quotes
                state.depth += 1
                ch = pair[0]
            else:
                state.depth = max(state.depth - 1, 0)
                ch = (rules.quotes if state.depth == 0 else rules.inner_quotes)[1]
        elif ch == "'":
            if prev and _LETTER.match(prev) and nxt and _LETTER.match(nxt):
                ch = rules.apostrophe  # don't, l'eau
            elif (not prev or _OPENING_CONTEXT.match(prev)) and nxt and _LETTER.match(nxt):
                state.single_open = True
                ch = rules.inner_quotes[0]
            elif state.single_open:
                state.single_open = False
                ch = rules.inner_quotes[1]
            else:
                ch = rules.apostrophe  # the students' books
        out.append(ch)
        prev = ch
    return "".join(out)


_SPACED_DASH = re.compile(r"[ \u00a0]+(?:--|\u2014|\u2013|-)[ ]+")
_DOUBLE_HYPHEN = re.compile(r"--")
_NUMBER_RANGE = re.compile(r"(?<=\d)(?:--|-|\u2013)\u2060?(?=\d)")
_ELLIPSIS = re.compile(r"\.\.\.")
_NUMERO = re.compile(r"№ ")
_INITIALS = re.compile(r"\b([A-ZÀ-ÖØ-ÞƏİА-ЯЁ]\.) (?=[A-ZÀ-ÖØ-ÞƏİА-ЯЁ])")
# Whole numbers of 4 to 15 digits without a leading zero (codes and serials are left as written).
_NUMBER = re.compile(r"(?<![\d.,\w])([1-9]\d{3,14})(?![\d\w]|[.,]\d)")
# Numbers in a list ("1200, 4700 and 8500") are written alike: grouped if any of them is.
_NUMBER_LIST = re.compile(
    r"(?<![\d.,\w])[1-9]\d{3,14}(?:(?:,\s*|\s+(?:and|y|e|və|и)\s+)[1-9]\d{3,14})+(?![\d\w]|[.,]\d)"
)


def _maybe_year(digits: str) -> bool:
    return len(digits) == 4 and 1000 <= int(digits) <= 2099


def _grouped(value: int, rules: LanguageRules) -> str:
    text = format_decimal(value, locale=rules.code).replace(" ", NBSP)
    if rules.group_separator is not None:
        separator = get_group_symbol(rules.code)
        text = text.replace(NBSP if separator in (" ", NBSP) else separator, rules.group_separator)
    return text


def _group_numbers(text: str, rules: LanguageRules) -> str:
    def grouped(digits: str) -> str:
        return _grouped(int(digits), rules)

    def single(match: re.Match[str]) -> str:
        digits = match.group(1)
        if len(digits) == 4 and (not rules.group_four_digits or _maybe_year(digits)):
            return digits  # years are never grouped, and a four-digit number from 1000 to 2099 may be one
        return grouped(digits)

    def listed(match: re.Match[str]) -> str:
        members = re.findall(r"\d{4,}", match.group(0))
        if rules.group_four_digits and not all(_maybe_year(m) for m in members):
            return re.sub(r"\d{4,}", lambda m: grouped(m.group(0)), match.group(0))
        return _NUMBER.sub(single, match.group(0))

    pieces, last = [], 0
    for match in _NUMBER_LIST.finditer(text):
        pieces += [_NUMBER.sub(single, text[last:match.start()]), listed(match)]
        last = match.end()
    pieces.append(_NUMBER.sub(single, text[last:]))
    return "".join(pieces)


def _cling(text: str, rules: LanguageRules) -> str:
    words = rules.clinging_words

    def tie_word(match: re.Match[str]) -> str:
        return match.group(1) + NBSP if match.group(1) in words else match.group(0)

    text = re.sub(r"(?<![\w\u00a0])(\w{1,3}) (?=\S)", tie_word, text)
    if rules.trailing_words:
        pattern = "|".join(sorted(rules.trailing_words, key=len, reverse=True))
        text = re.sub(rf"(?<=\S) ({pattern})(?!\w)", NBSP + r"\1", text)

    units = rules.units

    def tie_unit(match: re.Match[str]) -> str:
        return match.group(1) + NBSP + match.group(2) if match.group(2) in units else match.group(0)

    return re.sub(r"(\d) (\w+\.?|%|₼|°C)(?!\w)", tie_unit, text)


def typeset(text: str, lang: str, state: QuoteState, before: str = "") -> str:
    """Apply ``lang``'s rules to one run of plain text.

    ``before`` is the last character of the preceding run in the same paragraph,
    which decides whether a quote at the start of this run opens or closes.
    """
    rules = RULES[lang]
    text = _SPACED_DASH.sub(rules.dash, text)
    text = _NUMBER_RANGE.sub(RANGE_DASH, text)
    text = _DOUBLE_HYPHEN.sub("\u2013", text)
    text = _ELLIPSIS.sub("\u2026", text)
    text = _quotes(text, rules, state, before)
    text = _NUMERO.sub("№" + NBSP, text)
    text = _INITIALS.sub(r"\1" + NBSP, text)
    text = _group_numbers(text, rules)
    return _cling(text, rules)


LAST_WORD_TIED = 12  # a title's last word up to this long is kept with the word before it


def keep_last_words(html: str) -> str:
    """Tie a title's last word to the one before, so that no title ends on a line of one word.

    Works on rendered inline HTML: the last space outside a tag becomes a no-break
    space when the title has three words or more and its last word is short.
    """
    depth, last_space, words = 0, -1, 1
    for index, char in enumerate(html):
        if char == "<":
            depth += 1
        elif char == ">":
            depth = max(depth - 1, 0)
        elif char == " " and depth == 0:
            last_space, words = index, words + 1
    if last_space < 0 or words < 3:
        return html
    tail = re.sub(r"<[^>]*>", "", html[last_space + 1:])
    if len(tail) > LAST_WORD_TIED:
        return html
    return html[:last_space] + NBSP + html[last_space + 1:]


def period_label(start: date, end: date, lang: str) -> str:
    """The edition's period as the language writes it: "yanvar–iyun 2024", "январь — июнь 2024 г."."""
    return format_interval(start, end, "yMMMM", locale=lang)


def long_date(day: date, lang: str) -> str:
    """A full date: "15 iyul 2024", "15 июля 2024 г.", "15 July 2024", "15 de julio de 2024"."""
    if lang == "en":
        # CLDR's en is American ("July 15, 2024"); the bulletin writes British dates.
        return format_date(day, "long", locale="en_GB")
    return format_date(day, "long", locale=lang)


def number(value: int, lang: str) -> str:
    """An integer as ``lang`` writes it in running text."""
    if len(str(abs(value))) == 4 and not RULES[lang].group_four_digits:
        return str(value)
    return _grouped(value, RULES[lang])
