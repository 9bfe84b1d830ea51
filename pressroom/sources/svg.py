"""SVG charts and maps: what an SVG in ``images/`` may contain.

An SVG is a program as much as a picture: it can fetch files and fonts, run
scripts, and expand entities into gigabytes. A chart or map needs none of
that, so anything beyond shapes, text, gradients and references inside the
file itself is refused, with the file and line, before the renderer sees it:

- a DOCTYPE, entity declarations or processing instructions (no DTD, no entity expansion);
- ``<script>``, event attributes (``onload=…``), ``<foreignObject>``, embedded ``<image>``\\ s,
  animations (they can rewrite a reference);
- device colours (``device-cmyk()``): the sources are sRGB, separated for print by the build;
- a reference to anything outside the file: ``href`` / ``xlink:href`` or ``url(…)``
  that is not ``#an-id``, ``@import`` in a style.

The text of ``<text>`` elements is returned, so that its characters are
checked against the shipped fonts like the articles' (the renderer keeps it as text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ..errors import SourceError

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MAX_SVG_BYTES = 4_000_000  # a detailed district map is a few hundred kilobytes
REFUSED_ELEMENTS = {
    "script": "a script",
    "foreignObject": "a foreignObject (HTML inside the picture)",
    "image": "an embedded picture (put photographs in the article, not inside an SVG)",
    "iframe": "a frame", "object": "an object", "embed": "an embedded object", "handler": "a script",
    "animate": "an animation", "set": "an animation", "animateMotion": "an animation",
    "animateTransform": "an animation", "animateColor": "an animation", "discard": "an animation",
}
_OUTSIDE_URL = re.compile(r"url\(\s*(?!['\"]?#)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)
# The sources are sRGB (archive and screen show them as they are); the print build separates them itself.
_DEVICE_COLOUR = re.compile(r"device-cmyk\(|icc-color\(", re.IGNORECASE)


@dataclass(frozen=True)
class SvgFacts:
    text: str  # the characters of its <text> elements, one line each
    width: float  # intrinsic size from width/height or the viewBox, in user units
    height: float


def check_svg(path: Path, data: bytes) -> SvgFacts:
    """The SVG's facts, or a :class:`SourceError` naming ``path`` and the line of what it may not contain."""
    if len(data) > MAX_SVG_BYTES:
        raise SourceError(f"SVG of {len(data)} bytes is larger than the {MAX_SVG_BYTES} a chart or map may be", path)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[SourceError] = []
    texts: list[str] = []
    depth_in_text = [0]
    root: dict[str, str] = {}
    seen_root: list[bool] = []

    def refuse(message: str) -> None:
        if not found:
            found.append(SourceError(f"SVG {message}", path, parser.CurrentLineNumber))
        raise _Stop

    def doctype(*_args: object) -> None:
        refuse("has a DOCTYPE: SVG needs none, and a DTD can expand entities or fetch files; remove it")

    def entity(*_args: object) -> None:
        refuse("declares an entity: entities are refused (they can expand without bound or fetch files)")

    def instruction(target: str, _data: str) -> None:
        refuse(f"has a processing instruction <?{target} …?>: remove it (style sheets belong inside the file)")

    def external(*_args: object) -> int:
        refuse("refers to an external entity: nothing outside the file may be read")
        return 0

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not seen_root:
            if namespace != SVG_NAMESPACE or local != "svg":
                refuse(f"starts with <{local}>, not an <svg> element in the SVG namespace ({SVG_NAMESPACE})")
            seen_root.append(True)
            root.update(attributes)
        if local in REFUSED_ELEMENTS:
            refuse(f"contains {REFUSED_ELEMENTS[local]} (<{local}>), which a chart or map may not hold")
        for attribute, value in attributes.items():
            short = attribute.rpartition(" ")[2]
            if short.lower().startswith("on"):
                refuse(f"has an event attribute {short}= on <{local}>: scripts are refused")
            if short == "href" and not value.strip().startswith("#"):
                refuse(f"<{local}> refers to {value.strip()[:60]!r}: only references inside the file (#id) "
                       "are allowed")
            if _OUTSIDE_URL.search(value) or _IMPORT.search(value):
                refuse(f"<{local} {short}=…> refers to something outside the file: only url(#id) is allowed")
            if _DEVICE_COLOUR.search(value):
                refuse(f"<{local} {short}=…> gives a device colour: write colours in sRGB (#rrggbb); "
                       "the print build converts them to the printer's CMYK")
        if local in ("text", "tspan", "textPath") or depth_in_text[0]:
            depth_in_text[0] += 1
            if local == "text":
                texts.append("")

    def end(_name: str) -> None:
        if depth_in_text[0]:
            depth_in_text[0] -= 1

    def characters(content: str) -> None:
        if _OUTSIDE_URL.search(content) or _IMPORT.search(content):
            refuse("has a style that refers to something outside the file (url(…) or @import): "
                   "only url(#id) is allowed")
        if depth_in_text[0] and texts:
            texts[-1] += content

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except _Stop:
        raise found[0] from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        hint = " (an entity such as &nbsp; needs a DTD, which is refused: write the character itself)" if (
            "entity" in message) else ""
        raise SourceError(f"SVG is not well-formed XML: {message}{hint}", path, exc.lineno, exc.offset + 1) from None
    return SvgFacts("\n".join(text.strip() for text in texts), *_size(root, path))


class _Stop(Exception):
    """Ends parsing at the first refused construct (its error is kept aside)."""


def _size(root: dict[str, str], path: Path) -> tuple[float, float]:
    """The intrinsic size: width and height, else the viewBox's (the renderer needs one to keep proportions)."""
    def number(name: str) -> float | None:
        value = root.get(name, "").strip()
        found = re.fullmatch(r"([0-9]*\.?[0-9]+)(px|pt|mm|cm|in)?", value)
        return float(found.group(1)) if found else None

    width, height = number("width"), number("height")
    if width and height:
        return width, height
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            w = h = 0.0
        if w > 0 and h > 0:
            return w, h
    raise SourceError("SVG has no size: give the <svg> element a viewBox (and width and height)", path, 1)

