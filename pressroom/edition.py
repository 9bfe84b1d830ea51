"""Load and validate the sources of one edition into plain dataclasses.

The sources contract (see README.md):

- ``pressroom.yaml``: the publication (names, publisher, page size, languages);
- ``issues/<ID>/edition.yaml``: the edition (publication date, cover, notes);
- ``issues/<ID>/<lang>/<NN>-<slug>.md``: one article per file, YAML front matter
  and a Markdown body; the same file name in every language is the same article;
- ``issues/<ID>/images/``: the images the articles and the cover use.

Everything here is read-only and cheap: no Markdown is rendered yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import SourceError, UsageError
from .typography import SUPPORTED_LANGUAGES, period_label
from .yamlfile import YamlDocument, check_keys, parse_yaml

EDITION_ID = re.compile(r"^(?P<year>\d{4})-H(?P<half>[12])$")
ARTICLE_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
PAGE_SIZES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0), "letter": (215.9, 279.4)}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_ARTICLE_BYTES = 2 * 1024 * 1024

PUBLICATION_KEYS = {"slug", "name", "subtitle", "publisher", "rights", "page_size", "languages", "print", "archive"}
ARCHIVE_STANDARDS = ("pdf/a-3b", "pdf/a-2b")
PRINT_KEYS = {"standard", "output_intent", "bleed_mm", "min_ppi"}
PRINT_STANDARDS = ("pdf/x-4", "pdf/x-1a")
EDITION_KEYS = {"id", "published", "languages", "cover", "note", "overrides"}
OVERRIDE_KEYS = {"published", "cover", "note"}
FRONT_MATTER_KEYS = {"title", "section", "summary", "author"}


@dataclass(frozen=True)
class PrintSettings:
    """What the printer asked for (``print:`` in pressroom.yaml)."""

    standard: str = "pdf/x-4"
    output_intent: Path = Path("styles/profiles/default_cmyk.icc")  # relative to the project root
    bleed_mm: float = 3.0
    min_ppi: int = 300


@dataclass(frozen=True)
class Publication:
    root: Path
    slug: str
    name: dict[str, str]
    subtitle: dict[str, str]
    publisher: dict[str, str]
    rights: dict[str, str]
    page_size: str
    languages: tuple[str, ...]
    print: PrintSettings = field(default_factory=PrintSettings)
    # PDF/A-3b can carry the sources as associated files; PDF/A-2b cannot (it admits PDF/A files only).
    archive_standard: str = "pdf/a-3b"
    warnings: tuple[str, ...] = ()  # about pressroom.yaml itself (a byte-order mark)

    @property
    def page_mm(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]


@dataclass(frozen=True)
class Article:
    key: str  # "03-roads": the same in every language
    number: int
    slug: str
    lang: str
    path: Path
    title: str
    section: str
    summary: str
    author: str
    body: str
    body_line: int  # line of the file on which ``body`` starts

    @property
    def anchor(self) -> str:
        return f"article-{self.key}"

    @property
    def word_count(self) -> int:
        """Words of the body, leaving out Markdown's image and footnote syntax."""
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)|\[\^[^\]]*\]:?|\]\([^)]*\)", " ", self.body)
        return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


@dataclass(frozen=True)
class LanguageEdition:
    """What one language of the edition says: its date, cover, note and articles."""

    lang: str
    published: date
    cover: Path | None
    note: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Edition:
    id: str
    year: int
    half: int
    folder: Path
    publication: Publication
    languages: tuple[str, ...]
    editions: dict[str, LanguageEdition]
    warnings: tuple[str, ...] = field(default=())

    @property
    def period(self) -> tuple[date, date]:
        if self.half == 1:
            return date(self.year, 1, 1), date(self.year, 6, 30)
        return date(self.year, 7, 1), date(self.year, 12, 31)

    def period_label(self, lang: str) -> str:
        return period_label(*self.period, lang)

    @property
    def images_folder(self) -> Path:
        return self.folder / "images"


# -- reading files -------------------------------------------------------------


def read_text(path: Path, limit: int = MAX_ARTICLE_BYTES) -> tuple[str, list[str]]:
    """Read a UTF-8 source file; returns the text and any warnings about it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(f"file is {size // 1024} KiB, more than the {limit // 1024} KiB a source may have", path)
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", path) from None
    warnings = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(f"{path}: starts with a byte-order mark (BOM); ignored, but save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", path, line, column
        ) from None
    if "\x00" in text:
        raise SourceError("file contains NUL characters: is it really a text file?", path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _load_yaml_file(path: Path) -> tuple[YamlDocument, list[str]]:
    text, warnings = read_text(path, limit=256 * 1024)
    doc = parse_yaml(text, path)
    if not isinstance(doc.data, dict):
        raise SourceError("expected a mapping of settings (key: value)", path, 1)
    return doc, warnings


def _localized(doc: YamlDocument, key: str, languages: tuple[str, ...], required: bool, *prefix: Any) -> dict[str, str]:
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


def _languages(doc: YamlDocument, value: Any, *keys: Any) -> tuple[str, ...]:
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


# -- publication ---------------------------------------------------------------


def load_publication(root: Path) -> Publication:
    path = root / "pressroom.yaml"
    if not path.is_file():
        raise UsageError(f"{root} is not a pressroom project: it has no pressroom.yaml (use --root DIR)")
    doc, warnings = _load_yaml_file(path)
    data = doc.data
    check_keys(doc, data, PUBLICATION_KEYS)
    languages = _languages(doc, data.get("languages", list(SUPPORTED_LANGUAGES)), "languages")
    slug = data.get("slug", "bulletin")
    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise doc.error("slug must be lower-case letters, digits and hyphens (it names the PDF files)", "slug")
    page_size = data.get("page_size", "A4")
    if page_size not in PAGE_SIZES:
        raise doc.error(f"page_size {page_size!r} is not one of {', '.join(PAGE_SIZES)}", "page_size")
    archive = data.get("archive") or {}
    if not isinstance(archive, dict):
        raise doc.error("archive must be a mapping, e.g. {standard: pdf/a-3b}", "archive")
    check_keys(doc, archive, {"standard"}, "archive")
    archive_standard = archive.get("standard", "pdf/a-3b")
    if archive_standard not in ARCHIVE_STANDARDS:
        raise doc.error(f"archive.standard must be one of {', '.join(ARCHIVE_STANDARDS)}", "archive", "standard")
    return Publication(
        print=_print_settings(doc, root),
        archive_standard=archive_standard,
        root=root,
        slug=slug,
        name=_localized(doc, "name", languages, True),
        subtitle=_localized(doc, "subtitle", languages, False),
        publisher=_localized(doc, "publisher", languages, True),
        rights=_localized(doc, "rights", languages, False),
        page_size=page_size,
        languages=languages,
        warnings=tuple(warnings),
    )


def _print_settings(doc: YamlDocument, root: Path) -> PrintSettings:
    settings = doc.data.get("print") or {}
    if not isinstance(settings, dict):
        raise doc.error("print must be a mapping of print settings", "print")
    check_keys(doc, settings, PRINT_KEYS, "print")
    defaults = PrintSettings()
    standard = settings.get("standard", defaults.standard)
    if standard not in PRINT_STANDARDS:
        raise doc.error(f"print.standard must be one of {', '.join(PRINT_STANDARDS)}", "print", "standard")
    bleed = settings.get("bleed_mm", defaults.bleed_mm)
    if isinstance(bleed, bool) or not isinstance(bleed, (int, float)) or not 0 <= bleed <= 3.5:
        # WeasyPrint caps the BleedBox at 10 pt (3.53 mm) outside the trim.
        raise doc.error("print.bleed_mm must be a number from 0 to 3.5", "print", "bleed_mm")
    min_ppi = settings.get("min_ppi", defaults.min_ppi)
    if isinstance(min_ppi, bool) or not isinstance(min_ppi, int) or not 72 <= min_ppi <= 2400:
        raise doc.error("print.min_ppi must be a whole number from 72 to 2400", "print", "min_ppi")
    intent = settings.get("output_intent", str(defaults.output_intent))
    if not isinstance(intent, str):
        raise doc.error("print.output_intent must be a path to an ICC profile under styles/", "print", "output_intent")
    intent_path = (root / intent).resolve()
    if not intent_path.is_relative_to((root / "styles").resolve()):
        raise doc.error("print.output_intent must be a file under styles/ (the renderer reads nothing else)",
                        "print", "output_intent")
    return PrintSettings(standard, intent_path.relative_to(root.resolve()), float(bleed), min_ppi)


# -- edition -------------------------------------------------------------------


def edition_folder(root: Path, edition_id: str) -> Path:
    if not EDITION_ID.match(edition_id):
        raise UsageError(f"{edition_id!r} is not an edition ID: write YYYY-H1 (January–June) or YYYY-H2 (July–December)")
    folder = root / "issues" / edition_id
    if not (folder / "edition.yaml").is_file():
        known = sorted(p.name for p in (root / "issues").glob("*") if (p / "edition.yaml").is_file())
        hint = f"; editions here: {', '.join(known)}" if known else ""
        raise UsageError(f"there is no edition {edition_id} (no issues/{edition_id}/edition.yaml){hint}")
    return folder


def _date(doc: YamlDocument, value: Any, *keys: Any) -> date:
    if isinstance(value, date):
        return value
    raise doc.error("a date must be written YYYY-MM-DD", *keys)


def _cover(doc: YamlDocument, folder: Path, value: Any, *keys: Any) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise doc.error("cover must be a path such as images/cover.png", *keys)
    return resolve_image(folder, folder, value, doc.path, doc.where(*keys)[0])


def resolve_image(folder: Path, base: Path, reference: str, source: Path, line: int | None) -> Path:
    """Resolve an image reference written in ``source`` relative to ``base``.

    Only files inside the edition's ``images/`` folder are accepted: no URLs, no
    absolute paths, nothing that escapes through ``..`` or a symbolic link.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", reference) or reference.startswith("//"):
        raise SourceError(f"image {reference!r}: URLs are not allowed; put the file in images/", source, line)
    if reference.startswith("/") or reference.startswith("\\"):
        raise SourceError(f"image {reference!r}: absolute paths are not allowed; use a path relative to the file", source, line)
    images = (folder / "images").resolve()
    target = (base / reference).resolve()
    if not target.is_relative_to(images):
        raise SourceError(f"image {reference!r} is outside the edition's images/ folder", source, line)
    if not target.is_file():
        raise SourceError(f"image {reference!r} not found (looked for {target.relative_to(folder.resolve().parent.parent)})", source, line)
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        raise SourceError(f"image {reference!r}: use PNG or JPEG files", source, line)
    return target


def load_edition(root: Path, edition_id: str, allow_missing: bool = False) -> Edition:
    """Read and validate everything the edition ``edition_id`` is made from.

    An article missing in some language is an error listing every gap, unless
    ``allow_missing``: then each language has the articles it has, and the gaps
    are warnings.
    """
    root = root.resolve()
    publication = load_publication(root)
    folder = edition_folder(root, edition_id)
    doc, edition_warnings = _load_yaml_file(folder / "edition.yaml")
    warnings = [*publication.warnings, *edition_warnings]
    data = doc.data
    check_keys(doc, data, EDITION_KEYS)
    match = EDITION_ID.match(edition_id)
    assert match is not None
    year, half = int(match["year"]), int(match["half"])
    if "id" in data and data["id"] != edition_id:
        raise doc.error(f"id {data['id']!r} does not match the folder issues/{edition_id}", "id")

    languages = publication.languages
    if "languages" in data:
        languages = _languages(doc, data["languages"], "languages")
        extra = [lang for lang in languages if lang not in publication.languages]
        if extra:
            raise doc.error(f"languages {', '.join(extra)} are not languages of the publication (pressroom.yaml)", "languages")

    period_end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    default_published = date(year, 7, 1) if half == 1 else date(year + 1, 1, 1)
    published = _date(doc, data.get("published", default_published), "published")
    if published <= period_end:
        raise doc.error(
            f"published {published} falls inside the period the edition covers (it ends {period_end})", "published"
        )
    cover = _cover(doc, folder, data.get("cover"), "cover")
    notes = _localized(doc, "note", languages, False)

    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise doc.error("overrides must map a language code to settings", "overrides")
    for lang, settings in overrides.items():
        if lang not in languages:
            raise doc.error(f"overrides: {lang!r} is not a language of this edition", "overrides", lang)
        if not isinstance(settings, dict):
            raise doc.error(f"overrides.{lang} must be a mapping", "overrides", lang)
        check_keys(doc, settings, OVERRIDE_KEYS, "overrides", lang)

    articles = {lang: _load_articles(folder, lang, warnings) for lang in languages}
    gaps = translation_gaps(articles)
    if gaps and not allow_missing:
        raise SourceError(
            "the languages do not have the same articles (the same file name in every language is the same "
            "article; --allow-missing builds anyway):\n" + "\n".join(f"  {gap}" for gap in gaps),
            folder,
        )
    warnings.extend(f"translation gap: {gap}" for gap in gaps)
    editions: dict[str, LanguageEdition] = {}
    for lang in languages:
        override = overrides.get(lang, {})
        lang_published = _date(doc, override["published"], "overrides", lang, "published") if "published" in override else published
        lang_cover = _cover(doc, folder, override["cover"], "overrides", lang, "cover") if "cover" in override else cover
        note = override.get("note", notes[lang])
        if not isinstance(note, str):
            raise doc.error("note must be text", "overrides", lang, "note")
        editions[lang] = LanguageEdition(lang, lang_published, lang_cover, note.strip(), tuple(articles[lang]))
    return Edition(edition_id, year, half, folder, publication, languages, editions, tuple(warnings))


def _load_articles(folder: Path, lang: str, warnings: list[str]) -> list[Article]:
    lang_folder = folder / lang
    if not lang_folder.is_dir():
        raise SourceError(f"no folder for language {lang!r}: expected issues/{folder.name}/{lang}/", folder / lang)
    articles = []
    for path in sorted(lang_folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".md":
            continue
        if not ARTICLE_FILE.match(path.name):
            raise SourceError("article files are named NN-slug.md (two digits, then lower-case words joined by hyphens)", path)
        articles.append(load_article(path, lang, warnings))
    if not articles:
        raise SourceError(f"no articles in {lang}/ (expected files named NN-slug.md)", lang_folder)
    return articles


def load_article(path: Path, lang: str, warnings: list[str]) -> Article:
    match = ARTICLE_FILE.match(path.name)
    if match is None:
        raise SourceError("article files are named NN-slug.md", path)
    text, read_warnings = read_text(path)
    warnings.extend(read_warnings)
    if not text.strip():
        raise SourceError("the article is empty", path)
    if not text.startswith("---\n"):
        raise SourceError("an article starts with YAML front matter between two '---' lines (at least a title)", path, 1)
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise SourceError("the front matter that starts on line 1 is never closed with a '---' line", path, 1)
    doc = parse_yaml(text[4 : end + 1], path, first_line=2)
    meta = doc.data
    if meta is None:
        raise SourceError("the front matter is empty; it needs at least a title", path, 2)
    if not isinstance(meta, dict):
        raise SourceError("the front matter must be a mapping (title: …)", path, 2)
    check_keys(doc, meta, FRONT_MATTER_KEYS)
    fields: dict[str, str] = {}
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise doc.error(f"{key} must be text", key)
        fields[key] = str(value).strip()
    if not fields["title"]:
        raise doc.error("the article has no title (add 'title: …' to the front matter)", "title")
    body_line = text.count("\n", 0, end + 5) + 1
    body = text[end + 5 :]
    if not body.strip():
        raise SourceError("the article has a title but no text", path, body_line)
    return Article(
        key=path.stem,
        number=int(match["number"]),
        slug=match["slug"],
        lang=lang,
        path=path,
        title=fields["title"],
        section=fields["section"],
        summary=fields["summary"],
        author=fields["author"],
        body=body,
        body_line=body_line,
    )


def translation_gaps(articles: dict[str, list[Article]]) -> list[str]:
    """"03-roads: missing in az, es" for every article some language lacks."""
    keys = {lang: {a.key for a in items} for lang, items in articles.items()}
    every = set().union(*keys.values())
    return [
        f"{key}: missing in {', '.join(lang for lang in keys if key not in keys[lang])}"
        for key in sorted(every)
        if any(key not in k for k in keys.values())
    ]
