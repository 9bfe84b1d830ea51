"""Incremental builds: what each output was made from, recorded so that an unchanged one is not remade."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..delivery.manifest import MANIFEST_FIELDS
from ..errors import SourceError
from ..files import write_atomically
from ..pdf.fitted import FittedArticles
from ..pdf.variants import VARIANTS, RenderSettings, Variant
from ..sources.reading import admit_folder, read_source, read_text
from ..structure.edition import Edition
from ..structure.project import Project, output_folder
from .jobs import Job, Options, OutputRecord

# Each output records a digest of everything that shapes it in <out>/<ID>/.cache/.
# The composed HTML covers the sources, the Markdown and typography rules and
# the templates; the settings cover the variant, the publication's print and
# archive settings, the metadata and the embedded sources; the shared digest
# covers style sheets, fonts, images, the printer's profile, pressroom's
# version; the options that shape an output join its own digest. A record is
# trusted only if the PDF it describes is still there with the same SHA-256: a
# damaged or missing record, or a changed file, means a rebuild, never a stale PDF.

CACHE_FOLDER = ".cache"
RECORD_VERSION = 1


@dataclass(frozen=True)
class CacheRecord:
    """What one output was made from (``digest``) and what it was (its manifest entry)."""

    digest: str
    output: OutputRecord

    def dump(self) -> bytes:
        entry = {key: getattr(self.output, key) for key in MANIFEST_FIELDS}
        return json.dumps({"version": RECORD_VERSION, "digest": self.digest, "entry": entry}).encode()

    @classmethod
    def load(cls, path: Path) -> CacheRecord | None:
        """The record at ``path``; None if it is missing, damaged or of another version."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != RECORD_VERSION or not isinstance(data["digest"], str):
                return None
            entry = data["entry"]
            output = OutputRecord(**{key: entry[key] for key in MANIFEST_FIELDS})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return cls(data["digest"], output)

    def describes(self, pdf: Path) -> bool:
        """True if ``pdf`` is still exactly the file this record describes."""
        try:
            data = pdf.read_bytes()
        except OSError:
            return False
        return (pdf.name == self.output.file and len(data) == self.output.bytes
                and hashlib.sha256(data).hexdigest() == self.output.sha256)


def hash_files(digest: Any, root: Path, paths: Iterable[Path], kind: str) -> None:
    """Names and contents of the files the reading gate admits; the others can never reach an output."""
    for path in sorted(paths):
        try:
            data = read_source(path, root, kind)
        except SourceError:
            continue  # refused here means refused (with a message) wherever it is used
        digest.update(os.fsencode(path.name) + b"\0" + hashlib.sha256(data).digest())


def shared_inputs_digest(project: Project, edition: Edition) -> str:
    digest = hashlib.sha256(f"pressroom {__version__}\0".encode())
    for folder in (project.styles, project.fonts, edition.images_folder):
        if folder.exists() or folder.is_symlink():
            admit_folder(folder, project.root)  # a folder linked from outside is refused, not walked
    hash_files(digest, project.root, (p for p in project.styles.rglob("*") if not p.is_dir()), "profile")
    hash_files(digest, project.root, (p for p in project.fonts.glob("*") if not p.is_dir()), "font")
    hash_files(digest, project.root, (p for p in edition.images_folder.rglob("*") if not p.is_dir()), "image")
    return digest.hexdigest()


def output_digest(shared: str, html: str, settings: RenderSettings, options: Options) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(b"marks" if options.marks and settings.variant.cmyk else b"")  # allow_lowres is in settings
    digest.update(html.encode())
    # Only the prepared files' names go into the digest (strings where the settings hold paths).
    names: Any = tuple((n, p.name) for n, p in settings.images)
    digest.update(repr(dataclasses.replace(settings, images=names)).encode())
    return digest.hexdigest()


def page_map_path(project: Project, edition_id: str, lang: str) -> Path:
    """Where the last build of ``lang`` left its page map (article → first page, pages, last page's fill)."""
    return output_folder(project, edition_id) / CACHE_FOLDER / f"pagemap-{lang}.json"


def fitted_articles(job: Job, shared: str, settings: RenderSettings) -> FittedArticles:
    """Where the render of ``job`` (and the jobs sharing its layout) keeps its fitted articles for the next build.

    What fitting decides depends on where lines and pictures fall, not on colour:
    variants whose style sheets differ only in a sheet of colours (``Variant.colours``,
    checked by :func:`colours_only`), on the same page size, share one record, and
    the first of them to render fits the articles for all (see ``pipeline._plan``).
    The bleed, the output intent and the colour conversions of the pictures (which
    keep their upright pixel size) do not move a line.
    """
    def geometry(variant: Variant) -> tuple[str, ...]:
        sheets = variant.stylesheets
        if variant.colours and colours_only(job.project.styles / variant.colours, job.project.root):
            sheets = tuple(name for name in sheets if name != variant.colours)
        return sheets

    own = geometry(settings.variant)
    owner = next(name for name, variant in VARIANTS.items() if geometry(variant) == own or variant == settings.variant)
    inputs = hashlib.sha256(repr((shared, own, settings.page_size, __version__)).encode()).hexdigest()
    folder = output_folder(job.project, job.edition.id) / CACHE_FOLDER
    return FittedArticles(folder / f"fitted-{job.lang}-{owner}.json", inputs)


# What a sheet of colours may set: colour properties, and custom properties whose values are colours.
COLOUR_PROPERTIES = frozenset({
    "color", "background-color", "border-color", "border-top-color", "border-right-color", "border-bottom-color",
    "border-left-color", "outline-color", "column-rule-color", "text-decoration-color", "caret-color", "fill",
    "stroke",
})
COLOUR_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color",
                              "device-cmyk"})


def colours_only(path: Path, root: Path) -> bool:
    """True if the style sheet at ``path`` sets colours and nothing else (no rule that could move a line)."""
    import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS parser

    try:
        text, _ = read_text(path, root, kind="style")
    except SourceError:
        return False  # reported where the render reads it
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":  # @media, @page, @font-face, @import, a parse error
            return False
        for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type != "declaration":
                return False
            if declaration.name.startswith("--"):
                if not _is_colour(declaration.value):
                    return False
            elif declaration.lower_name not in COLOUR_PROPERTIES:
                return False
    return True


def _is_colour(tokens: list) -> bool:
    import tinycss2.color4  # type: ignore[import-untyped]

    values = [token for token in tokens if token.type not in ("whitespace", "comment")]
    if len(values) != 1:
        return False
    value = values[0]
    if value.type == "function":
        return value.lower_name in COLOUR_FUNCTIONS
    return tinycss2.color4.parse_color(value) is not None


def read_page_map(project: Project, edition_id: str, lang: str) -> dict[str, dict]:
    """The page map the last build of ``lang`` wrote (article key → its pages), or nothing."""
    try:
        data = json.loads(page_map_path(project, edition_id, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _record_path(job: Job) -> Path:
    return output_folder(job.project, job.edition.id) / CACHE_FOLDER / f"{job.lang}-{job.variant}.json"


def cached_record(job: Job, digest: str) -> OutputRecord | None:
    """The recorded output of ``job`` if it was made from exactly these inputs and is intact."""
    record = CacheRecord.load(_record_path(job))
    if record is None or record.digest != digest or not record.describes(job.target):
        return None
    return record.output


def remember(job: Job, digest: str, output: OutputRecord) -> None:
    write_atomically(_record_path(job), CacheRecord(digest, output).dump())


def staged_record(job: Job, digest: str, output: OutputRecord, staging: Path) -> tuple[Path, Path]:
    """The record of ``job`` written in ``staging``: (where it is, where it goes) for the commit."""
    staged = staging / "records" / _record_path(job).name
    staged.parent.mkdir(exist_ok=True)
    staged.write_bytes(CacheRecord(digest, output).dump())
    return staged, _record_path(job)
