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
        "accessibility": "Əlçatanlıq",
        "accessibility_statement": (
            "Ekran və arxiv faylları PDF/UA-1 standartına uyğun işarələnmiş fayllardır (arxiv faylları həm də "
            "PDF/A-3b): şəkillərin təsviri, başqa dildə olan hissələrin dili və keçidli mündəricat ekran "
            "oxuyucuları üçün qeyd olunub. Hər fayl veraPDF ilə PDF/UA-1 və PDF/A profillərinə görə "
            "yoxlanılıb və heç bir qayda pozulmayıb. Çap faylları (PDF/X-4) mətbəə üçündür."
        ),
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
        "accessibility": "Доступность",
        "accessibility_statement": (
            "Экранные и архивные файлы размечены по стандарту PDF/UA-1 (архивные — также PDF/A-3b): у "
            "иллюстраций есть описания, у фрагментов на других языках — свой язык, оглавление ведёт к "
            "статьям. Каждый файл проверен программой veraPDF по профилям PDF/UA-1 и PDF/A без единого "
            "нарушенного правила. Типографские файлы (PDF/X-4) предназначены для печати."
        ),
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
        "accessibility": "Accessibility",
        "accessibility_statement": (
            "The screen and archive files are tagged PDF/UA-1 files (the archive files are PDF/A-3b as well): "
            "figures are described, passages in other languages carry their language, and the contents lead "
            "to the articles. Every file was checked with veraPDF against the PDF/UA-1 and PDF/A profiles "
            "with no rule failed. The print files (PDF/X-4) are made for the printer."
        ),
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
        "accessibility": "Accesibilidad",
        "accessibility_statement": (
            "Los archivos de pantalla y de archivo son PDF/UA-1 etiquetados (los de archivo, además, "
            "PDF/A-3b): las figuras están descritas, los pasajes en otros idiomas llevan su idioma y el "
            "índice conduce a los artículos. Cada archivo se ha comprobado con veraPDF según los perfiles "
            "PDF/UA-1 y PDF/A sin ninguna regla incumplida. Los archivos de imprenta (PDF/X-4) son para la "
            "imprenta."
        ),
        "KB": "KB",
        "MB": "MB",
    },
}

# variant → language → (name, what it is for)
VARIANT_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "archive": {
        "az": ("Arxiv", "uzunmüddətli saxlama üçün: PDF/A-3b, PDF/UA-1"),
        "ru": ("Архивный", "для долговременного хранения: PDF/A-3b, PDF/UA-1"),
        "en": ("Archive", "for long-term keeping: PDF/A-3b, PDF/UA-1"),
        "es": ("Archivo", "para conservación a largo plazo: PDF/A-3b, PDF/UA-1"),
    },
    "screen": {
        "az": ("Ekran", "ekranda oxumaq üçün: PDF/UA-1"),
        "ru": ("Экранный", "для чтения с экрана: PDF/UA-1"),
        "en": ("Screen", "for reading on screen: PDF/UA-1"),
        "es": ("Pantalla", "para leer en pantalla: PDF/UA-1"),
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
