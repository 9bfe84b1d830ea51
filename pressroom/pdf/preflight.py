"""Read back a finished PDF with pypdf: what a printer's or archivist's checker would see.

:func:`inspect_pdf` gathers the facts (pages, boxes, language, fonts); the build
uses them for its manifest and to refuse a PDF with an unembedded font, and the
tests use them to check real outputs rather than "it ran".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

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
    root = cast(DictionaryObject, reader.trailer["/Root"])  # the catalog is always a dictionary
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


# -- the printer's preflight -----------------------------------------------------

RGB_OPERATORS = {b"rg", b"RG"}
COLOUR_SPACE_OPERATORS = {b"cs", b"CS"}


@dataclass(frozen=True)
class Finding:
    """One check's verdict on one file; ``where`` says which page or object failed."""

    check: str
    ok: bool
    detail: str
    where: str = ""

    def as_dict(self) -> dict:
        return {"check": self.check, "ok": self.ok, "detail": self.detail, "where": self.where}


MAX_SHOWN = 20  # failures of one check listed one by one; the rest are counted


def findings_of(findings: list[Finding]) -> Callable[[str, list[tuple[str, str]], str], None]:
    """An ``add(check, problems, ok_detail)`` that records one check's verdict in ``findings``.

    ``problems`` are (where, what) pairs; none means the check passed.
    """
    def add(check: str, problems: list[tuple[str, str]], ok_detail: str) -> None:
        for where, detail in problems[:MAX_SHOWN]:
            findings.append(Finding(check, False, detail, where))
        if len(problems) > MAX_SHOWN:
            findings.append(Finding(check, False, f"and {len(problems) - MAX_SHOWN} more like these"))
        if not problems:
            findings.append(Finding(check, True, ok_detail))

    return add


@dataclass(frozen=True)
class PrintExpectations:
    page_mm: tuple[float, float]
    bleed_mm: float
    min_ppi: int
    standard: str  # "pdf/x-4" or "pdf/x-1a"
    pages_multiple: int = 4


@dataclass
class Placement:
    page: int
    name: str
    pixels: tuple[int, int]
    ppi: float
    colour_space: str
    box: tuple[float, float, float, float]  # where it lands on the page: left, bottom, right, top (pt)
    interpolated: bool


def _colour_space_name(space, resources) -> str:
    space = _resolve(space)
    if isinstance(space, list):
        try:
            family = str(_resolve(space[0]))
        except (IndexError, KeyError, TypeError):
            return str(space)
        if family == "/ICCBased":
            components = _resolve(_resolve(space[1]).get("/N"))
            return {1: "ICCBased Gray", 3: "ICCBased RGB", 4: "ICCBased CMYK"}.get(int(components), "ICCBased")
        if family == "/Indexed":
            return "Indexed " + _colour_space_name(space[1], resources)
        if family in ("/Separation", "/DeviceN"):
            return family.lstrip("/") + " (" + _colour_space_name(space[2], resources) + ")"
        return family.lstrip("/")
    name = str(space)
    if name.startswith("/Device"):
        return name.lstrip("/")
    named = _resolve((_resolve(resources.get("/ColorSpace")) or {}).get(name)) if resources else None
    return _colour_space_name(named, resources) if named is not None else name.lstrip("/")


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _scan(content, resources, ctm, page: int, placements: list[Placement], rgb: list[tuple[str, str]],
          seen_forms: set) -> None:
    """Walk a content stream: RGB colour operators, and where each image lands."""
    from pypdf.generic import ContentStream

    resources = _resolve(resources) or DictionaryObject()
    xobjects = _resolve(resources.get("/XObject")) or {}
    stack = []
    for operands, operator in ContentStream(content, None).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q" and stack:
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply(tuple(float(x) for x in operands), ctm)
        elif operator in RGB_OPERATORS:
            rgb.append((f"page {page}", f"'{operator.decode()}' operator (DeviceRGB colour)"))
        elif operator in COLOUR_SPACE_OPERATORS:
            space = _colour_space_name(operands[0], resources)
            if "RGB" in space:
                rgb.append((f"page {page}", f"colour space {space}"))
        elif operator == b"Do":
            name = str(operands[0])
            xobject = _resolve(xobjects.get(name))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == "/Image":
                a, b, c, d, _, _ = ctm
                width_pt, height_pt = (a * a + b * b) ** 0.5, (c * c + d * d) ** 0.5
                pixels = (int(xobject["/Width"]), int(xobject["/Height"]))
                if width_pt and height_pt:
                    ppi = min(pixels[0] / (width_pt / 72), pixels[1] / (height_pt / 72))
                    space = _colour_space_name(xobject.get("/ColorSpace", "/DeviceGray"), resources)
                    corners = [(a * x + c * y + ctm[4], b * x + d * y + ctm[5])
                               for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                    box = (min(x for x, _ in corners), min(y for _, y in corners),
                           max(x for x, _ in corners), max(y for _, y in corners))
                    interpolated = str(xobject.get("/Interpolate", "false")).lower() == "true"
                    placements.append(Placement(page, name, pixels, ppi, space, box, interpolated))
            elif xobject.get("/Subtype") == "/Form":
                key = (xobject.indirect_reference.idnum if xobject.indirect_reference else id(xobject), ctm)
                if key in seen_forms:
                    continue
                seen_forms.add(key)
                matrix = tuple(float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                _scan(xobject, xobject.get("/Resources", resources), _multiply(matrix, ctm), page, placements, rgb,
                      seen_forms)


def _scan_pages(reader: PdfReader) -> tuple[list[Placement], list[tuple[str, str]]]:
    """Every placed image, and every use of RGB colour, on every page."""
    found: list[Placement] = []
    rgb: list[tuple[str, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        if contents is not None:
            _scan(contents, page.get("/Resources"), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), number, found, rgb, set())
    return found, rgb


def placements(reader: PdfReader) -> list[Placement]:
    """Every image placed on the pages: where, how large, at what resolution, in which colour space."""
    return _scan_pages(reader)[0]


def _transparency(reader: PdfReader) -> list[tuple[str, str]]:
    """Soft masks, constant alpha below 1 and transparency groups, which PDF/X-1a forbids."""
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        group = _resolve(page.get("/Group"))
        if group is not None and group.get("/S") == "/Transparency":
            problems.append((f"page {number}", "page is a transparency group"))
        resources = _resolve(page.get("/Resources")) or {}
        for name, state in (_resolve(resources.get("/ExtGState")) or {}).items():
            state = _resolve(state)
            alpha = [float(state.get(key, 1)) for key in ("/CA", "/ca")]
            soft_mask = state.get("/SMask")
            if min(alpha) < 1 or (soft_mask is not None and str(soft_mask) != "/None"):
                problems.append((f"page {number}, graphics state {name}", "transparency (alpha or soft mask)"))
        for name, xobject in (_resolve(resources.get("/XObject")) or {}).items():
            if _resolve(xobject).get("/SMask") is not None:
                problems.append((f"page {number}, image {name}", "image with a soft mask (alpha channel)"))
    return problems


PDF_VERSIONS = {"pdf/x-4": "1.6", "pdf/x-1a": "1.4"}


def check_print_pdf(path: Path, expected: PrintExpectations, labels: dict[str, str] | None = None) -> list[Finding]:
    """What a printer's preflight would say of ``path``; every failure names its page and picture.

    ``labels`` names images: XObject name → "images/x.png in en/01-a.md".
    """
    labels = labels or {}
    reader = PdfReader(path)
    facts = inspect_pdf(path)
    findings: list[Finding] = []
    add = findings_of(findings)

    # Page boxes: TrimBox is the page size, BleedBox the trim plus the bleed, MediaBox holds both.
    width_mm, height_mm = expected.page_mm
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        trim_size = (float(trim.width) * MM_PER_PT, float(trim.height) * MM_PER_PT)
        if abs(trim_size[0] - width_mm) > 0.2 or abs(trim_size[1] - height_mm) > 0.2:
            problems.append((f"page {number}", f"TrimBox is {trim_size[0]:.1f} × {trim_size[1]:.1f} mm, "
                                                f"not {width_mm:g} × {height_mm:g} mm"))
        reach = [(float(trim.left) - float(bleed.left)), (float(bleed.right) - float(trim.right)),
                 (float(trim.bottom) - float(bleed.bottom)), (float(bleed.top) - float(trim.top))]
        if any(abs(r * MM_PER_PT - expected.bleed_mm) > 0.1 for r in reach):
            problems.append((f"page {number}", f"BleedBox reaches {min(reach) * MM_PER_PT:.1f} mm beyond the trim, "
                                                f"not {expected.bleed_mm:g} mm"))
        if (float(media.left) > float(bleed.left) + 0.01 or float(media.bottom) > float(bleed.bottom) + 0.01
                or float(media.right) < float(bleed.right) - 0.01 or float(media.top) < float(bleed.top) - 0.01):
            problems.append((f"page {number}", "MediaBox is smaller than the BleedBox"))
    add("page boxes", problems,
        f"TrimBox {width_mm:g} × {height_mm:g} mm, bleed {expected.bleed_mm:g} mm on {facts.pages} pages")

    count_ok = facts.pages % expected.pages_multiple == 0
    add("page count", [] if count_ok else [("", f"{facts.pages} pages is not a multiple of {expected.pages_multiple}")],
        f"{facts.pages} pages (a multiple of {expected.pages_multiple})")

    problems = [(f"font {f.name}", "not embedded") for f in facts.fonts if not f.embedded]
    problems += [(f"font {f.name}", "embedded in full, not subset") for f in facts.fonts if f.embedded and not f.subset]
    add("fonts", problems, f"{len(facts.fonts)} fonts, all embedded and subset")

    root = cast(DictionaryObject, reader.trailer["/Root"])  # the catalog is always a dictionary
    intents = [_resolve(i) for i in (_resolve(root.get("/OutputIntents")) or [])]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    problems = []
    if not pdfx:
        problems.append(("catalog", "no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)"))
    else:
        profile = _resolve(pdfx[0].get("/DestOutputProfile"))
        if profile is None:
            problems.append(("output intent", "no ICC profile (/DestOutputProfile)"))
        elif int(profile.get("/N", 0)) != 4:
            problems.append(("output intent", f"the profile has {profile.get('/N')} components, not 4 (CMYK)"))
        condition = str(pdfx[0].get("/OutputConditionIdentifier", ""))
        if not condition:
            problems.append(("output intent", "no OutputConditionIdentifier"))
        elif condition != "Custom" and not pdfx[0].get("/RegistryName"):
            problems.append(("output intent", f"condition {condition!r} without the RegistryName it is registered in"))
    add("output intent", problems,
        f"CMYK: {pdfx[0].get('/OutputConditionIdentifier')}" if pdfx else "")

    wanted = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a"}[expected.standard]
    xmp = _resolve(root.get("/Metadata"))
    xmp_text = xmp.get_data().decode("utf-8", "replace") if xmp is not None else ""
    info_version = str((reader.metadata or DictionaryObject()).get("/GTS_PDFXVersion", ""))
    identified = f"GTS_PDFXVersion>{wanted}" in xmp_text or info_version.startswith(wanted)
    add("PDF/X identification", [] if identified else [("XMP", f"no {wanted} identification in the metadata")],
        f"{wanted} in the XMP metadata")

    placements, rgb = _scan_pages(reader)
    rgb += [
        (f"page {p.page}, {labels.get(p.name, 'image ' + p.name)}", f"image in {p.colour_space}")
        for p in placements if "RGB" in p.colour_space
    ]
    add("colour", rgb, "no RGB operators or RGB images: CMYK throughout")

    if expected.standard == "pdf/x-1a":
        add("transparency", _transparency(reader), "none (PDF/X-1a allows no transparency)")

    low = [(f"page {p.page}, {labels.get(p.name, 'image ' + p.name)}",
            f"{p.pixels[0]} × {p.pixels[1]} px placed at {p.ppi:.0f} ppi, below {expected.min_ppi}")
           for p in placements if p.ppi < expected.min_ppi - 0.5]
    add("image resolution", low,
        f"{len(placements)} placed images, all at least {expected.min_ppi} ppi"
        + (f" (lowest {min(p.ppi for p in placements):.0f})" if placements else ""))

    add("interpolation", [(f"page {p.page}, {labels.get(p.name, 'image ' + p.name)}", "/Interpolate true")
                          for p in placements if p.interpolated], "no image asks the RIP to interpolate")

    add("annotations", _annotations(reader), "none (PDF/X allows no annotations in the printable area)")
    add("bleed", _short_of_bleed(reader, placements, labels), "every picture that reaches the trim runs into the bleed")

    header = _header_version(path)
    version = PDF_VERSIONS[expected.standard]
    add("PDF version", [] if header == version else [("header", f"%PDF-{header}, but {wanted} is PDF {version}")],
        f"PDF {header}, as {wanted} requires")

    info = reader.metadata or DictionaryObject()
    problems = [("Info", f"no {key}") for key in ("/Title", "/Edition", "/Language", "/TrimSize", "/PageCount")
                if not info.get(key)]
    if not facts.lang:
        problems.append(("catalog", "no document language (/Lang)"))
    if info.get("/PageCount") and str(info.get("/PageCount")) != str(facts.pages):
        problems.append(("Info", f"/PageCount says {info.get('/PageCount')} but the file has {facts.pages} pages"))
    add("metadata", problems, f"title, edition {info.get('/Edition')}, language {facts.lang}, "
        f"trim {info.get('/TrimSize')}, {facts.pages} pages")
    return findings


def _header_version(path: Path) -> str:
    with path.open("rb") as file:
        first = file.read(16)
    return first[5:8].decode("ascii", "replace") if first.startswith(b"%PDF-") else "?"


def _annotations(reader: PdfReader) -> list[tuple[str, str]]:
    """Annotations other than printer's marks and trap networks, which PDF/X allows."""
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        annotations = [_resolve(a) for a in (_resolve(page.get("/Annots")) or [])]
        kinds = [str(a.get("/Subtype")) for a in annotations if a.get("/Subtype") not in ("/PrinterMark", "/TrapNet")]
        if kinds:
            problems.append((f"page {number}", f"{len(kinds)} annotation(s): {', '.join(sorted(set(kinds)))}"))
    return problems


def _short_of_bleed(reader: PdfReader, placements: list[Placement], labels: dict[str, str]) -> list[tuple[str, str]]:
    """Pictures that reach an edge of the trim but stop before the bleed: trimming would leave a white edge."""
    problems = []
    tolerance = 0.5  # pt
    for placement in placements:
        page = reader.pages[placement.page - 1]
        trim, bleed = page.trimbox, page.bleedbox
        left, bottom, right, top = placement.box
        edges = {
            "left": (left <= float(trim.left) + tolerance, left <= float(bleed.left) + tolerance),
            "right": (right >= float(trim.right) - tolerance, right >= float(bleed.right) - tolerance),
            "bottom": (bottom <= float(trim.bottom) + tolerance, bottom <= float(bleed.bottom) + tolerance),
            "top": (top >= float(trim.top) - tolerance, top >= float(bleed.top) - tolerance),
        }
        short = [edge for edge, (reaches_trim, reaches_bleed) in edges.items() if reaches_trim and not reaches_bleed]
        if short:
            problems.append((f"page {placement.page}, {labels.get(placement.name, 'image ' + placement.name)}",
                             f"reaches the trim but not the bleed at the {', '.join(short)}"))
    return problems
