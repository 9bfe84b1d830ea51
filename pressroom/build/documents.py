"""The read and resolve phases: every language checked and composed to HTML once, images prepared.

Runs in the main process before anything is rendered, so that a problem in any
source stops the build before a single PDF is touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problems, SourceError
from ..layout.compose import TEMPLATE, compose
from ..layout.urls import virtual_url
from ..pdf.images import (
    check_cmyk_profile,
    clean_copy,
    has_metadata,
    image_size,
    needs_srgb_copy,
    to_cmyk,
    to_srgb,
)
from ..pdf.sandbox import Sandbox, check_stylesheets
from ..pdf.svg_colours import svg_to_cmyk
from ..pdf.variants import VARIANTS
from ..sources.reading import read_source
from ..sources.svg import check_svg
from ..structure.edition import Article, Edition
from ..structure.project import Project
from ..text.glyphs import check_article, check_set_text, check_text, check_typography
from ..text.markdown import ArticleHTML, render_article
from .jobs import Job, Options


@dataclass(frozen=True)
class ComposedDocument:
    """One language's HTML, shared by all its variants, and what its images are."""

    html: str
    image_labels: tuple[tuple[str, str], ...]  # virtual URL → "images/x.png in en/01-a.md"
    images: tuple[Path, ...]  # every image file the document uses, the cover included
    # (image, article file, line) of every full-bleed picture: its printed size is known before layout
    bleeds: tuple[tuple[Path, Path, int | None], ...] = ()


def compose_documents(jobs: list[Job]) -> dict[str, ComposedDocument]:
    """The HTML of every language the jobs need, checked and composed once for all variants.

    Runs before any rendering, so that a problem in any source stops the build
    before a single PDF is touched.
    """
    documents: dict[str, ComposedDocument] = {}
    if not jobs:
        return documents
    project, edition = jobs[0].project, jobs[0].edition
    check_typography(project.fonts)
    sheets = dict.fromkeys(name for job in jobs for name in VARIANTS[job.variant].stylesheets)
    check_stylesheets(Sandbox(project.root, edition.images_folder, project.styles, project.fonts), sheets)
    problems = Problems()  # every article's problem, in every language, reported together
    problems.errors.extend(edition.problems)  # those the loader found, deferred to here
    bad_images: set[Path] = set()  # a broken picture is reported once, however many articles use it
    for lang in dict.fromkeys(job.lang for job in jobs):
        with problems.collecting():
            document = _compose_language(project, edition, lang, problems, bad_images)
            if document is not None:
                documents[lang] = document
    problems.raise_any()
    return documents


def _compose_language(project: Project, edition: Edition, lang: str, problems: Problems,
                      bad_images: set[Path]) -> ComposedDocument | None:
    """One language's document; None if its articles have problems (collected in ``problems``)."""
    known = len(problems.errors)
    images_root = edition.images_folder.resolve()
    checked_images = project.checked_images
    articles = edition.editions[lang].articles
    rendered = []
    for article in articles:
        with problems.collecting():
            item = _render_checked(project, edition, article, bad_images)
            if item is not None:
                rendered.append(item)
    cover = edition.editions[lang].cover
    if cover is not None:
        with problems.collecting():
            image_size(cover, checked_images)
    if len(problems.errors) > known or len(rendered) < len(articles):
        return None
    used = [image for item in rendered for image in item.images] + ([cover] if cover is not None else [])
    labels = {
        virtual_url("images", image.relative_to(images_root)):
            f"images/{image.relative_to(images_root)} in {_shown(item.article.path, project.root)}"
        for item in rendered
        for image in item.images
    }
    html = compose(edition, lang, rendered, project.styles)
    # What is set, after entities, YAML escapes and templates: the message points at the source that spells it.
    sources = [article.path for article in articles] + [
        edition.folder / "edition.yaml", project.root / "pressroom.yaml", project.styles / "labels.yaml",
        project.styles / "templates" / TEMPLATE]
    check_set_text(html, project.fonts, sources, project.root)
    bleeds = tuple((image, item.article.path, line) for item in rendered
                   for image, placement, line in item.placements if placement == "full-bleed")
    return ComposedDocument(html, tuple(labels.items()), tuple(dict.fromkeys(used)), bleeds)


def _render_checked(project: Project, edition: Edition, article: Article,
                    bad_images: set[Path]) -> ArticleHTML | None:
    """One article rendered, its characters and pictures checked (truncated, not an image, a bomb).

    None if it uses a picture already reported broken (with the first article that used it).
    """
    check_article(article, project.root, project.fonts)
    item = render_article(article, edition.folder)
    for image in item.images:
        if image in bad_images:
            return None
        try:
            if is_svg(image):
                facts = check_svg(image, read_source(image, project.root, "image"))
                check_text(facts.text, image, 1, project.fonts)  # an SVG's text is set with the shipped fonts
            else:
                image_size(image, project.checked_images)
        except SourceError as error:
            bad_images.add(image)
            raise SourceError(f"{error.message} (in {_shown(item.article.path, project.root)})", image,
                              error.line, error.column) from None
    return item


def is_svg(image: Path) -> bool:
    return image.suffix.lower() == ".svg"


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class PreparedImages:
    """Pictures converted for a variant, by name in images/: served instead of the originals."""

    cmyk: tuple[tuple[str, Path], ...] = ()  # every picture, for print
    srgb: tuple[tuple[str, Path], ...] = ()  # only those that need it, for archive and screen


def prepare_images(jobs: list[Job], documents: dict[str, ComposedDocument]) -> PreparedImages:
    """The conversions the jobs' variants need, of the images the documents use (checked already), made once."""
    project, edition = jobs[0].project, jobs[0].edition
    profile = project.root / edition.publication.print.output_intent
    cache = project.out / ".cache" / "images"
    images_root = edition.images_folder.resolve()
    used = sorted({image for document in documents.values() for image in document.images})
    cmyk: tuple[tuple[str, Path], ...] = ()
    if any(VARIANTS[job.variant].cmyk for job in jobs):
        if not profile.is_file():
            raise SourceError(
                "the printer's CMYK profile is missing (print.output_intent in pressroom.yaml; "
                "scripts/setup.sh installs the default)",
                profile,
            )
        check_cmyk_profile(profile)
        cmyk = tuple((image.relative_to(images_root).as_posix(),
                      svg_to_cmyk(image, profile, cache) if is_svg(image) else to_cmyk(image, profile, cache))
                     for image in used)
    srgb: tuple[tuple[str, Path], ...] = ()
    if any(not VARIANTS[job.variant].cmyk for job in jobs):
        # converted where sRGB needs it; otherwise the original, without photographers' metadata
        prepared = []
        for image in used:
            if is_svg(image):
                continue  # vector, in sRGB already, checked when read
            if needs_srgb_copy(image):
                prepared.append((image, to_srgb(image, profile if profile.is_file() else None, cache)))
            elif has_metadata(image):
                prepared.append((image, clean_copy(image, cache)))
        srgb = tuple((image.relative_to(images_root).as_posix(), copy) for image, copy in prepared)
    return PreparedImages(cmyk, srgb)


def cover_notes(job: Job, options: Options) -> list[str]:
    """The cover is a page background, so its resolution is checked here rather than in the layout."""
    edition = job.edition
    cover = edition.editions[job.lang].cover
    settings = edition.publication.print
    if cover is None or not VARIANTS[job.variant].cmyk:
        return []
    width_mm, height_mm = edition.publication.page_mm
    bleed = settings.bleed_mm
    pixels = image_size(cover, job.project.checked_images)
    # background-size: cover scales the image to fill trim + bleed in both directions.
    ppi = min(pixels[0] / ((width_mm + 2 * bleed) / 25.4), pixels[1] / ((height_mm + 2 * bleed) / 25.4))
    if ppi >= settings.min_ppi:
        return []
    message = f"cover image {cover.name} is {ppi:.0f} ppi at its printed size; print needs {settings.min_ppi}"
    if not options.allow_lowres:
        raise SourceError(message + " (use --allow-lowres to build anyway)", cover)
    return [message]


def bleed_notes(job: Job, document: ComposedDocument, options: Options) -> list[str]:
    """Full-bleed pictures are printed at the page's size plus the bleed: below the print resolution is an error.

    Checked from the sources, so that the message names the article and line that places the picture.
    """
    edition = job.edition
    settings = edition.publication.print
    if not VARIANTS[job.variant].cmyk or not document.bleeds:
        return []
    width_mm, height_mm = edition.publication.page_mm
    problems = Problems()
    notes = []
    for image, article, line in document.bleeds:
        if is_svg(image):
            continue
        pixels = image_size(image, job.project.checked_images)
        # scaled to cover trim and bleed in both directions, as the cover is
        ppi = min(pixels[0] / ((width_mm + 2 * settings.bleed_mm) / 25.4),
                  pixels[1] / ((height_mm + 2 * settings.bleed_mm) / 25.4))
        if ppi >= settings.min_ppi:
            continue
        needed = (round((width_mm + 2 * settings.bleed_mm) / 25.4 * settings.min_ppi),
                  round((height_mm + 2 * settings.bleed_mm) / 25.4 * settings.min_ppi))
        message = (f"full-bleed picture {image.name} ({pixels[0]} × {pixels[1]} px) is {ppi:.0f} ppi across the "
                   f"page and its bleed; print needs {settings.min_ppi} ({needed[0]} × {needed[1]} px)")
        if options.allow_lowres:
            notes.append(f"{_shown(article, job.project.root)}:{line}: {message}")
        else:
            problems.errors.append(SourceError(message + " (use --allow-lowres to build anyway)", article, line))
    problems.raise_any()
    return notes
