"""Read back a finished PDF with pypdf: what a printer's or archivist's checker would see.

:func:`inspect_pdf` gathers the facts (pages, boxes, language, fonts); the build
uses them for its manifest and to refuse a PDF with an unembedded font, and the
tests use them to check real outputs rather than "it ran".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class FontFact:
    name: str  # e.g. "ABCDEF+NotoSerif-Regular"
    embedded: bool

    @property
    def subset(self) -> bool:
        prefix, plus, _ = self.name.partition("+")
        return bool(plus) and len(prefix) == 6 and prefix.isupper()


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    lang: str | None
    title: str | None
    fonts: tuple[FontFact, ...]
    trim_mm: tuple[float, float]  # width, height of page 1's TrimBox
    bleed_mm: float  # how far page 1's BleedBox reaches beyond the TrimBox

    def unembedded_fonts(self) -> list[str]:
        return sorted({f.name for f in self.fonts if not f.embedded})


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts_of(resources: DictionaryObject | None, found: dict[str, FontFact], seen: set[int]) -> None:
    if not resources:
        return
    resources = _resolve(resources)
    fonts = _resolve(resources.get("/Font")) or {}
    for ref in fonts.values():
        font = _resolve(ref)
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        descriptor = None
        if font.get("/Subtype") == "/Type0":
            descendant = _resolve(_resolve(font["/DescendantFonts"])[0])
            descriptor = _resolve(descendant.get("/FontDescriptor"))
        else:
            descriptor = _resolve(font.get("/FontDescriptor"))
        embedded = bool(descriptor) and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if font.get("/Subtype") == "/Type3":
            embedded = True  # drawn with PDF operators: nothing to embed
        found[name] = FontFact(name, embedded)
    xobjects = _resolve(resources.get("/XObject")) or {}
    for ref in xobjects.values():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key in seen:
            continue
        seen.add(key)
        xobject = _resolve(ref)
        if xobject.get("/Subtype") == "/Form":
            _fonts_of(xobject.get("/Resources"), found, seen)


def inspect_pdf(path: Path) -> PdfFacts:
    reader = PdfReader(path)
    found: dict[str, FontFact] = {}
    seen: set[int] = set()
    for page in reader.pages:
        _fonts_of(page.get("/Resources"), found, seen)
    first = reader.pages[0]
    trim = first.trimbox
    bleed = first.bleedbox
    root = reader.trailer["/Root"]
    lang = root.get("/Lang")
    metadata = reader.metadata
    return PdfFacts(
        pages=len(reader.pages),
        lang=str(lang) if lang is not None else None,
        title=metadata.title if metadata else None,
        fonts=tuple(sorted(found.values(), key=lambda f: f.name)),
        trim_mm=(round(float(trim.width) * MM_PER_PT, 2), round(float(trim.height) * MM_PER_PT, 2)),
        bleed_mm=round(float(trim.left - bleed.left) * MM_PER_PT, 2),
    )
