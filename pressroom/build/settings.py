"""Render settings of one job: variant, page geometry, metadata, the sources embedded in archive files."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from datetime import UTC, datetime

from ..layout.urls import virtual_url
from ..pdf.images import image_size
from ..pdf.variants import VARIANTS, RenderSettings
from ..sources.reading import read_source
from .documents import ComposedDocument, PreparedImages
from .jobs import Job, Options


def render_settings(job: Job, document: ComposedDocument, options: Options,
                    images: PreparedImages) -> RenderSettings:
    edition, variant = job.edition, VARIANTS[job.variant]
    publication = edition.publication
    width_mm, height_mm = publication.page_mm
    metadata = {
        "Edition": edition.id,
        "Language": job.lang,
        "Variant": job.variant,
        "TrimSize": f"{width_mm:g} x {height_mm:g} mm",
    }
    cover = edition.editions[job.lang].cover
    cover_pixels = image_size(cover, job.project.checked_images) if cover is not None else None
    identity = hashlib.sha256(document.html.encode() + repr((job.name, variant, publication.print)).encode())
    document_id = str(uuid.UUID(bytes=identity.digest()[:16], version=5))
    language_edition = edition.editions[job.lang]
    # ISSNs go into the XMP too, where catalogues and printers' systems read them
    prism = tuple((name, language_edition.imprint_value(field)) for field, name in
                  (("issn_print", "issn"), ("issn_online", "eIssn")) if language_edition.imprint_value(field))
    if variant.cmyk:
        print_settings = publication.print
        metadata["Bleed"] = f"{print_settings.bleed_mm:g} mm"
        intent = (job.project.root / print_settings.output_intent).relative_to(job.project.styles.resolve())
        return RenderSettings(
            variant=variant,
            pdf_variant=print_settings.standard,
            page_size=publication.page_size,
            bleed_mm=print_settings.bleed_mm,
            output_intent=virtual_url("styles", intent),
            min_ppi=print_settings.min_ppi,
            allow_lowres=options.allow_lowres,
            images=images.cmyk,
            image_labels=document.image_labels,
            metadata=tuple(metadata.items()),
            document_id=document_id,
            cover_pixels=cover_pixels,
            output_condition=(print_settings.output_condition, print_settings.registry),
            prism=prism,
        )
    published = edition.editions[job.lang].published
    when = datetime(published.year, published.month, published.day, tzinfo=UTC)
    start, end = edition.period
    xmp = (
        ("language", job.lang),
        ("identifier", f"{publication.slug}:{edition.id}:{job.lang}"),
        ("date", f"{published.isoformat()}T00:00:00Z"),
        ("publisher", publication.publisher[job.lang]),
        ("rights", publication.rights[job.lang] or publication.publisher[job.lang]),
        ("coverage", f"{start.isoformat()}/{end.isoformat()}"),
    )
    screen = RenderSettings(
        variant=variant, pdf_variant="pdf/ua-1", page_size=publication.page_size, bleed_mm=0, output_intent=None,
        min_ppi=None, images=images.srgb, image_labels=document.image_labels, metadata=tuple(metadata.items()),
        document_id=document_id, xmp=xmp, cover_pixels=cover_pixels, prism=prism,
    )
    if variant.archival:
        attachments: tuple[tuple[str, bytes], ...] = ()
        if publication.archive_standard == "pdf/a-3b":
            attachments = edition_sources(job)
        return dataclasses.replace(screen, pdf_variant=publication.archive_standard, attachments=attachments,
                                   attachment_date=when)
    return screen


def edition_sources(job: Job) -> tuple[tuple[str, bytes], ...]:
    """What the archive copy of one language was made from: edition.yaml and its articles."""
    edition = job.edition
    root = job.project.root
    files = [("edition.yaml", read_source(edition.folder / "edition.yaml", root, "yaml"))]
    files += [(f"{job.lang}/{a.path.name}", read_source(a.path, root, "article"))
              for a in edition.editions[job.lang].articles]
    return tuple(files)
