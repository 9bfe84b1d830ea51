"""The fence: every use of WeasyPrint's and pyphen's internals, and nothing else.

pressroom needs a few things neither library offers as API: a limit on
hyphenated lines in a row, a hyphenation dictionary of its own (Azerbaijani),
the laid-out boxes of a page (to measure images and overflowing text), the
resolution images are written at, the temporary font folder, and a hook into
the XMP metadata. Each is done here, once. They were verified against the
versions in :data:`VERIFIED`; ``tests/pdf/test_weasyprint_internals.py`` checks
that every name used here still exists and behaves, and fails loudly on an
upgrade that changes one. Nothing outside this module reaches into either
library past its public API.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import pyphen

VERIFIED = {"weasyprint": ("70.0",), "pyphen": ("0.18.1",)}


def installed_versions() -> dict[str, str]:
    import weasyprint

    return {"weasyprint": weasyprint.__version__, "pyphen": getattr(pyphen, "VERSION", "") or _version("pyphen")}


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


# -- pyphen: a dictionary of our own -------------------------------------------


def register_dictionary(lang: str, dictionary: Path) -> None:
    """Make ``lang`` (and ``lang_XX``, ``lang-XX``…) hyphenate with ``dictionary``.

    pyphen has no registration API; its two module-level tables are what
    ``pyphen.language_fallback`` and ``Pyphen(lang=…)`` consult, and through
    them WeasyPrint.
    """
    pyphen.LANGUAGES[lang] = dictionary
    pyphen.LANGUAGES_LOWERCASE[lang] = lang
    _keep_positions_of_dotted_capital_i()


# pyphen finds break positions in ``word.lower()`` and applies them to the word
# as written; "İ".lower() is two characters (i + combining dot), so every break
# after an İ fell one letter late ("İqt-is-adi", "İNF-ORM-AS-İYA"). Azerbaijani
# and Turkish write İ's lower case as a plain i: positions are found in that.
_dotted_i_fixed: list[bool] = []


def _keep_positions_of_dotted_capital_i() -> None:
    if _dotted_i_fixed:
        return
    positions = pyphen.HyphDict.positions

    @functools.wraps(positions)
    def same_length_positions(self: Any, word: str) -> Any:
        return positions(self, word.replace("\u0130", "i") if "\u0130" in word else word)

    pyphen.HyphDict.positions = same_length_positions
    _dotted_i_fixed.append(True)


# -- WeasyPrint's line breaker: at most N hyphenated lines in a row ------------
#
# WeasyPrint breaks lines greedily and knows no ``hyphenate-limit-lines``. Its
# per-line function ``layout.inline.get_next_linebox`` is wrapped: after N lines
# in a row that end in a hyphenation, the next line of the same paragraph is
# broken without automatic hyphenation (pyphen's ``language_fallback``, through
# which the line breaker finds its dictionary, answers None while paused; soft
# hyphens typed in the source still work).

HYPHEN = "\u2010"  # what WeasyPrint appends at a hyphenated line end (hyphenate-character)
_paused: ContextVar[bool] = ContextVar("pressroom_hyphenation_paused", default=False)
_limit: list[int] = []  # the installed limit, once installed


def _ends_hyphenated(line: Any) -> bool:
    last = line
    while getattr(last, "children", None):
        last = last.children[-1]
    return isinstance(getattr(last, "text", None), str) and last.text.endswith(HYPHEN)


def _position(skip_stack: Any) -> object:
    """A hashable form of where a line starts in its paragraph (a skip stack: None or nested dicts)."""
    if not isinstance(skip_stack, dict):
        return skip_stack
    return tuple(sorted((key, _position(value)) for key, value in skip_stack.items()))


def limit_consecutive_hyphens(limit: int) -> None:
    """Install the limit on hyphenated lines in a row (idempotent).

    The run length is recorded per line start (the skip stack the next line
    resumes at), not as one counter: WeasyPrint lays the same line out more than
    once (a line that does not fit at a page or column foot is laid out again
    at the top of the next one; columns are balanced by trial), and a counter
    would then count a discarded line. Keyed by position, every trial of a line
    sees the run of the lines that really precede it.
    """
    if _limit:
        return
    from weasyprint.layout import inline

    next_linebox = inline.get_next_linebox
    language_fallback = pyphen.language_fallback

    def get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, *rest):
        runs = linebox.__dict__.setdefault("_pressroom_hyphenated_runs", {})
        run = 0 if skip_stack is None else runs.get(_position(skip_stack), 0)
        token = _paused.set(run >= limit)
        try:
            line, resume_at = next_linebox(context, linebox, position_y, bottom_space, skip_stack, *rest)
        finally:
            _paused.reset(token)
        if line is not None and resume_at is not None:
            runs[_position(resume_at)] = run + 1 if _ends_hyphenated(line) else 0
        return line, resume_at

    def fallback(language: str) -> str | None:
        return None if _paused.get() else language_fallback(language)

    inline.get_next_linebox = get_next_linebox
    pyphen.language_fallback = fallback
    _limit.append(limit)


# -- the structure tree: what a screen reader follows -----------------------------
#
# WeasyPrint 70 tags running heads and folios as content (a screen reader reads
# them on every page), writes one /Lang for the whole document, knows no Note,
# TOC or header scope, and makes a paragraph that crosses a page two structure
# elements (issues #1836, #2903). ``improve_tagging`` wraps its tag-tree builder
# ``pdf.tags._build_box_tree`` (it calls itself through the module global, so
# the wrapper sees every box) and ``Stream.marked``:
#
# - text in margin boxes and decorative images are drawn as /Artifact and left out of the tree;
# - an element with a ``lang`` attribute gets its own /Lang;
# - ``class="footnote"`` becomes /Note (moved next to its call), ``ol.toc`` /TOC with /TOCI items, TH a /Scope;
# - after the tree is built, the elements one HTML element left on several pages
#   are merged into the first (links excepted: their marked content is mapped to them).

_tagging: list[bool] = []
ARTIFACT = "_pressroom_artifact"  # set on the text boxes of margin boxes before writing


def mark_artifacts(pages: Any) -> None:
    """Flag what a screen reader must not read to be drawn as an artifact and left out of the tree.

    The text of margin boxes (running heads, folios) and images marked ``class="decorative"``.
    """
    from weasyprint.formatting_structure import boxes

    for page in pages:
        for box in page_boxes(page):
            if isinstance(box, boxes.MarginBox):
                for inner in _descendants(box):
                    setattr(inner, ARTIFACT, True)
            element = getattr(box, "element", None)
            if isinstance(box, boxes.ReplacedBox) and element is not None and "decorative" in (
                    element.get("class") or "").split():
                setattr(box, ARTIFACT, True)


def improve_tagging() -> None:
    """Install the tagging improvements above (idempotent)."""
    if _tagging:
        return
    from contextlib import contextmanager

    import pydyf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as stream_module
    from weasyprint.pdf import tags

    marked = stream_module.Stream.marked
    build_box_tree = tags._build_box_tree
    add_tags = tags.add_tags
    elements: dict[int, tuple[Any, Any]] = {}  # id(struct element) → (struct element, HTML element)
    html_roots: list[Any] = []

    @contextmanager
    def marked_or_artifact(self, box, tag):  # noqa: ANN001, ANN202 (WeasyPrint's signature)
        if getattr(box, ARTIFACT, False):
            with self.artifact():
                yield
        else:
            with marked(self, box, tag):
                yield

    def build(box, parent, pdf, page_number, nums, annotations, tags_of_page):  # noqa: ANN001, ANN202
        if isinstance(box, boxes.MarginBox) or getattr(box, ARTIFACT, False):
            return  # drawn as artifacts: nothing of it belongs to the tree
        if getattr(box, "element_tag", None) == "html" and not html_roots:
            html_roots.append(box.element)
        for element in build_box_tree(box, parent, pdf, page_number, nums, annotations, tags_of_page):
            html = getattr(box, "element", None)
            if html is not None and box.element_tag not in ("html", "body") and hasattr(html, "get"):
                _refine(element, html, pydyf)
                elements[id(element)] = (element, html)
            yield element

    def tag_document(pdf, document, pdf_version, page_streams):  # noqa: ANN001, ANN202
        elements.clear()
        html_roots.clear()
        add_tags(pdf, document, pdf_version, page_streams)
        by_reference = {_reference_key(element.reference): (element, html) for element, html in elements.values()}
        root = _object(pdf, pdf.catalog["StructTreeRoot"])
        for document_element, _ in _kids(pdf, root, by_reference):
            _merge_split_elements(pdf, document_element, by_reference)
        if html_roots:
            _notes_to_their_calls(pdf, list(elements.values()), html_roots[0])
        elements.clear()
        html_roots.clear()

    stream_module.Stream.marked = marked_or_artifact
    tags._build_box_tree = build
    tags.add_tags = tag_document
    _patch_add_tags_callers(tag_document)
    _tagging.append(True)


def _patch_add_tags_callers(tag_document: Any) -> None:
    """``pdf/__init__`` imported ``add_tags`` by name: it must call the wrapper too."""
    from weasyprint import pdf as pdf_package

    if getattr(pdf_package, "add_tags", None) is not None:
        pdf_package.add_tags = tag_document


def _refine(element: Any, html: Any, pydyf: Any) -> None:
    """/Lang, /Note, /TOC and /TOCI, TH /Scope on one structure element."""
    lang = html.get("lang")
    if lang and html.tag != "html":
        element["Lang"] = pydyf.String(lang)
    classes = (html.get("class") or "").split()
    if "footnote" in classes and element["S"] == "/Span":
        element["S"] = "/Note"
        element["ID"] = pydyf.String(f"note-{element.number}")  # PDF/UA-1 7.9: a Note has an ID
    elif "toc" in classes and element["S"] == "/L":
        element["S"] = "/TOC"
    elif "toc-entry" in classes and element["S"] == "/LI":
        element["S"] = "/TOCI"
    elif "toc-entry" in classes and element["S"] == "/LBody":
        element["S"] = "/Reference"  # a TOCI holds references to the content, not list bodies
    elif element["S"] == "/TH":
        element["A"]["Scope"] = "/Column"  # pressroom's tables have one header row


def _reference_key(reference: Any) -> bytes:
    return reference.encode() if isinstance(reference, str) else bytes(reference)


def _object(pdf: Any, reference: Any) -> Any:
    number = int(_reference_key(reference).split()[0])
    return pdf.objects[number]


def _kids(pdf: Any, element: Any, by_reference: dict) -> list[tuple[Any, Any]]:
    """(struct element, its HTML element or None) for each structure element among ``element``'s kids."""
    found = []
    for kid in element.get("K") or ():
        if isinstance(kid, int):
            continue
        key = _reference_key(kid) if isinstance(kid, (str, bytes)) else None
        if key is None:
            continue
        pair = by_reference.get(key)
        target = pair[0] if pair else _object(pdf, kid)
        if isinstance(target, dict) and target.get("Type") == "/StructElem":
            found.append((target, pair[1] if pair else None))
    return found


def _notes_to_their_calls(pdf: Any, made: list[tuple[Any, Any]], html_root: Any) -> None:
    """Move each /Note from the page's footnote area to just after its call in the text.

    WeasyPrint lays a footnote out at the foot of the page and tags it there; a
    screen reader should meet it where the text refers to it. The call (the
    ``::footnote-call`` of the same element) is tagged inside the paragraph.
    """
    parent_of = {child: parent for parent in html_root.iter() for child in parent}
    first_for: dict[int, Any] = {}
    for element, html in made:
        if element["S"] != "/Note":
            first_for.setdefault(id(html), element)
    for note, html in made:
        if note["S"] != "/Note":
            continue
        anchor = first_for.get(id(html))  # the call
        if anchor is None:  # no call tagged: the paragraph that holds the footnote's element
            caller = parent_of.get(html)
            while caller is not None and id(caller) not in first_for:
                caller = parent_of.get(caller)
            anchor = first_for.get(id(caller)) if caller is not None else None
        if anchor is None:
            continue
        key = _reference_key(note.reference)
        old_parent = _object(pdf, note["P"])
        old_parent["K"][:] = [kid for kid in old_parent["K"]
                              if not (isinstance(kid, (str, bytes)) and _reference_key(kid) == key)]
        new_parent = _object(pdf, anchor["P"])
        anchor_key = _reference_key(anchor.reference)
        kids = new_parent["K"]
        at = next((i for i, kid in enumerate(kids)
                   if isinstance(kid, (str, bytes)) and _reference_key(kid) == anchor_key), len(kids) - 1)
        kids.insert(at + 1, note.reference)
        note["P"] = new_parent.reference


def _holds_content(element: Any) -> bool:
    """True for elements that marked content is mapped to directly (links, figures): never moved."""
    return any(isinstance(kid, int) for kid in element.get("K") or ())


def _merge_split_elements(pdf: Any, element: Any, by_reference: dict) -> None:
    """Merge, among ``element``'s kids, the structure elements of one HTML element (split by pages), recursively.

    The first keeps its place and receives the later parts' kids; something
    between the parts (a footnote set at the foot of the page) stays where it is.
    """
    kids = element.get("K")
    if kids is None:
        return
    kept: list[Any] = []
    first_of: dict[int, Any] = {}  # id(HTML element) → the first structure element made for it here
    for kid in list(kids):
        pair = by_reference.get(_reference_key(kid)) if isinstance(kid, (str, bytes)) else None
        if pair is None or _holds_content(pair[0]):
            kept.append(kid)
            continue
        first = first_of.get(id(pair[1]))
        if first is None or first["S"] != pair[0]["S"]:
            first_of[id(pair[1])] = pair[0]
            kept.append(kid)
            continue
        for moved in pair[0]["K"]:
            if not isinstance(moved, int):
                target = by_reference.get(_reference_key(moved))
                child = target[0] if target else _object(pdf, moved)
                if isinstance(child, dict) and child.get("Type") == "/StructElem":
                    child["P"] = first.reference
            first["K"].append(moved)
    kids.clear()
    kids.extend(kept)
    for kid, _ in _kids(pdf, element, by_reference):
        _merge_split_elements(pdf, kid, by_reference)


# -- laid-out pages --------------------------------------------------------------


def page_boxes(page: Any) -> Iterator[Any]:
    """Every box laid out on a page of a rendered document, footnote areas included."""
    stack = [page._page_box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()) or ())
        footnotes = getattr(current, "footnote_area", None)
        if footnotes is not None:
            stack.append(footnotes)


def placed_images(page: Any) -> Iterator[tuple[str, int, float]]:
    """(src attribute, image width in pixels, placed width in CSS px) of every raster image on a page."""
    for box in page_boxes(page):
        image = getattr(box, "replacement", None)
        pixels = getattr(image, "width", None)
        if not pixels or not getattr(box, "width", None):
            continue
        url = box.element.get("src") if box.element is not None else None
        if url:
            yield url, pixels, box.width


def overflowing_lines(page: Any) -> Iterator[str]:
    """The text of each block whose line runs past the right edge of its box (one per block)."""
    from weasyprint.formatting_structure import boxes

    for parent in page_boxes(page):
        lines = [child for child in getattr(parent, "children", ()) or () if isinstance(child, boxes.LineBox)]
        if not lines or parent.width is None:
            continue
        limit = parent.content_box_x() + parent.width
        for line in lines:
            overflowing = next((text for text in _descendants(line)
                                if isinstance(text, boxes.TextBox) and text.position_x + text.width > limit + 1), None)
            if overflowing is not None:
                yield overflowing.text
                break


def article_lines(page: Any, prefix: str) -> dict[str, tuple[int, float]]:
    """Per element id starting with ``prefix`` (an article): its lines on the page, and their total height.

    Lines in the main flow only: running heads and folios live in margin boxes, which are skipped.
    """
    from weasyprint.formatting_structure import boxes

    found: dict[str, tuple[int, float]] = {}
    stack: list[tuple[Any, str | None]] = [(page._page_box, None)]
    while stack:
        box, owner = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None and hasattr(element, "get") else None
        if ident and ident.startswith(prefix) and getattr(box, "element_tag", None) == "article":
            owner = ident
        if isinstance(box, boxes.LineBox) and owner is not None:
            count, height = found.get(owner, (0, 0.0))
            found[owner] = (count + 1, height + (box.height or 0))
            continue
        stack.extend((child, owner) for child in getattr(box, "children", ()) or ())
    return found


def _descendants(box: Any) -> Iterator[Any]:
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()) or ())


# -- writing -------------------------------------------------------------------


def set_image_resolution(images: dict, dpi: int | None) -> None:
    """The resolution WeasyPrint downsamples images of its cache to when it writes them (None: as they are).

    WeasyPrint downsamples an image when it is drawn, to its own ``_dpi``: set
    per output, one layout serves full-resolution and light files alike.
    """
    for image in images.values():
        if hasattr(image, "_dpi"):
            image._dpi = dpi


def remove_font_folder(font_config: Any) -> None:
    """WeasyPrint copies @font-face files into a /tmp/weasyprint-* folder that only garbage collection removes."""
    import shutil

    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def image_xobject_names(url: str) -> tuple[str, str]:
    """The names WeasyPrint gives the image XObject drawn from ``url`` (without and with interpolation).

    WeasyPrint names an image ``i`` + the MD5 of its URL + its interpolation
    flag; preflight uses this to name a failing image by its file, not by an
    object name nobody can look up.
    """
    from hashlib import md5

    digest = md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"/i{digest}0", f"/i{digest}1"
