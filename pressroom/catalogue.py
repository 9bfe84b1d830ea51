"""A static download catalogue of every built edition: ``<out>/index.html``.

For archivists: each edition's PDFs, per language and variant, with page count,
size and SHA-256, a cover thumbnail per language, and a link to the edition's
``manifest.json``. The page is plain HTML with its style sheet inlined (one
self-contained file, no JavaScript) and links relative to ``<out>/``, so the
output folder can be copied to any web server or opened from disk as it is.

Everything comes from the manifests the build writes; nothing is rebuilt. A
damaged manifest, or an entry whose file is gone, is reported and left out
rather than stopping the catalogue: the other editions are still worth listing.
The page is deterministic (no dates of its own, fixed orders), so rewriting it
from the same outputs gives the same bytes.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import jinja2
from babel.numbers import format_decimal
from markupsafe import Markup

from . import __version__
from .edition import EDITION_ID, Publication
from .compose import template_environment
from .errors import SourceError
from .typography import NNBSP, RULES, period_label

TEMPLATE = "catalogue.html.j2"
STYLESHEET = "catalogue.css"
INDEX = "index.html"
MANIFEST = "manifest.json"
THUMBS = "thumbs"
THUMB_WIDTH = 240  # pixels; shown at half that in CSS pixels, so sharp on high-density screens
ALL = "all"  # the language of a file that holds every language

# Rows of a card, in this order: the archivists' copy first. Variants not named
# here (a future one) follow in name order under their own name.
VARIANT_ORDER = ("archive", "screen", "print", "print-imposed")
# Which PDF a language's cover thumbnail is drawn from: RGB first, since PDFium
# shows a CMYK print file's colours only approximately. Imposed spreads are never
# used: their first side is the back cover beside the front.
THUMB_SOURCES = ("screen", "archive", "print")
SHA256 = re.compile(r"^[0-9a-f]{64}$")

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
Warn = Callable[[str], None]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogueFile:
    """One downloadable PDF: a row of a language's card."""

    file: str
    href: str  # relative to the catalogue: "<ID>/<file>"
    variant: str
    name: Words
    hint: Words
    pages: int
    bytes: int
    size: str  # "5.2 MB", as the card's language writes it
    exact_size: str  # "5 418 398 bytes"
    sha256: str


@dataclass(frozen=True)
class Thumbnail:
    href: str
    pdf_href: str  # the PDF it shows: the picture links to it
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class LanguageCard:
    """One language of an edition (or ``all``: the files that hold every language)."""

    lang: str
    anchor: str
    title: Words
    period: Words
    labels: dict[str, Words]  # column headings and the link's text, in the card's language(s)
    thumbnail: Thumbnail | None
    files: tuple[CatalogueFile, ...]

    @property
    def html_lang(self) -> str | None:
        """The card's lang attribute; None where it speaks several languages (the page's own is kept)."""
        return self.lang if self.lang in LABELS else None


@dataclass(frozen=True)
class CatalogueEdition:
    id: str
    anchor: str
    period: Words
    manifest_href: str
    cards: tuple[LanguageCard, ...]


# -- reading the manifests ------------------------------------------------------


class DamagedManifest(ValueError):
    """A manifest that cannot be read as one; the edition is left out of the catalogue."""


def _edition_key(edition_id: str) -> tuple[int, int]:
    match = EDITION_ID.match(edition_id)
    assert match is not None
    return int(match["year"]), int(match["half"])


def _read_manifest(path: Path, edition_id: str, publication: Publication) -> tuple[tuple[date, date], list]:
    """The period and the file entries of a manifest; raises DamagedManifest with the reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DamagedManifest(f"cannot read it: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise DamagedManifest("not UTF-8") from None
    except ValueError as exc:
        raise DamagedManifest(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise DamagedManifest("not a JSON object")
    if data.get("edition") != edition_id:
        raise DamagedManifest(f"its edition is {data.get('edition')!r}, not that of its folder, {edition_id!r}")
    if data.get("publication") != publication.slug:
        raise DamagedManifest(f"it belongs to publication {data.get('publication')!r}, not {publication.slug!r}")
    period = data.get("period")
    try:
        if not (isinstance(period, list) and len(period) == 2 and all(isinstance(d, str) for d in period)):
            raise ValueError
        start, end = date.fromisoformat(period[0]), date.fromisoformat(period[1])
    except ValueError:
        raise DamagedManifest("its period is not two ISO dates") from None
    files = data.get("files")
    if not isinstance(files, list):
        raise DamagedManifest("it has no list of files")
    return (start, end), files


def _entry_problem(entry: object) -> str | None:
    """Why a manifest entry cannot be listed, or None if it can."""
    if not isinstance(entry, dict):
        return "an entry that is not an object"
    for key in ("file", "language", "variant", "sha256"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            return f"an entry without {key}"
    for key in ("pages", "bytes"):
        value = entry.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{entry['file']}: {key} is not a count"
    name = entry["file"]
    # Manifest entries name files in the edition's own folder: anything else
    # (a path, a hidden file) is not ours to offer for download.
    if "/" in name or "\\" in name or name.startswith(".") or not name.lower().endswith(".pdf"):
        return f"{name!r} is not a PDF in the edition's folder"
    if not SHA256.match(entry["sha256"]):
        return f"{name}: sha256 is not 64 hexadecimal digits"
    return None


# -- words ----------------------------------------------------------------------


def _everywhere(publication: Publication, key: str) -> Words:
    """A label of the page in every language the page speaks."""
    return tuple((lang, LABELS[lang][key]) for lang in _page_languages(publication))


def _page_languages(publication: Publication) -> tuple[str, ...]:
    return tuple(lang for lang in publication.languages if lang in LABELS)


def _card_languages(card_lang: str, publication: Publication) -> tuple[str, ...]:
    return (card_lang,) if card_lang in LABELS else _page_languages(publication)


def _number_lang(card_lang: str, publication: Publication) -> str:
    """The language numbers of a card are written in; a card of several languages uses the page's first."""
    return card_lang if card_lang in LABELS else (_page_languages(publication) or ("en",))[0]


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


def _variant_words(variant: str, languages: tuple[str, ...], hint: bool) -> Words:
    known = VARIANT_LABELS.get(variant)
    if known is None:
        return () if hint else (("", variant),)
    if hint and len(languages) > 1:
        return ()  # four explanations on one row would drown the table; the language cards have them
    return tuple((lang, known[lang][1 if hint else 0]) for lang in languages if lang in known)


def _variant_key(variant: str) -> tuple[int, str]:
    return (VARIANT_ORDER.index(variant) if variant in VARIANT_ORDER else len(VARIANT_ORDER), variant)


# -- thumbnails -----------------------------------------------------------------


def _thumbnail_source(files: list[CatalogueFile]) -> CatalogueFile | None:
    by_variant = {f.variant: f for f in files}
    for variant in THUMB_SOURCES:
        if variant in by_variant:
            return by_variant[variant]
    others = sorted((f for f in files if not f.variant.endswith("-imposed")), key=lambda f: _variant_key(f.variant))
    return others[0] if others else None


def render_thumbnail(pdf: Path, target: Path, width: int = THUMB_WIDTH) -> tuple[int, int]:
    """Draw page 1 of ``pdf`` (its trim box, without bleed) as a PNG ``width`` pixels wide; returns its size.

    Written to a temporary file and renamed, so a reader never sees half a PNG.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        try:
            left, bottom, right, top = page.get_cropbox()
            trim = page.get_trimbox()
            crop = (0.0, 0.0, 0.0, 0.0)
            if page.get_rotation() == 0:
                # The print variant's page runs 3 mm into the bleed: show the page as cut.
                crop = (max(trim[0] - left, 0), max(trim[1] - bottom, 0),
                        max(right - trim[2], 0), max(top - trim[3], 0))
            visible = page.get_width() - crop[0] - crop[2]
            bitmap = page.render(scale=width / visible, crop=crop)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        image.save(temporary, format="PNG", optimize=True)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return image.size


def _thumbnail(folder: Path, edition_id: str, source: CatalogueFile, alt: str, warn: Warn) -> Thumbnail | None:
    pdf = folder / source.file
    target = folder / THUMBS / f"{Path(source.file).stem}.png"
    try:
        if target.is_file() and target.stat().st_mtime >= pdf.stat().st_mtime:
            from PIL import Image

            with Image.open(target) as existing:
                size = existing.size
        else:
            size = render_thumbnail(pdf, target)
    except Exception as exc:  # noqa: BLE001 - a cover picture is a courtesy: any failure only costs the picture
        warn(f"{edition_id}/{source.file}: no cover thumbnail ({type(exc).__name__}: {exc})")
        return None
    return Thumbnail(f"{quote(edition_id)}/{THUMBS}/{quote(target.name)}", source.href, size[0], size[1], alt)


def _remove_stale_thumbnails(folder: Path, keep: set[str]) -> None:
    """Thumbnails of PDFs no longer chosen (a screen PDF has appeared, a language was dropped)."""
    thumbs = folder / THUMBS
    if thumbs.is_dir():
        for path in thumbs.glob("*.png"):
            if path.name not in keep:
                path.unlink(missing_ok=True)


# -- the catalogue --------------------------------------------------------------


def read_catalogue(out: Path, publication: Publication, warn: Warn | None = None) -> list[CatalogueEdition]:
    """Every edition under ``out`` with its files, newest first; makes thumbnails that are missing or stale."""
    warn = warn or log.warning
    editions = []
    manifests = sorted(out.glob(f"*/{MANIFEST}")) if out.is_dir() else []
    for path in manifests:
        folder = path.parent
        edition_id = folder.name
        if not EDITION_ID.match(edition_id):
            continue  # not an edition's folder (a cache, something of someone else's)
        try:
            period, entries = _read_manifest(path, edition_id, publication)
        except DamagedManifest as exc:
            warn(f"{edition_id}/{MANIFEST}: left out of the catalogue: {exc}")
            continue
        editions.append(_edition(folder, edition_id, period, entries, publication, warn))
    editions.sort(key=lambda e: _edition_key(e.id), reverse=True)
    return editions


def _edition(folder: Path, edition_id: str, period: tuple[date, date], entries: list,
             publication: Publication, warn: Warn) -> CatalogueEdition:
    by_lang: dict[str, list[CatalogueFile]] = {}
    for entry in entries:
        problem = _entry_problem(entry)
        if problem:
            warn(f"{edition_id}/{MANIFEST}: skipped {problem}")
            continue
        try:
            on_disk = (folder / entry["file"]).stat().st_size
        except OSError:
            warn(f"{edition_id}/{entry['file']}: listed in the manifest but missing; left out")
            continue
        if on_disk != entry["bytes"]:
            # The file changed after the manifest was written: its checksum would mislead.
            warn(f"{edition_id}/{entry['file']}: {on_disk} bytes on disk, {entry['bytes']} in the manifest; "
                 f"left out (rebuild the edition)")
            continue
        lang = entry["language"]
        languages = _card_languages(lang, publication)
        number_lang = _number_lang(lang, publication)
        by_lang.setdefault(lang, []).append(CatalogueFile(
            file=entry["file"],
            href=f"{quote(edition_id)}/{quote(entry['file'])}",
            variant=entry["variant"],
            name=_variant_words(entry["variant"], languages, hint=False),
            hint=_variant_words(entry["variant"], languages, hint=True),
            pages=entry["pages"],
            bytes=entry["bytes"],
            size=human_size(entry["bytes"], number_lang),
            exact_size=exact_size(entry["bytes"], lang),
            sha256=entry["sha256"],
        ))
    order = {lang: i for i, lang in enumerate((*publication.languages, ALL))}
    cards = []
    keep: set[str] = set()
    for lang in sorted(by_lang, key=lambda code: (order.get(code, len(order)), code)):
        files = sorted(by_lang[lang], key=lambda f: (_variant_key(f.variant), f.file))
        languages = _card_languages(lang, publication)
        if lang in LABELS:
            title: Words = ((lang, RULES[lang].name),)
            card_period: Words = ((lang, period_label(*period, lang)),)
        elif lang == ALL:
            title, card_period = _everywhere(publication, "all"), ()
        else:
            title, card_period = (("", lang),), ()
        alt_lang = languages[0]
        name = publication.name.get(alt_lang) or next(iter(publication.name.values()), publication.slug)
        thumbnail = None
        source = _thumbnail_source(files)
        if source is not None:
            alt = f"{LABELS[alt_lang]['cover']}: {name}, {edition_id} ({source.file})"
            thumbnail = _thumbnail(folder, edition_id, source, alt, warn)
            if thumbnail is not None:
                keep.add(thumbnail.href.rsplit("/", 1)[1])
        labels = {key: tuple((code, LABELS[code][key]) for code in languages)
                  for key in ("variant", "pages", "size", "download")}
        if len(languages) > 1:
            labels["download"] = (("", "PDF"),)  # a button in four languages would be a paragraph
        cards.append(LanguageCard(lang, f"{edition_id}-{lang}", title, card_period, labels, thumbnail, tuple(files)))
    _remove_stale_thumbnails(folder, keep)
    return CatalogueEdition(
        id=edition_id,
        anchor=f"edition-{edition_id}",
        period=tuple((lang, period_label(*period, lang)) for lang in _page_languages(publication)),
        manifest_href=f"{quote(edition_id)}/{MANIFEST}",
        cards=tuple(cards),
    )


def render_catalogue(editions: list[CatalogueEdition], styles: Path, publication: Publication) -> str:
    """The catalogue page's HTML, with its style sheet inlined."""
    css_path = styles / STYLESHEET
    try:
        css = css_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read the catalogue's style sheet: {exc.strerror}", css_path) from None
    if "</" in css:
        # Inlined into <style>, "</style" would end it early; CSS never needs "</".
        raise SourceError("the catalogue's style sheet may not contain '</'", css_path)
    languages = _page_languages(publication)
    context = {
        "version": __version__,
        "languages": languages,
        "names": tuple((lang, publication.name[lang]) for lang in languages if lang in publication.name),
        # Per language: the publication's subtitle (may be empty) and what the page is.
        "intros": tuple((lang, publication.subtitle.get(lang, ""), LABELS[lang]["intro"]) for lang in languages),
        "publishers": tuple((lang, publication.publisher[lang]) for lang in languages if publication.publisher.get(lang)),
        "rights": tuple((lang, publication.rights[lang]) for lang in languages if publication.rights.get(lang)),
        "labels": {key: _everywhere(publication, key) for key in LABELS["en"]},
        "editions": editions,
        # Our own file, checked above: it cannot close the <style> element.
        "css": Markup(css),
    }
    try:
        return template_environment(styles).get_template(TEMPLATE).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise SourceError(f"template error: {exc.message}", Path(exc.filename or styles / "templates" / TEMPLATE),
                          exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise SourceError(f"template error: {exc}", styles / "templates" / TEMPLATE) from None


def write_catalogue(out: Path, styles: Path, publication: Publication, warn: Warn | None = None) -> Path:
    """Write ``<out>/index.html`` listing every built edition; returns its path.

    ``warn`` hears about every manifest, entry or thumbnail left out (default: the
    logging module); none of them stops the catalogue.
    """
    editions = read_catalogue(out, publication, warn)
    html = render_catalogue(editions, styles, publication)
    out.mkdir(parents=True, exist_ok=True)
    path = out / INDEX
    temporary = out / f".{INDEX}.{os.getpid()}.partial"
    try:
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
