"""The download catalogue's own words in each language, and how it writes sizes and variant names."""

from __future__ import annotations

from babel.numbers import format_decimal

from ..structure.edition import Publication
from ..text.typography import NNBSP

# Rows of a card, in this order: the archivists' copy first. Variants not named
# here (a future one) follow in name order under their own name.
VARIANT_ORDER = ("archive", "screen", "print", "print-imposed")

# The page's own words. These would sit in styles/labels.yaml beside the
# bulletin's labels; they are kept here until that file grows catalogue keys.
LABELS: dict[str, dict[str, str]] = {
    "az": {
        "title": "Yükləmə kataloqu",
        "intro": "Hər buraxılışın PDF faylları, dillər və variantlar üzrə, SHA-256 yoxlama cəmi ilə.",
        "editions": "Buraxılışlar",
        "period": "Dövr",
        "manifest": "Manifest",
        "all": "Bütün dillər bir faylda",
        "variant": "Variant",
        "pages": "Səhifə",
        "size": "Ölçü",
        "download": "Yüklə",
        "cover": "Üz qabığı",
        "bytes": "bayt",
        "empty": "Hələ heç bir buraxılış hazırlanmayıb.",
        "KB": "KB",
        "MB": "MB",
    },
    "ru": {
        "title": "Каталог файлов",
        "intro": "PDF-файлы каждого выпуска на всех языках и во всех вариантах, с контрольными суммами SHA-256.",
        "editions": "Выпуски",
        "period": "Период",
        "manifest": "Манифест",
        "all": "Все языки в одном файле",
        "variant": "Вариант",
        "pages": "Стр.",
        "size": "Размер",
        "download": "Скачать",
        "cover": "Обложка",
        "bytes": "байт",
        "empty": "Ни один выпуск ещё не собран.",
        "KB": "КБ",
        "MB": "МБ",
    },
    "en": {
        "title": "Download catalogue",
        "intro": "The PDFs of every edition, in each language and variant, with SHA-256 checksums.",
        "editions": "Editions",
        "period": "Period",
        "manifest": "Manifest",
        "all": "All languages in one file",
        "variant": "Variant",
        "pages": "Pages",
        "size": "Size",
        "download": "Download",
        "cover": "Cover",
        "bytes": "bytes",
        "empty": "No edition has been built yet.",
        "KB": "KB",
        "MB": "MB",
    },
    "es": {
        "title": "Catálogo de descargas",
        "intro": "Los PDF de cada edición, en cada idioma y variante, con sumas de verificación SHA-256.",
        "editions": "Ediciones",
        "period": "Período",
        "manifest": "Manifiesto",
        "all": "Todos los idiomas en un archivo",
        "variant": "Variante",
        "pages": "Págs.",
        "size": "Tamaño",
        "download": "Descargar",
        "cover": "Portada",
        "bytes": "bytes",
        "empty": "Todavía no se ha generado ninguna edición.",
        "KB": "KB",
        "MB": "MB",
    },
}

# variant → language → (name, what it is for)
VARIANT_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "archive": {
        "az": ("Arxiv", "uzunmüddətli saxlama üçün"),
        "ru": ("Архивный", "для долговременного хранения"),
        "en": ("Archive", "for long-term keeping"),
        "es": ("Archivo", "para conservación a largo plazo"),
    },
    "screen": {
        "az": ("Ekran", "ekranda oxumaq üçün"),
        "ru": ("Экранный", "для чтения с экрана"),
        "en": ("Screen", "for reading on screen"),
        "es": ("Pantalla", "para leer en pantalla"),
    },
    "print": {
        "az": ("Çap", "mətbəə üçün: PDF/X, CMYK"),
        "ru": ("Типографский", "для типографии: PDF/X, CMYK"),
        "en": ("Print", "for the printer: PDF/X, CMYK"),
        "es": ("Imprenta", "para la imprenta: PDF/X, CMYK"),
    },
    "print-imposed": {
        "az": ("Çap vərəqləri", "tikiş üçün cüt-cüt düzülmüş səhifələr"),
        "ru": ("Спуск полос", "развороты для шитья внакидку"),
        "en": ("Printer’s spreads", "pages paired for saddle stitching"),
        "es": ("Imposición", "pliegos para grapado a caballo"),
    },
}

# Text in one or more languages: ((lang, text), ...). A language's own card has one
# pair; what the whole page says has one per language, and the template shows
# each with its lang attribute.
Words = tuple[tuple[str, str], ...]


def everywhere(publication: Publication, key: str) -> Words:
    """A label of the page in every language the page speaks."""
    return tuple((lang, LABELS[lang][key]) for lang in page_languages(publication))


def page_languages(publication: Publication) -> tuple[str, ...]:
    return tuple(lang for lang in publication.languages if lang in LABELS)


def card_languages(card_lang: str, publication: Publication) -> tuple[str, ...]:
    return (card_lang,) if card_lang in LABELS else page_languages(publication)


def number_lang(card_lang: str, publication: Publication) -> str:
    """The language numbers of a card are written in; a card of several languages uses the page's first."""
    return card_lang if card_lang in LABELS else (page_languages(publication) or ("en",))[0]


def human_size(size: int, lang: str) -> str:
    """"5.2 MB" as ``lang`` writes it; binary multiples, like ``pressroom make``'s summary table."""
    labels = LABELS.get(lang, LABELS["en"])
    if size < 1024:
        return f"{size}{NNBSP}{labels['bytes']}"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{format_decimal(value, format='#,##0.0', locale=lang)}{NNBSP}{labels[unit]}"


def exact_size(size: int, lang: str) -> str:
    """"5 418 398 bytes": digits grouped by narrow spaces (ISO 80000), read alike in every language.

    A card of several languages says "B", which none of them needs translated.
    """
    grouped = f"{size:,}".replace(",", NNBSP)
    return f"{grouped}{NNBSP}{LABELS[lang]['bytes'] if lang in LABELS else 'B'}"


def variant_words(variant: str, languages: tuple[str, ...], hint: bool) -> Words:
    known = VARIANT_LABELS.get(variant)
    if known is None:
        return () if hint else (("", variant),)
    if hint and len(languages) > 1:
        return ()  # four explanations on one row would drown the table; the language cards have them
    return tuple((lang, known[lang][1 if hint else 0]) for lang in languages if lang in known)


def variant_key(variant: str) -> tuple[int, str]:
    return (VARIANT_ORDER.index(variant) if variant in VARIANT_ORDER else len(VARIANT_ORDER), variant)
