"""Checks of the files readers and archives receive (archive, screen, merged), read back with pypdf.

The printer's checks are in :mod:`pressroom.pdf.preflight`; veraPDF's verdict on
the PDF/A claim is added by ``pressroom check`` (:mod:`pressroom.pdf.verapdf`).
These are the checks veraPDF cannot make: that the description is complete,
that the sources travel with the file, that links land where they should.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .preflight import Finding, findings_of, placements

XMP_FIELDS = ("dc:title", "dc:language", "dc:date", "dc:identifier", "dc:publisher", "dc:rights", "dc:coverage")


@dataclass(frozen=True)
class ReaderExpectations:
    lang: str  # "all" for a merged file
    languages: tuple[str, ...]  # the edition's, in order: a merged file's bookmarks follow them
    articles: int  # per language
    archival: bool
    max_ppi: int | None = None  # screen files: images downsampled to about this
    print_bytes: int | None = None  # the same language's print file, when there is one: the screen file is lighter
    tagged: bool = False  # PDF/UA-1: the structure a screen reader follows is checked too


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def check_reader_pdf(path: Path, expected: ReaderExpectations, labels: dict[str, str] | None = None) -> list[Finding]:
    """The archive, screen and merged files' own checks; every failure names its page or part."""
    labels = labels or {}
    reader = PdfReader(path)
    root = cast(DictionaryObject, reader.trailer["/Root"])
    findings: list[Finding] = []
    add = findings_of(findings)

    lang = str(root.get("/Lang", ""))
    wanted_lang = "mul" if expected.lang == "all" else expected.lang
    add("language", [] if lang == wanted_lang else [("catalog", f"/Lang is {lang or 'missing'}, not {wanted_lang}")],
        f"/Lang {lang}")

    placed = placements(reader)
    add("interpolation", [(f"page {p.page}, {labels.get(p.name, 'image ' + p.name)}", "/Interpolate true")
                          for p in placed if p.interpolated], "no image is interpolated")
    if expected.max_ppi:
        limit = expected.max_ppi * 1.5
        add("image resolution", [(f"page {p.page}, {labels.get(p.name, 'image ' + p.name)}",
                                  f"{p.ppi:.0f} ppi: not downsampled to about {expected.max_ppi}")
                                 for p in placed if p.ppi > limit],
            f"{len(placed)} images at about {expected.max_ppi} ppi or less")
    if expected.print_bytes:
        size = path.stat().st_size
        add("size", [] if size < expected.print_bytes / 2 else
            [("file", f"{size} bytes: not much lighter than the print file ({expected.print_bytes})")],
            f"{size / expected.print_bytes:.0%} of the print file")

    add("links", _broken_links(reader, expected), "every link lands on a page of its own language")
    add("bookmarks", _bookmark_problems(reader, expected), "a bookmark for every article")
    if expected.tagged:
        found = structure_elements(reader)
        parts = len(expected.languages) if expected.lang == "all" else 1  # a merged file: every language's
        add("structure", _structure_problems(root, found, expected.articles, parts),
            f"tagged: {len(found)} elements, contents, notes, headers, figures with descriptions")
        add("artifacts", _untagged_margins(reader), "running heads and folios are artifacts")
    if expected.archival:
        add("metadata", _xmp_problems(root), "XMP with " + ", ".join(XMP_FIELDS))
        add("embedded sources", _source_problems(root), "the sources, each once, with MIME type, /UF and /Source")
    return findings


def structure_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element of a tagged file, in reading order (none for an untagged one)."""
    tree = cast(DictionaryObject, _resolve(reader.trailer["/Root"])).get("/StructTreeRoot")
    if tree is None:
        return []
    found: list[DictionaryObject] = []
    stack = [_resolve(tree)]
    while stack:
        element = stack.pop()
        if element.get("/S") is not None:
            found.append(element)
        kids = element.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
        for kid in reversed(kids):
            kid = _resolve(kid)
            if isinstance(kid, DictionaryObject) and kid.get("/Type") != "/OBJR":
                stack.append(kid)
    return found


def _structure_problems(root: DictionaryObject, found: list[DictionaryObject], articles: int,
                        parts: int = 1) -> list[tuple[str, str]]:
    """What a screen reader needs beyond what veraPDF checks: one element per article, a real contents, …

    ``parts``: the languages a merged file holds, each with its own articles and contents.
    """
    problems = []
    if not found:
        return [("catalog", "the file is not tagged")]
    if not _resolve(root.get("/ViewerPreferences", DictionaryObject())).get("/DisplayDocTitle"):
        problems.append(("catalog", "DisplayDocTitle is not true"))
    kinds = [str(element["/S"]) for element in found]
    if kinds.count("/Art") != articles * parts:
        problems.append(("structure", f"{kinds.count('/Art')} article elements for {articles * parts} articles "
                                      "(an article split by a page break must stay one element)"))
    if kinds.count("/TOC") != parts or kinds.count("/TOCI") != articles * parts:
        problems.append(("structure", f"the contents are not {parts} TOC of {articles} TOCI items each"))
    for element in found:
        kind = str(element["/S"])
        if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append(("structure", "a figure without a description (/Alt)"))
        elif kind == "/Note" and not element.get("/ID"):
            problems.append(("structure", "a note without an /ID"))
        elif kind == "/TH" and "/Scope" not in _resolve(element.get("/A", DictionaryObject())):
            problems.append(("structure", "a table header without a /Scope"))
    return problems


def _untagged_margins(reader: PdfReader) -> list[tuple[str, str]]:
    """Running heads and folios must be artifacts: some text drawn as an artifact, never tagged content inside."""
    import re

    problems = []
    with_folios = 0
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        artifacts = [block for block in re.findall(rb"/Artifact\s+BMC(.*?)EMC", data, re.S)
                     if re.search(rb"T[Jj]", block)]
        with_folios += bool(artifacts)
        if any(b"/MCID" in block for block in artifacts):
            problems.append((f"page {number}", "tagged content inside an artifact"))
    if not with_folios:
        problems.append(("pages", "no page draws its folio or running head as an artifact"))
    return problems


def _named_destinations(reader: PdfReader) -> dict[str, int]:
    """Destination name → page number (1-based)."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)
             if page.indirect_reference is not None}
    found: dict[str, int] = {}
    for name, destination in reader.named_destinations.items():
        page = destination.get("/Page")
        if isinstance(page, IndirectObject) and page.idnum in pages:
            found[name] = pages[page.idnum]
    return found


def language_ranges(reader: PdfReader, languages: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(language, first page, last page) of a merged file, from its top-level bookmarks, in order."""
    tops = [item for item in reader.outline if not isinstance(item, list)]
    starts = [(reader.get_destination_page_number(item) or 0) + 1 for item in tops]
    ends = [*(start - 1 for start in starts[1:]), len(reader.pages)]
    return list(zip(languages, starts, ends, strict=False))


def _broken_links(reader: PdfReader, expected: ReaderExpectations) -> list[tuple[str, str]]:
    destinations = _named_destinations(reader)
    ranges = language_ranges(reader, expected.languages) if expected.lang == "all" else []

    def language_of(page: int) -> str | None:
        return next((code for code, first, last in ranges if first <= page <= last), None)

    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in (_resolve(a) for a in (_resolve(page.get("/Annots")) or [])):
            if annotation.get("/Subtype") != "/Link":
                continue
            action = _resolve(annotation.get("/A")) or {}
            uri = action.get("/URI")
            if uri is not None:
                if not str(uri).startswith(("http://", "https://", "mailto:")):
                    problems.append((f"page {number}", f"link to {str(uri)[:60]!r}"))
                continue
            target = annotation.get("/Dest", action.get("/D"))
            if isinstance(target, (ArrayObject, list)):
                continue  # an explicit destination: a page of this file
            name = str(target) if target is not None else ""
            if name not in destinations:
                problems.append((f"page {number}", f"link to {name or 'nothing'}, which is not in the file"))
            elif ranges and language_of(destinations[name]) != language_of(number):
                problems.append((f"page {number}", f"the {language_of(number)} contents link {name} lands on page "
                                                   f"{destinations[name]}, in {language_of(destinations[name])}"))
    return problems


def _bookmark_problems(reader: PdfReader, expected: ReaderExpectations) -> list[tuple[str, str]]:
    outline = reader.outline
    if expected.lang == "all":
        tops = [item for item in outline if not isinstance(item, list)]
        if len(tops) != len(expected.languages):
            return [("outline", f"{len(tops)} top-level bookmarks for {len(expected.languages)} languages")]
        return []
    count = sum(1 for item in outline if not isinstance(item, list))
    if count < expected.articles:
        return [("outline", f"{count} top-level bookmarks for {expected.articles} articles")]
    return []


def _xmp_problems(root: DictionaryObject) -> list[tuple[str, str]]:
    metadata = _resolve(root.get("/Metadata"))
    if metadata is None:
        return [("catalog", "no XMP metadata")]
    xmp = metadata.get_data().decode("utf-8", "replace")
    problems = [("XMP", f"no {name}") for name in XMP_FIELDS if f"<{name}>" not in xmp and f"<{name} " not in xmp]
    if "pdfaid:part" not in xmp:
        problems.append(("XMP", "no PDF/A identification (pdfaid:part)"))
    return problems


def _source_problems(root: DictionaryObject) -> list[tuple[str, str]]:
    associated = [_resolve(item) for item in (_resolve(root.get("/AF")) or [])]
    if not associated:
        return [("catalog", "no associated files (/AF): the sources are not embedded")]
    problems = []
    names = [str(spec.get("/UF", spec.get("/F", ""))) for spec in associated]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append((name, f"listed {names.count(name)} times in /AF"))
    for spec, name in zip(associated, names, strict=True):
        if "/UF" not in spec:
            problems.append((name, "no /UF (Unicode file name)"))
        if str(spec.get("/AFRelationship", "")) != "/Source":
            problems.append((name, f"relationship {spec.get('/AFRelationship')}, not /Source"))
        stream = _resolve(_resolve(spec.get("/EF") or {}).get("/F"))
        subtype = str(stream.get("/Subtype", "")) if stream is not None else ""
        if "/" not in subtype.lstrip("/") or "#" in subtype:
            problems.append((name, f"MIME type {subtype or 'missing'} is not a type/subtype"))
    return problems
