"""Validators shared by the settings files: texts per language, language lists, dates.

Each takes the parsed document (for line numbers) and the keys that lead to the
value, and raises a :class:`~pressroom.errors.SourceError` at the value's line.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..text.typography import SUPPORTED_LANGUAGES
from .yamlfile import YamlDocument


def localized(doc: YamlDocument, key: str, languages: tuple[str, ...], required: bool, *prefix: Any) -> dict[str, str]:
    """A text that is either one string for every language or a mapping language → string."""
    mapping = doc.data
    for p in prefix:
        mapping = mapping[p]
    value = mapping.get(key)
    if value is None:
        if required:
            raise doc.error(f"missing required field {key!r}", *prefix)
        return {lang: "" for lang in languages}
    if isinstance(value, str):
        return {lang: value.strip() for lang in languages}
    if isinstance(value, dict):
        for lang, text in value.items():
            if lang not in languages:
                raise doc.error(f"{key}: language {lang!r} is not one of {', '.join(languages)}", *prefix, key, lang)
            if not isinstance(text, str):
                raise doc.error(f"{key}.{lang} must be text", *prefix, key, lang)
        missing = [lang for lang in languages if lang not in value]
        if required and missing:
            raise doc.error(f"{key}: no text for {', '.join(missing)}", *prefix, key)
        return {lang: str(value.get(lang, "")).strip() for lang in languages}
    raise doc.error(f"{key} must be text, or a mapping from language code to text", *prefix, key)


def languages(doc: YamlDocument, value: Any, *keys: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise doc.error("languages must be a non-empty list of language codes, e.g. [az, ru, en, es]", *keys)
    for i, lang in enumerate(value):
        if lang not in SUPPORTED_LANGUAGES:
            raise doc.error(
                f"unknown language {lang!r}; pressroom supports {', '.join(SUPPORTED_LANGUAGES)}", *keys, i
            )
    if len(set(value)) != len(value):
        raise doc.error("a language is listed twice", *keys)
    return tuple(value)




def a_date(doc: YamlDocument, value: Any, *keys: Any) -> date:
    if isinstance(value, datetime):
        raise doc.error("a date is a day, written YYYY-MM-DD, without a time or time zone", *keys)
    if isinstance(value, date):
        return value
    raise doc.error("a date must be written YYYY-MM-DD", *keys)
