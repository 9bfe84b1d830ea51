"""The merged edition: every language of one variant in one PDF (pypdf).

Each language becomes a top-level bookmark with its articles below it. For the
archive variant the merged file keeps what makes the per-language files
archival (PDF/A-3b, checked by veraPDF in the tests): one sRGB output intent,
an XMP packet naming every language, matching document information, a file
identifier, and every language's sources as associated files with their MIME
types. What merging would otherwise break is mended per part before it is
appended:

- named destinations are renamed ``<lang>:<name>``, with the contents links that
  use them, so that every language's contents page jumps into its own articles;
- font subset tags are made distinct per language (each language's subset of
  a font is a different font program under the same tag otherwise);
- the structure trees are joined (:class:`_MergedStructure`): one Document with
  a /Part per language carrying its /Lang, one parent tree renumbered across
  the parts, so the merged file is PDF/UA-1 like its parts (if a part is not
  tagged, the merged file is not either and does not claim PDF/UA).
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from .imposition import write_pdf

MIME_TYPES = {".md": "text/markdown", ".yaml": "application/yaml"}


def merge_languages(
    parts: list[tuple[str, str, Path]],
    target: Path,
    identifier: str,
    sources: tuple[tuple[str, bytes], ...] = (),
    sources_date: datetime | None = None,
) -> int:
    """Merge ``parts`` — (language code, bookmark label, PDF) in order — into ``target``; returns pages."""
    writer = PdfWriter()
    structure = _MergedStructure(writer)
    for code, label, path in parts:
        reader = PdfReader(path)
        _own_destinations(reader, code)
        _own_subset_tags(reader, code)
        first_page = len(writer.pages)
        if not structure.takes(reader):
            _drop_structure_references(reader)
        writer.append(reader, outline_item=label)
        structure.add(reader, code, writer.pages[first_page:])
    first = PdfReader(parts[0][2])
    root = cast(DictionaryObject, first.trailer["/Root"])  # the catalog is always a dictionary
    languages = [code for code, _, _ in parts]
    catalog = writer.root_object
    catalog[NameObject("/Lang")] = TextStringObject("mul")  # BCP 47: several languages
    tagged = structure.finish()
    if "/OutputIntents" in root:
        catalog[NameObject("/OutputIntents")] = ArrayObject(
            [writer._add_object(intent.get_object().clone(writer))
             for intent in cast(ArrayObject, root["/OutputIntents"])][:1]
        )
    info: dict[str, object] = dict(first.metadata or {})
    info.pop("/Language", None)
    info["/PageCount"] = str(len(writer.pages))
    writer.add_metadata({key: str(value) for key, value in info.items()})
    if "/Metadata" in root:
        catalog[NameObject("/Metadata")] = writer._add_object(
            _merged_xmp(root["/Metadata"], languages, identifier, tagged))
    associated = ArrayObject()
    for name, data in sources:
        embedded = writer.add_attachment(name, data)
        embedded.alternative_name = TextStringObject(name)  # /F and /UF
        embedded.associated_file_relationship = NameObject("/Source")
        embedded.subtype = NameObject("/" + MIME_TYPES.get(Path(name).suffix, "application/octet-stream"))
        embedded.size = NumberObject(len(data))
        embedded.checksum = ByteStringObject(hashlib.md5(data, usedforsecurity=False).digest())
        if sources_date is not None:  # dates from the edition, not the clock: reproducible bytes
            embedded.creation_date = embedded.modification_date = sources_date
        associated.append(embedded.pdf_object.indirect_reference or writer._add_object(embedded.pdf_object))
    if associated:
        catalog[NameObject("/AF")] = associated
    # A file identifier from the content, not from chance: the same parts give the same bytes.
    digest = hashlib.md5(usedforsecurity=False)
    for _, _, path in parts:
        digest.update(path.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(writer, target, digest.digest())
    return len(writer.pages)


def _merged_xmp(metadata: PdfObject, languages: list[str], identifier: str, tagged: bool) -> StreamObject:
    xmp = cast(StreamObject, metadata.get_object()).get_data().decode("utf-8")
    bag = "".join(f"<rdf:li>{code}</rdf:li>" for code in languages)
    xmp = re.sub(r"<dc:language><rdf:Bag>.*?</rdf:Bag></dc:language>",
                 f"<dc:language><rdf:Bag>{bag}</rdf:Bag></dc:language>", xmp)
    xmp = re.sub(r"<dc:identifier>[^<]*</dc:identifier>", f"<dc:identifier>{identifier}</dc:identifier>", xmp)
    xmp = re.sub(r"xmp\.did:[0-9a-f-]+", f"xmp.did:{identifier}", xmp)
    if not tagged:  # parts without structure give a merged file that must not claim PDF/UA
        xmp = re.sub(r'\s*pdfuaid:part="\d+"', "", xmp)
        xmp = re.sub(r"<pdfuaid:part>\d+</pdfuaid:part>", "", xmp)
    stream = StreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


def _own_destinations(reader: PdfReader, code: str) -> None:
    """Rename the part's named destinations, and the links to them, to ``<code>:<name>``."""
    root = cast(DictionaryObject, reader.trailer["/Root"])
    names = root.get("/Names")
    dests = cast(DictionaryObject, names.get_object()).get("/Dests") if names is not None else None
    if dests is not None:
        _rename_in_name_tree(cast(DictionaryObject, dests.get_object()), code)
    for page in reader.pages:
        for reference in cast(ArrayObject, page.get("/Annots", ArrayObject())):
            annotation = cast(DictionaryObject, reference.get_object())
            destination = annotation.get("/Dest")
            if isinstance(destination, (TextStringObject, ByteStringObject)):
                annotation[NameObject("/Dest")] = TextStringObject(f"{code}:{destination}")
            action = annotation.get("/A")
            if action is not None:
                action = cast(DictionaryObject, action.get_object())
                target = action.get("/D")
                if action.get("/S") == "/GoTo" and isinstance(target, (TextStringObject, ByteStringObject)):
                    action[NameObject("/D")] = TextStringObject(f"{code}:{target}")


def _rename_in_name_tree(node: DictionaryObject, code: str) -> None:
    if "/Names" in node:
        entries = cast(ArrayObject, node["/Names"])
        for index in range(0, len(entries) - 1, 2):
            entries[index] = TextStringObject(f"{code}:{entries[index]}")
        if "/Limits" in node:
            limits = cast(ArrayObject, node["/Limits"])
            node[NameObject("/Limits")] = ArrayObject([TextStringObject(f"{code}:{limit}") for limit in limits])
    for kid in cast(ArrayObject, node.get("/Kids", ArrayObject())):
        _rename_in_name_tree(cast(DictionaryObject, kid.get_object()), code)


def _own_subset_tags(reader: PdfReader, code: str) -> None:
    """Give each font subset of the part a tag of its own (``ABCDEF+Name`` → a tag derived from ``code``)."""
    for font in _fonts(reader):
        for holder, key in _font_names(font):
            name = str(holder[key])
            tag, plus, rest = name.lstrip("/").partition("+")
            if plus and len(tag) == 6:
                holder[NameObject(key)] = NameObject(f"/{_tag(code + tag)}+{rest}")


def _tag(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    found: dict[int, DictionaryObject] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        stack = [resources.get_object()] if resources is not None else []
        while stack:
            current = cast(DictionaryObject, stack.pop())
            fonts = current.get("/Font")
            for reference in (cast(DictionaryObject, fonts.get_object()).values() if fonts is not None else ()):
                font = cast(DictionaryObject, reference.get_object())
                found[id(font)] = font
            xobjects = current.get("/XObject")
            for reference in (cast(DictionaryObject, xobjects.get_object()).values() if xobjects is not None else ()):
                xobject = cast(DictionaryObject, reference.get_object())
                if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject and id(xobject) not in found:
                    found[id(xobject)] = xobject  # marks it seen; filtered out below
                    stack.append(cast(DictionaryObject, xobject["/Resources"].get_object()))
    return [font for font in found.values() if font.get("/Type") == "/Font"]


def _font_names(font: DictionaryObject) -> list[tuple[DictionaryObject, str]]:
    """Every dictionary entry that carries the font's subset name: BaseFont, descendants, FontName."""
    holders: list[tuple[DictionaryObject, str]] = [(font, "/BaseFont")] if "/BaseFont" in font else []
    fonts = [font] + [cast(DictionaryObject, d.get_object())
                      for d in cast(ArrayObject, font.get("/DescendantFonts", ArrayObject()))]
    for each in fonts[1:]:
        if "/BaseFont" in each:
            holders.append((each, "/BaseFont"))
    for each in fonts:
        descriptor = each.get("/FontDescriptor")
        if descriptor is not None and "/FontName" in descriptor.get_object():
            holders.append((cast(DictionaryObject, descriptor.get_object()), "/FontName"))
    return holders


class _MergedStructure:
    """The parts' structure trees joined under one Document, a /Part per language with its own /Lang.

    Each part's pages and annotations are renumbered into one parent tree (their
    /StructParents and /StructParent keys shifted past the parts before), note
    IDs are prefixed with the language, and the elements are cloned after the
    part's pages, so that their /Pg and /Obj references land on the merged
    file's copies. If any part is untagged, no part keeps its structure.
    """

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.parts: list[DictionaryObject] = []
        self.numbers = ArrayObject()
        self.offset = 0
        self.usable = True

    def takes(self, reader: PdfReader) -> bool:
        root = cast(DictionaryObject, reader.trailer["/Root"])
        self.usable = self.usable and "/StructTreeRoot" in root
        return self.usable

    def add(self, reader: PdfReader, lang: str, pages: Sequence[PageObject]) -> None:
        if not self.usable:
            return
        tree = cast(DictionaryObject, cast(DictionaryObject, reader.trailer["/Root"])["/StructTreeRoot"].get_object())
        document = cast(DictionaryObject, cast(ArrayObject, tree["/K"])[0].get_object())
        nums = cast(ArrayObject, cast(DictionaryObject, tree["/ParentTree"].get_object())["/Nums"])
        part = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Part"),
                                 NameObject("/Lang"): TextStringObject(lang), NameObject("/K"): ArrayObject()})
        part_reference = self.writer._add_object(part)
        for kid in cast(ArrayObject, document["/K"]):
            # cloned through its reference: pypdf then gives one copy per object, shared with the parent tree
            reference = kid.clone(self.writer)
            cast(DictionaryObject, reference.get_object())[NameObject("/P")] = part_reference
            cast(ArrayObject, part["/K"]).append(reference)
        for original, page in zip(reader.pages, pages, strict=True):
            if "/StructParents" in original:  # pypdf's append leaves the key out of its copy
                page[NameObject("/StructParents")] = NumberObject(
                    int(cast(NumberObject, original["/StructParents"])) + self.offset)
            for reference in cast(ArrayObject, page.get("/Annots", ArrayObject())):
                annotation = cast(DictionaryObject, reference.get_object())
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        int(cast(NumberObject, annotation["/StructParent"])) + self.offset)
        highest = -1
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            number = int(cast(NumberObject, key))
            self.numbers.append(NumberObject(number + self.offset))
            listed = value.get_object()
            self.numbers.append(ArrayObject(item.clone(self.writer) for item in listed)
                                if isinstance(listed, ArrayObject) else value.clone(self.writer))
            highest = max(highest, number)
        self.offset += highest + 1
        self._own_note_ids(part, lang)
        self.parts.append(part)

    def _own_note_ids(self, part: DictionaryObject, lang: str) -> None:
        stack = [part]
        while stack:
            element = stack.pop()
            if "/ID" in element:
                element[NameObject("/ID")] = TextStringObject(f"{lang}-{element['/ID']}")
            for kid in cast(ArrayObject, element.get("/K", ArrayObject())) if isinstance(
                    element.get("/K"), ArrayObject) else ():
                kid = kid.get_object() if hasattr(kid, "get_object") else kid
                if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/StructElem":
                    stack.append(kid)

    def finish(self) -> bool:
        """Install the joined tree in the writer's catalog; False if the parts were not all tagged."""
        if not self.usable or not self.parts:
            return False
        catalog = self.writer.root_object
        parent_tree = self.writer._add_object(DictionaryObject({NameObject("/Nums"): self.numbers}))
        root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot"),
                                 NameObject("/ParentTree"): parent_tree,
                                 NameObject("/ParentTreeNextKey"): NumberObject(self.offset)})
        root_reference = self.writer._add_object(root)
        document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                     NameObject("/S"): NameObject("/Document"), NameObject("/P"): root_reference,
                                     NameObject("/K"): ArrayObject(part.indirect_reference for part in self.parts)})
        document_reference = self.writer._add_object(document)
        for part in self.parts:
            part[NameObject("/P")] = document_reference
        root[NameObject("/K")] = ArrayObject([document_reference])
        catalog[NameObject("/StructTreeRoot")] = root_reference
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)})
        return True


def _drop_structure_references(reader: PdfReader) -> None:
    """Remove the pages' and annotations' keys into a structure tree the merged file will not have."""
    for page in reader.pages:
        if "/StructParents" in page:
            del page[NameObject("/StructParents")]
        for reference in cast(ArrayObject, page.get("/Annots", ArrayObject())):
            annotation = cast(DictionaryObject, reference.get_object())
            if "/StructParent" in annotation:
                del annotation[NameObject("/StructParent")]
