"""The merged edition: every language of one variant in one PDF (pypdf).

Each language becomes a top-level bookmark with its articles below it. For the
archive variant the merged file keeps what makes the per-language files
archival: the sRGB output intent, an XMP packet (now naming every language),
matching document information, and every language's sources as associated
files. The per-language files stay the reference copies: pypdf does not merge
tagged structure, so the merged file is not tagged.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject, TextStringObject

from .imposition import write_pdf


def merge_languages(
    parts: list[tuple[str, str, Path]],
    target: Path,
    identifier: str,
    sources: tuple[tuple[str, bytes], ...] = (),
    sources_date: datetime | None = None,
) -> int:
    """Merge ``parts`` — (language code, bookmark label, PDF) in order — into ``target``; returns pages."""
    writer = PdfWriter()
    for _, label, path in parts:
        writer.append(path, outline_item=label)
    first = PdfReader(parts[0][2])
    root = cast(DictionaryObject, first.trailer["/Root"])  # the catalog is always a dictionary
    languages = [code for code, _, _ in parts]
    catalog = writer._root_object
    catalog[NameObject("/Lang")] = TextStringObject("mul")  # BCP 47: several languages
    if "/OutputIntents" in root:
        catalog[NameObject("/OutputIntents")] = ArrayObject(
            [writer._add_object(intent.get_object().clone(writer))
             for intent in cast(ArrayObject, root["/OutputIntents"])]
        )
    info: dict[str, object] = dict(first.metadata or {})
    info.pop("/Language", None)
    info["/PageCount"] = str(len(writer.pages))
    writer.add_metadata({key: str(value) for key, value in info.items()})
    if "/Metadata" in root:
        xmp = cast(StreamObject, root["/Metadata"].get_object()).get_data().decode("utf-8")
        bag = "".join(f"<rdf:li>{code}</rdf:li>" for code in languages)
        xmp = re.sub(r"<dc:language><rdf:Bag>.*?</rdf:Bag></dc:language>",
                     f"<dc:language><rdf:Bag>{bag}</rdf:Bag></dc:language>", xmp)
        xmp = re.sub(r"<dc:identifier>[^<]*</dc:identifier>", f"<dc:identifier>{identifier}</dc:identifier>", xmp)
        xmp = re.sub(r"xmp\.did:[0-9a-f-]+", f"xmp.did:{identifier}", xmp)
        stream = StreamObject()
        stream.set_data(xmp.encode("utf-8"))
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        catalog[NameObject("/Metadata")] = writer._add_object(stream)
    associated = ArrayObject()
    for name, data in sources:
        embedded = writer.add_attachment(name, data)
        embedded.associated_file_relationship = NameObject("/Source")
        embedded.subtype = NameObject("/text#2fmarkdown" if name.endswith(".md") else "/application#2fyaml")
        if sources_date is not None:  # dates from the edition, not the clock: reproducible bytes
            embedded.creation_date = embedded.modification_date = sources_date
        associated.append(embedded.pdf_object.indirect_reference or writer._add_object(embedded.pdf_object))
    if associated:
        catalog[NameObject("/AF")] = associated
    target.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(writer, target)
    return len(writer.pages)
