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
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .. import __version__
from ..errors import SourceError
from ..files import write_atomically
from ..layout.compose import template_environment
from ..sources.reading import read_text
from ..structure.edition import EditionId, Publication
from ..text.typography import RULES, period_label
from .catalogue_words import (
    LABELS,
    Words,
    card_languages,
    everywhere,
    exact_size,
    human_size,
    number_lang,
    page_languages,
    variant_key,
    variant_words,
)
from .manifest import fixity_problem
from .thumbnails import Thumbnail, Warn, remove_stale_thumbnails, thumbnail, thumbnail_source

TEMPLATE = "catalogue.html.j2"
STYLESHEET = "catalogue.css"
INDEX = "index.html"
MANIFEST = "manifest.json"
ALL = "all"  # the language of a file that holds every language

SHA256 = re.compile(r"^[0-9a-f]{64}$")


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
    """A manifest that cannot be read as one, or of an unfinished edition: the edition is left out of the catalogue."""


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
    unfinished = data.get("unfinished")
    if unfinished:
        shown = ", ".join(str(item) for item in unfinished) if isinstance(unfinished, list) else "?"
        raise DamagedManifest(f"it was built with unfinished articles ({shown}); finish them and run make")
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


# -- the catalogue --------------------------------------------------------------


def read_catalogue(out: Path, publication: Publication, warn: Warn | None = None) -> list[CatalogueEdition]:
    """Every edition under ``out`` with its files, newest first; makes thumbnails that are missing or stale."""
    warn = warn or log.warning
    editions = []
    manifests = sorted(out.glob(f"*/{MANIFEST}")) if out.is_dir() else []
    for path in manifests:
        folder = path.parent
        edition_id = folder.name
        if EditionId.match(edition_id) is None:
            continue  # not an edition's folder (a cache, something of someone else's)
        try:
            period, entries = _read_manifest(path, edition_id, publication)
        except DamagedManifest as exc:
            warn(f"{edition_id}/{MANIFEST}: left out of the catalogue: {exc}")
            continue
        editions.append(_edition(folder, edition_id, period, entries, publication, warn))
    editions.sort(key=lambda e: EditionId.parse(e.id), reverse=True)
    return editions


def _edition(folder: Path, edition_id: str, period: tuple[date, date], entries: list,
             publication: Publication, warn: Warn) -> CatalogueEdition:
    by_lang: dict[str, list[CatalogueFile]] = {}
    for entry in entries:
        problem = _entry_problem(entry)
        if problem:
            warn(f"{edition_id}/{MANIFEST}: skipped {problem}")
            continue
        if not (folder / entry["file"]).is_file():
            warn(f"{edition_id}/{entry['file']}: listed in the manifest but missing; left out")
            continue
        fixity = fixity_problem(folder, entry)
        if fixity:
            # The file changed after the manifest was written: its checksum would mislead.
            warn(f"{edition_id}/{fixity}; left out of the catalogue (rebuild the edition)")
            continue
        lang = entry["language"]
        languages = card_languages(lang, publication)
        numbers_in = number_lang(lang, publication)
        by_lang.setdefault(lang, []).append(CatalogueFile(
            file=entry["file"],
            href=f"{quote(edition_id)}/{quote(entry['file'])}",
            variant=entry["variant"],
            name=variant_words(entry["variant"], languages, hint=False),
            hint=variant_words(entry["variant"], languages, hint=True),
            pages=entry["pages"],
            bytes=entry["bytes"],
            size=human_size(entry["bytes"], numbers_in),
            exact_size=exact_size(entry["bytes"], lang),
            sha256=entry["sha256"],
        ))
    order = {lang: i for i, lang in enumerate((*publication.languages, ALL))}
    cards = []
    keep: set[str] = set()
    for lang in sorted(by_lang, key=lambda code: (order.get(code, len(order)), code)):
        files = sorted(by_lang[lang], key=lambda f: (variant_key(f.variant), f.file))
        languages = card_languages(lang, publication)
        if lang in LABELS:
            title: Words = ((lang, RULES[lang].name),)
            card_period: Words = ((lang, period_label(*period, lang)),)
        elif lang == ALL:
            title, card_period = everywhere(publication, "all"), ()
        else:
            title, card_period = (("", lang),), ()
        alt_lang = languages[0]
        name = publication.name.get(alt_lang) or next(iter(publication.name.values()), publication.slug)
        cover = None
        source = thumbnail_source(files)
        if source is not None:
            alt = f"{LABELS[alt_lang]['cover']}: {name}, {edition_id} ({source.file})"
            cover = thumbnail(folder, edition_id, source, alt, warn)
            if cover is not None:
                keep.add(cover.href.rsplit("/", 1)[1])
        labels = {key: tuple((code, LABELS[code][key]) for code in languages)
                  for key in ("variant", "pages", "size", "download")}
        if len(languages) > 1:
            labels["download"] = (("", "PDF"),)  # a button in four languages would be a paragraph
        cards.append(LanguageCard(lang, f"{edition_id}-{lang}", title, card_period, labels, cover, tuple(files)))
    remove_stale_thumbnails(folder, keep)
    return CatalogueEdition(
        id=edition_id,
        anchor=f"edition-{edition_id}",
        period=tuple((lang, period_label(*period, lang)) for lang in page_languages(publication)),
        manifest_href=f"{quote(edition_id)}/{MANIFEST}",
        cards=tuple(cards),
    )


def render_catalogue(editions: list[CatalogueEdition], styles: Path, publication: Publication) -> str:
    """The catalogue page's HTML, with its style sheet inlined."""
    css_path = styles / STYLESHEET
    css, _ = read_text(css_path, styles.parent, kind="style")
    if "</" in css:
        # Inlined into <style>, "</style" would end it early; CSS never needs "</".
        raise SourceError("the catalogue's style sheet may not contain '</'", css_path)
    languages = page_languages(publication)
    context = {
        "version": __version__,
        "languages": languages,
        "names": tuple((lang, publication.name[lang]) for lang in languages if lang in publication.name),
        # Per language: the publication's subtitle (may be empty) and what the page is.
        "intros": tuple((lang, publication.subtitle.get(lang, ""), LABELS[lang]["intro"]) for lang in languages),
        "publishers": tuple((lang, publication.publisher[lang])
                            for lang in languages if publication.publisher.get(lang)),
        "rights": tuple((lang, publication.rights[lang]) for lang in languages if publication.rights.get(lang)),
        "labels": {key: everywhere(publication, key) for key in LABELS["en"]},
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
    write_atomically(path, html.encode("utf-8"))
    return path
