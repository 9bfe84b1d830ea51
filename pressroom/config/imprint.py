"""The imprint's optional lines (``imprint:`` in pressroom.yaml and in edition.yaml).

A publication registers its ISSN and names its editors once; an edition adds
its print run, printer and legal-deposit line, and may override the rest.
Every field is optional and printed only when given: nothing is invented.
Each is one text, or a mapping from language code to text (an ISSN is often
registered for some language versions only); ``editorial_board`` may be a list
of names, ``print_run`` a number.
"""

from __future__ import annotations

import re
from typing import Any

from .yamlfile import YamlDocument, check_keys

# In print order.
IMPRINT_FIELDS = ("editor_in_chief", "editorial_board", "address", "issn_print", "issn_online", "printer",
                  "print_run", "legal_deposit")
ISSN_FIELDS = ("issn_print", "issn_online")
_ISSN = re.compile(r"^\d{4}-\d{3}[\dX]$")

Imprint = dict[str, dict[str, str]]  # field → language → text (only the fields and languages that are set)


def load_imprint(doc: YamlDocument, languages: tuple[str, ...]) -> Imprint:
    """The ``imprint:`` mapping of ``doc``, checked: known keys, texts, valid ISSNs (with their check digit)."""
    data = doc.data.get("imprint")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise doc.error("imprint must be a mapping, e.g. {issn_print: 1234-5679, editor_in_chief: …}", "imprint")
    check_keys(doc, data, set(IMPRINT_FIELDS), "imprint")
    imprint: Imprint = {}
    for name in IMPRINT_FIELDS:
        if name not in data or data[name] is None:
            continue
        value = data[name]
        per_language = value if isinstance(value, dict) else {lang: value for lang in languages}
        texts = {}
        for lang, text in per_language.items():
            keys: tuple[Any, ...] = ("imprint", name, lang) if isinstance(value, dict) else ("imprint", name)
            if lang not in languages:
                raise doc.error(f"imprint.{name}: language {lang!r} is not one of {', '.join(languages)}", *keys)
            texts[lang] = _text(doc, name, text, keys)
        imprint[name] = {lang: text for lang, text in texts.items() if text}
    return imprint


def _text(doc: YamlDocument, name: str, value: Any, keys: tuple[Any, ...]) -> str:
    if name == "editorial_board" and isinstance(value, list):
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise doc.error("imprint.editorial_board: a list of names (text)", *keys)
        return ", ".join(item.strip() for item in value)
    if name == "print_run" and isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise doc.error("imprint.print_run: the number of copies printed, more than 0", *keys)
        return str(value)
    if name in ISSN_FIELDS and not isinstance(value, str):
        raise doc.error(f"imprint.{name} {value!r} is not an ISSN: write it as NNNN-NNNC, e.g. 2049-3630", *keys)
    if not isinstance(value, str):
        raise doc.error(f"imprint.{name} must be text, or a mapping from language code to text", *keys)
    text = value.strip()
    if name in ISSN_FIELDS and text:
        text = text.upper()
        if not _ISSN.match(text):
            raise doc.error(f"imprint.{name} {value!r} is not an ISSN: write it as NNNN-NNNC, e.g. 2049-3630",
                            *keys)
        if not issn_check_digit_holds(text):
            raise doc.error(f"imprint.{name} {text}: the check digit is wrong (a mistyped ISSN?)", *keys)
    return text


def issn_check_digit_holds(issn: str) -> bool:
    """ISO 3297: the eighth character is the check digit of the first seven (weights 8…2, modulo 11, X for 10)."""
    digits = issn.replace("-", "")
    total = sum(int(digit) * weight for digit, weight in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def merged(publication: Imprint, edition: Imprint, lang: str) -> tuple[tuple[str, str], ...]:
    """The imprint lines of one language: the edition's values over the publication's, in print order."""
    lines = []
    for name in IMPRINT_FIELDS:
        text = edition.get(name, {}).get(lang) or publication.get(name, {}).get(lang, "")
        if text:
            lines.append((name, text))
    return tuple(lines)
