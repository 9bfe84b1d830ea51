"""The schema of ``pressroom.yaml``: the publication every edition shares."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageError
from ..sources.reading import load_yaml_file
from ..structure.edition import PAGE_SIZES, PrintSettings, Publication
from ..text.typography import SUPPORTED_LANGUAGES
from .fields import languages as language_list
from .fields import localized
from .imprint import load_imprint
from .yamlfile import YamlDocument, check_keys

PUBLICATION_KEYS = {"slug", "name", "subtitle", "publisher", "rights", "page_size", "languages", "print", "archive",
                    "source_language", "imprint"}
ARCHIVE_STANDARDS = ("pdf/a-3b", "pdf/a-2b")
PRINT_KEYS = {"standard", "output_intent", "bleed_mm", "min_ppi", "output_condition", "registry"}
PRINT_STANDARDS = ("pdf/x-4", "pdf/x-1a")


def load_publication(root: Path) -> Publication:
    path = root / "pressroom.yaml"
    if not path.is_file():
        raise UsageError(f"{root} is not a pressroom project: it has no pressroom.yaml (use --root DIR)")
    doc, warnings = load_yaml_file(path, root)
    data = doc.data
    check_keys(doc, data, PUBLICATION_KEYS)
    languages = language_list(doc, data.get("languages", list(SUPPORTED_LANGUAGES)), "languages")
    slug = data.get("slug", "bulletin")
    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise doc.error("slug must be lower-case letters, digits and hyphens (it names the PDF files)", "slug")
    page_size = data.get("page_size", "A4")
    if not isinstance(page_size, str) or page_size not in PAGE_SIZES:
        raise doc.error(f"page_size {page_size!r} is not one of {', '.join(PAGE_SIZES)}", "page_size")
    archive = data.get("archive") or {}
    if not isinstance(archive, dict):
        raise doc.error("archive must be a mapping, e.g. {standard: pdf/a-3b}", "archive")
    check_keys(doc, archive, {"standard"}, "archive")
    archive_standard = archive.get("standard", "pdf/a-3b")
    if archive_standard not in ARCHIVE_STANDARDS:
        raise doc.error(f"archive.standard must be one of {', '.join(ARCHIVE_STANDARDS)}", "archive", "standard")
    source_language = data.get("source_language", "az" if "az" in languages else languages[0])
    if source_language not in languages:
        raise doc.error(f"source_language {source_language!r} is not one of the languages ({', '.join(languages)})",
                        "source_language")
    return Publication(
        print=_print_settings(doc, root),
        source_language=source_language,
        archive_standard=archive_standard,
        root=root,
        slug=slug,
        name=localized(doc, "name", languages, True),
        subtitle=localized(doc, "subtitle", languages, False),
        publisher=localized(doc, "publisher", languages, True),
        rights=localized(doc, "rights", languages, False),
        page_size=page_size,
        languages=languages,
        warnings=tuple(warnings),
        imprint=load_imprint(doc, languages),
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
    relative = intent_path.relative_to(root.resolve())
    # The default profile characterises SWOP, registered as CGATS TR 001; another profile is "Custom"
    # unless the printer names its registered condition (FOGRA39, FOGRA51, CGATS21 for GRACoL…).
    is_default = relative == defaults.output_intent
    condition = settings.get("output_condition", defaults.output_condition if is_default else "Custom")
    registry = settings.get("registry", defaults.registry if is_default or "output_condition" in settings else "")
    for key, value in (("output_condition", condition), ("registry", registry)):
        if not isinstance(value, str):
            raise doc.error(f"print.{key} must be text", "print", key)
    return PrintSettings(standard, relative, float(bleed), min_ppi, condition, registry)


