"""Render composed HTML to PDF with WeasyPrint: the only module that lays out and writes.

Every file WeasyPrint reads goes through :class:`SandboxFetcher`, which serves
only what the :class:`~pressroom.pdf.sandbox.Sandbox` resolves (the virtual
``file:///pressroom/…`` addresses of :mod:`pressroom.layout.urls`) and refuses
the network, other schemes and anything outside the project's images, styles
and fonts. Importing this module imports WeasyPrint and installs pressroom's
hyphenation rules (see :mod:`pressroom.pdf.weasyprint_internals`).
"""

from __future__ import annotations

import io
import logging
import mimetypes
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import SubElement, fromstring, register_namespace, tostring

import pydyf
from weasyprint import CSS, HTML, Attachment
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import BuildError
from ..files import atomic_path
from ..layout.fitting import (
    ArticlePage,
    FittingRules,
    apply_fitting,
    changed_articles,
    faults,
    last_page_fill,
    plan_fitting,
)
from ..layout.urls import VIRTUAL_ROOT, virtual_url
from ..text.hyphenation import AZ_DICTIONARY, LINE_RULES
from . import weasyprint_internals as internals
from .fitted import FittedArticles, deserialized
from .sandbox import Sandbox
from .variants import RenderSettings

# Before any layout: WeasyPrint looks dictionaries up per language, line by line.
internals.register_dictionary("az", AZ_DICTIONARY)
internals.install_line_breaking(LINE_RULES)
FITTING = FittingRules()
internals.improve_tagging()


class RefusedURL(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop a render that asked for a forbidden resource."""


class SandboxFetcher(URLFetcher):
    """Serves virtual URLs from the sandbox's folders and nothing else (no network, no redirects)."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.sandbox = sandbox
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        body = self.sandbox.read(url)
        if body is None:
            self.refused.append(url)
            raise RefusedURL(f"the document asked for {url!r}, which is outside the project's sources")
        content_type = mimetypes.guess_type(url.split("#")[0])[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


@dataclass
class RenderResult:
    pages: int
    padded: int = 0  # blank pages added to reach a multiple of the variant's pad_to
    lowres: list[str] = field(default_factory=list)  # images below the minimum resolution
    warnings: list[str] = field(default_factory=list)
    page_map: dict[str, dict] = field(default_factory=dict)  # article key → where it stands (see page_map)


ARTICLE_ID = "article-"  # the templates' id of each article element


def page_map(document, pages: list[ArticlePage]) -> dict[str, dict]:
    """Each article's first page, page count, and its last page's lines and fill.

    The fill is measured as fitting measures it (``layout.fitting.last_page_fill``,
    from the article pages ``pages`` of ``document``), so that the page map and
    fitting's warnings agree on which pages are nearly empty.
    """
    per_page = [internals.article_lines(page, ARTICLE_ID) for page in document.pages]
    own: dict[str, list[ArticlePage]] = {}
    for page in pages:
        own.setdefault(page.article, []).append(page)
    articles: dict[str, dict] = {}
    for number, page_lines in enumerate(per_page, start=1):
        for ident, lines in page_lines.items():
            key = ident[len(ARTICLE_ID):]
            entry = articles.setdefault(key, {"first_page": number, "pages": 0})
            entry["pages"] = number - entry["first_page"] + 1
            fill = last_page_fill(own[ident]) if ident in own else None
            entry["last_page_fill"] = 1.0 if fill is None else round(min(fill, 1.0), 2)
            entry["last_page_lines"] = lines
    return articles


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# How each Dublin Core property is structured in XMP (all are in PDF/A's predefined schemas).
DC_CONTAINERS = {"language": "Bag", "publisher": "Bag", "date": "Seq", "rights": "Alt", "identifier": None,
                 "coverage": None, "source": None}


class _Metadata(DocumentMetadata):
    """WeasyPrint's metadata with a stable DocumentID and the Dublin Core fields archivists read."""

    document_id = ""
    dublin_core: tuple[tuple[str, str], ...] = ()
    prism: tuple[tuple[str, str], ...] = ()  # the ISSNs
    also_ua = False  # a PDF/A file that is PDF/UA-1 as well: both identifications in one XMP

    def generate_rdf_metadata(self, variant, version, conformance):  # noqa: ANN001 (WeasyPrint's signature)
        rdf = super().generate_rdf_metadata(variant, version, conformance)
        if self.document_id:
            rdf = re.sub(rb"xmp\.did:[0-9a-f-]{36}", b"xmp.did:" + self.document_id.encode(), rdf)
        if not self.dublin_core and not self.prism and not (self.also_ua and variant == "a"):
            return rdf
        root = fromstring(rdf)
        if self.also_ua and variant == "a":
            _declare_pdfua(root)
        if self.prism:
            _add_prism(root, self.prism, declare=variant == "a")
        description = SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
        for name, value in self.dublin_core:
            element = SubElement(description, f"{{{DC}}}{name}")
            container = DC_CONTAINERS[name]
            if container is None:
                element.text = value
                continue
            item = SubElement(SubElement(element, f"{{{RDF}}}{container}"), f"{{{RDF}}}li")
            if container == "Alt":
                item.set("xml:lang", "x-default")
            item.text = value
        return tostring(root, encoding="utf-8")


PDFUA_ID = "http://www.aiim.org/pdfua/ns/id/"
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
# veraPDF reads the extension schema by its prefixes too: they must be the ones ISO 19005 names.
for _prefix, _uri in (("pdfuaid", PDFUA_ID), ("pdfaExtension", PDFA_EXTENSION), ("pdfaSchema", PDFA_SCHEMA),
                      ("pdfaProperty", PDFA_PROPERTY)):
    register_namespace(_prefix, _uri)


def _extension_schemas(root: Any) -> Any:
    """The one ``pdfaExtension:schemas`` bag of the XMP (a second such property would make the XMP invalid)."""
    for schemas in root.iter(f"{{{PDFA_EXTENSION}}}schemas"):
        return schemas.find(f"{{{RDF}}}Bag")
    extension = SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    return SubElement(SubElement(extension, f"{{{PDFA_EXTENSION}}}schemas"), f"{{{RDF}}}Bag")


def _declare_pdfua(root: Any) -> None:
    """``pdfuaid:part 1`` beside the PDF/A identification, and its schema declared as PDF/A requires.

    PDF/A admits XMP properties outside its predefined schemas only when an
    extension schema describes them (ISO 19005-1, 6.7.8); PDF/UA-1 requires
    ``pdfuaid:part`` (ISO 14289-1, 5).
    """
    identification = SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    SubElement(identification, f"{{{PDFUA_ID}}}part").text = "1"
    schema = SubElement(_extension_schemas(root), f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    SubElement(schema, f"{{{PDFA_SCHEMA}}}schema").text = "PDF/UA Universal Accessibility Schema"
    SubElement(schema, f"{{{PDFA_SCHEMA}}}namespaceURI").text = PDFUA_ID
    SubElement(schema, f"{{{PDFA_SCHEMA}}}prefix").text = "pdfuaid"
    properties = SubElement(SubElement(schema, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = SubElement(properties, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    SubElement(part, f"{{{PDFA_PROPERTY}}}name").text = "part"
    SubElement(part, f"{{{PDFA_PROPERTY}}}valueType").text = "Integer"
    SubElement(part, f"{{{PDFA_PROPERTY}}}category").text = "internal"
    SubElement(part, f"{{{PDFA_PROPERTY}}}description").text = "the part of ISO 14289 the file conforms to"


PRISM = "http://prismstandard.org/namespaces/basic/3.0/"
register_namespace("prism", PRISM)
PRISM_PROPERTIES = {"issn": "the ISSN of the print version", "eIssn": "the ISSN of the online version"}


def _add_prism(root: Any, properties: tuple[tuple[str, str], ...], declare: bool) -> None:
    """``prism:issn`` and ``prism:eIssn``; in PDF/A, their schema declared as an extension (like pdfuaid's)."""
    description = SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    for name, value in properties:
        SubElement(description, f"{{{PRISM}}}{name}").text = value
    if not declare:
        return
    schema = SubElement(_extension_schemas(root), f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    SubElement(schema, f"{{{PDFA_SCHEMA}}}schema").text = "PRISM Basic Metadata"
    SubElement(schema, f"{{{PDFA_SCHEMA}}}namespaceURI").text = PRISM
    SubElement(schema, f"{{{PDFA_SCHEMA}}}prefix").text = "prism"
    sequence = SubElement(SubElement(schema, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    for name, _ in properties:
        item = SubElement(sequence, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        SubElement(item, f"{{{PDFA_PROPERTY}}}name").text = name
        SubElement(item, f"{{{PDFA_PROPERTY}}}valueType").text = "Text"
        SubElement(item, f"{{{PDFA_PROPERTY}}}category").text = "external"
        SubElement(item, f"{{{PDFA_PROPERTY}}}description").text = PRISM_PROPERTIES[name]


def render_pdf(html: str, settings: RenderSettings, sandbox: Sandbox, target: Path, epoch: int) -> RenderResult:
    """Render ``html`` as ``settings`` describe into ``target`` (see :func:`render_pdfs`)."""
    return render_pdfs(html, [(settings, target)], sandbox, epoch)[0]


def render_pdfs(
    html: str, outputs: list[tuple[RenderSettings, Path]], sandbox: Sandbox, epoch: int,
    kept: FittedArticles | None = None, write_at_once: bool = False,
) -> list[RenderResult]:
    """Lay ``html`` out once and write it as every (settings, target) of ``outputs``, atomically.

    Outputs that share a layout (the same style sheets and page geometry: the
    archive and screen variants) cost one layout and one write each, not one
    render each. Each PDF is written to a hidden temporary file beside its
    target and renamed only once complete, so a failed build never leaves a
    half-written PDF where a printer could pick it up. ``epoch`` (seconds) stands
    in for "now" in every date the renderer writes, so rebuilding the same
    sources gives the same bytes. ``kept``: the fitted articles of the last
    build, taken where unchanged and kept for the next (see :mod:`.fitted`). ``write_at_once``: the
    outputs are written at the same time, each but the last by a process forked for it (for a build
    given more than one core).
    """
    first = outputs[0][0]
    assert all(s.layout_key() == first.layout_key() for s, _ in outputs), "outputs must share one layout"
    images: dict = {}  # WeasyPrint's image cache: URL → image, kept to set each output's resolution
    with _rendering(sandbox, epoch) as (fetcher, font_config, collector):
        parsed, lay_out = _layout_setup(html, first, fetcher, font_config, collector, images)
        laid_out, pages, unfitted = _fitted(parsed, lay_out, kept=kept)
        _check_warnings(collector.messages)
        _check_nothing_lost(laid_out)
        overflowing = _overflowing_text(laid_out)
        articles = page_map(laid_out, pages)
        internals.mark_artifacts(laid_out.pages)  # running heads, folios, decorative pictures: not read aloud
        base_metadata = laid_out.metadata  # each output gets its own copy of it
        results, writes = [], []
        for settings, target in outputs:
            result = RenderResult(pages=len(laid_out.pages), warnings=[*overflowing, *unfitted], page_map=articles)
            if settings.min_ppi:
                result.lowres = _low_resolution(laid_out, settings)
                if result.lowres and not settings.allow_lowres:
                    raise BuildError(
                        f"images below {settings.min_ppi} ppi at their printed size "
                        "(use --allow-lowres to build anyway):\n"
                        + "\n".join(f"  {line}" for line in result.lowres)
                    )
            document, result.padded = _pad(laid_out, settings, fetcher, font_config)
            writes.append(partial(_write, document, base_metadata, settings, target, fetcher, images))
            result.pages = len(document.pages)
            results.append(result)
        _write_all(writes, write_at_once)
        return results


def _write_all(writes: list[Any], at_once: bool) -> None:
    """Run every write; with ``at_once``, all but the last in processes forked for them, meanwhile.

    A forked writer shares the laid-out document with this process (copy on write), so the
    layout is not made twice; it dies with this process, and tells what failed through a pipe.
    """
    if not at_once or len(writes) < 2:
        for write in writes:
            write()
        return
    writers = [_forked(write) for write in writes[:-1]]
    try:
        writes[-1]()
    finally:
        failures = [failure for failure in (_ended(pid, pipe) for pid, pipe in writers) if failure]
    if failures:
        raise BuildError(failures[0])


def _forked(write: Any) -> tuple[int, int]:
    reading, writing = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writing)
        return pid, reading
    os.close(reading)  # the writer process, from here on
    status = 0
    try:
        _die_with_parent()
        write()
    except BaseException as exc:  # noqa: BLE001 (told to the parent, which raises it)
        message = str(exc) if isinstance(exc, BuildError) else f"writing a PDF failed: {type(exc).__name__}: {exc}"
        os.write(writing, message.encode("utf-8", "replace")[:4000])
        status = 1
    finally:
        os._exit(status)  # never back into the caller's code: this process only writes


def _ended(pid: int, reading: int) -> str:
    """What the writer process ``pid`` reported ("" when it succeeded), once it has ended."""
    with os.fdopen(reading, "rb") as pipe:
        message = pipe.read().decode("utf-8", "replace")
    _, status = os.waitpid(pid, 0)
    if status == 0:
        return ""
    return message or f"a PDF writer process ended abnormally (status {status})"


def _die_with_parent() -> None:
    """Linux: this process is killed when its parent dies (an interrupted build stops its writers too)."""
    import ctypes
    import ctypes.util
    import signal

    try:
        ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass


@contextmanager
def _rendering(sandbox: Sandbox, epoch: int) -> Iterator[tuple[SandboxFetcher, FontConfiguration, _WarningCollector]]:
    """What a render needs around it: the sandbox's fetcher, fonts, WeasyPrint's warnings collected, the epoch."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    fetcher = SandboxFetcher(sandbox)
    font_config = FontConfiguration()
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield fetcher, font_config, collector
    except RefusedURL as exc:
        raise BuildError(str(exc)) from None
    finally:
        logger.removeHandler(collector)
        internals.remove_font_folder(font_config)  # worker processes may never collect it


def _layout_setup(html: str, settings: RenderSettings, fetcher: SandboxFetcher, font_config: FontConfiguration,
                  collector: _WarningCollector, images: dict) -> tuple[HTML, Any]:
    """The parsed document, and the function that lays a (re)fitted copy of it out with the variant's styles."""
    color_profiles: dict = {}
    stylesheets = [
        CSS(url=virtual_url("styles", name), url_fetcher=fetcher, font_config=font_config,
            color_profiles=color_profiles)
        for name in settings.variant.stylesheets
    ]
    stylesheets.append(CSS(string=settings.page_css(), base_url=virtual_url("styles", "page.css"),
                           url_fetcher=fetcher, font_config=font_config, color_profiles=color_profiles))
    parsed = HTML(string=html, base_url=VIRTUAL_ROOT + "document.html", url_fetcher=fetcher)

    def lay_out(document: HTML) -> Any:
        collector.messages.clear()
        return document.render(stylesheets=stylesheets, font_config=font_config,
                               color_profiles=color_profiles, cache=images)

    return parsed, lay_out


def render_proof(html: str, settings: RenderSettings, sandbox: Sandbox, target: Path, epoch: int,
                 ends_edition: bool) -> int:
    """Lay ``html`` out as ``settings`` would, fitted, and write it as a plain PDF to look at; its page count.

    For proofs only (see build.article_proof): no PDF/X or PDF/A, no tags, no
    metadata, no padding, so that the one article it holds is on screen fast;
    the pages are those the full render makes of it (``ends_edition``: the
    article is the edition's last, whose last page is not fitted).
    """
    with _rendering(sandbox, epoch) as (fetcher, font_config, collector):
        parsed, lay_out = _layout_setup(html, settings, fetcher, font_config, collector, {})
        laid_out, _, _ = _fitted(parsed, lay_out, ends_edition)
        _check_warnings(collector.messages)
        with atomic_path(target) as temporary:
            laid_out.write_pdf(temporary)
        return len(laid_out.pages)


def _fitted(parsed: HTML, lay_out: Any, ends_edition: bool = True,
            kept: FittedArticles | None = None) -> tuple[Any, list[ArticlePage], list[str]]:
    """The document laid out with its articles fitted to their pages (see layout.fitting), its article pages
    as fitting measures them, and what could not be fitted.

    The document is laid out, changed as fitting plans and laid out again, a few rounds at most. With
    ``kept``, the fitted trees of the last build are taken for the articles that did not change, the
    others are fitted laid out alone (every article starts on a new page: its pages are the same alone),
    and the document is laid out once; the fitted trees are kept for the next build. ``ends_edition``
    False: the document's last article is not the edition's (it is fitted like any other).
    """
    originals = internals.article_trees(parsed, ARTICLE_ID)
    last = next(reversed(originals), None)
    digests = {ident: kept.digest(element) for ident, element in originals.items()} if kept is not None else {}
    fitted: dict[str, Any] = {}
    for ident, (digest, xml) in (kept.load() if kept is not None else {}).items():
        element = deserialized(xml) if digests.get(ident) == digest else None
        if element is not None:
            fitted[ident] = element
    if fitted:  # what changed since the last build is fitted alone, and the document laid out once
        for ident in [ident for ident in originals if ident not in fitted]:
            fitted[ident] = _fitted_alone(parsed, ident, lay_out, ends_edition and ident == last)
        document = internals.with_articles(parsed, fitted)
        laid_out = lay_out(document)
    else:
        document, laid_out = _fitting_rounds(parsed, lay_out, ends_edition)
    if kept is not None:
        final = internals.article_trees(document, ARTICLE_ID)
        kept.save({ident: (digests[ident], final[ident]) for ident in originals})
    pages = internals.article_pages(laid_out)
    _, unresolved = plan_fitting(pages, FITTING, ends_edition)
    return laid_out, pages, [f"{problem.article}: {problem.message}" for problem in unresolved]


def _fitted_alone(parsed: HTML, ident: str, lay_out: Any, ends_edition: bool) -> Any:
    """The element of article ``ident`` fitted to its pages, laid out alone."""
    document, _ = _fitting_rounds(internals.only(parsed, {ident}), lay_out, ends_edition, final=False)
    return internals.article_trees(document, ARTICLE_ID)[ident]


def _fitting_rounds(document: HTML, lay_out: Any, ends_edition: bool, final: bool = True) -> tuple[HTML, Any]:
    """``document`` fitted: laid out, changed as fitting plans and laid out again, a few rounds at most.

    Only the first layout is of the whole document: a later round lays out only the articles it changes
    (every article starts on a new page, so an article's pages are the same without the others), and
    the fitted document is laid out whole once at the end (``final`` False: not at all, only the fitted
    document is wanted). Each article keeps the round whose layout shows it with the fewest faults
    (``layout.fitting.faults``; the later of equals): a change that opened a hole elsewhere in the
    article is undone.
    """
    laid_out = lay_out(document)
    pages = internals.article_pages(laid_out)
    last = next(reversed(internals.article_trees(document, ARTICLE_ID)), None)
    rounds, scores = [document], [faults(pages, FITTING, ends_edition)]
    trial, ends = document, ends_edition
    for _ in range(FITTING.rounds):
        changes, _ = plan_fitting(pages, FITTING, ends)
        if not changes:
            break
        changed = changed_articles(changes, internals.article_trees(trial, ARTICLE_ID))
        trial = internals.refitted(trial, lambda tree, twin, changes=changes: apply_fitting(tree, twin, changes))
        if changed != set(internals.article_trees(trial, ARTICLE_ID)):
            trial = internals.only(trial, changed)
        ends = ends_edition and last in changed
        laid_out = None  # the last layout is let go before the next: two of a long document would not fit a worker
        laid_out = lay_out(trial)
        pages = internals.article_pages(laid_out)
        rounds.append(trial)
        scores.append(faults(pages, FITTING, ends))
    if len(rounds) == 1:
        return document, laid_out  # nothing to change: the first layout is the fitted one
    trees = [internals.article_trees(each, ARTICLE_ID) for each in rounds]
    best = {ident: trees[_fewest_faults(scores, ident)][ident] for ident in trees[0]}
    document = internals.with_articles(document, {ident: tree for ident, tree in best.items()
                                                  if tree is not trees[0][ident]})
    laid_out = None
    if final:
        laid_out = lay_out(document)
    return document, laid_out


def _fewest_faults(scores: list[dict[str, int]], ident: str) -> int:
    """The round whose layout shows article ``ident`` with the fewest faults; the latest of equals (of the
    rounds that laid it out)."""
    return min((r for r in range(len(scores)) if ident in scores[r]), key=lambda r: (scores[r][ident], -r),
               default=0)


def _write(document, base_metadata: DocumentMetadata, settings: RenderSettings, target: Path,
           fetcher: SandboxFetcher, images: dict) -> None:
    # A write gathers the fonts it draws into its document, and a PDF/A write adds sRGB to its colour
    # profiles (which a later write would then declare as a PDF/X output intent): each output starts
    # from its own, so that its bytes do not depend on which outputs were written before it, or where.
    document = document.copy()
    document.color_profiles = dict(document.color_profiles)
    metadata = _Metadata(**vars(base_metadata))
    metadata.document_id = settings.document_id
    metadata.dublin_core = settings.xmp
    metadata.prism = settings.prism
    metadata.also_ua = settings.variant.accessible and (settings.pdf_variant or "").startswith("pdf/a")
    metadata.custom = {**metadata.custom, **dict(settings.metadata), "PageCount": str(len(document.pages))}
    document.metadata = metadata
    attachments = [
        Attachment(file_obj=io.BytesIO(data), name=name, url_fetcher=fetcher, relationship="Source",
                   description=f"source of this edition: {name}",
                   created=settings.attachment_date, modified=settings.attachment_date)
        for name, data in settings.attachments
    ]
    internals.set_image_resolution(images, settings.variant.max_image_dpi)
    with atomic_path(target) as temporary:
        document.write_pdf(
            temporary,
            pdf_variant=settings.pdf_variant,
            custom_metadata=True,
            pdf_tags=settings.variant.accessible,
            attachments=attachments or None,
            finisher=partial(_finish, printable=settings.variant.cmyk, condition=settings.output_condition),
        )


def _finish(document: Any, pdf: Any, printable: bool, condition: tuple[str, str]) -> None:
    """Last corrections to the PDF objects before WeasyPrint writes them (its ``finisher`` hook).

    - ``/AF``: WeasyPrint 70 lists every associated file twice (once from the
      embedded-files name tree, once from the file specifications); each must
      appear once.
    - Print files carry no annotations: PDF/X allows none inside the BleedBox
      (the contents page's links would be), and a printer has no use for them.
    - The output intent names its printing condition as registered (WeasyPrint
      writes the profile's description there), with the registry.
    """
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list({_reference_key(reference): reference for reference in associated}.values())
        associated.clear()
        associated.extend(unique)
    identifier, registry = condition
    for intent in pdf.catalog.get("OutputIntents") or ():
        if identifier and intent.get("S") == "/GTS_PDFX":
            intent["OutputConditionIdentifier"] = pydyf.String(identifier)
            if registry:
                intent["RegistryName"] = pydyf.String(registry)
    if printable:
        for pdf_object in pdf.objects:
            if isinstance(pdf_object, dict) and pdf_object.get("Type") == "/Page":
                pdf_object.pop("Annots", None)


def _reference_key(reference: Any) -> bytes:
    """'3 0 R' whether pydyf holds the reference as text or bytes."""
    return reference.encode() if isinstance(reference, str) else bytes(reference)


def _pad(document, settings: RenderSettings, fetcher: SandboxFetcher, font_config: FontConfiguration):
    """Blank pages before the back cover, so that the count is a multiple of ``pad_to``."""
    pad_to = settings.variant.pad_to
    missing = -len(document.pages) % pad_to
    if not missing:
        return document, 0
    blank_css = CSS(string=f"@page {{ size: {settings.page_size}; bleed: {settings.bleed_mm}mm; margin: 0 }}",
                    url_fetcher=fetcher, font_config=font_config)
    blank = HTML(string="<html><body></body></html>", url_fetcher=fetcher).render(
        stylesheets=[blank_css], font_config=font_config
    ).pages[0]
    pages = document.pages[:-1] + [blank] * missing + document.pages[-1:]
    return document.copy(pages), missing


def _low_resolution(document: Any, settings: RenderSettings) -> list[str]:
    """Every raster image whose effective resolution at its placed size is below the minimum."""
    labels = dict(settings.image_labels)
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(document.pages, start=1):
        for url, pixels, width in internals.placed_images(page):
            ppi = pixels / (width / 96)  # layout lengths are CSS pixels, 96 to the inch
            if settings.min_ppi and ppi < settings.min_ppi and (url not in found or ppi < found[url][1]):
                found[url] = (number, ppi)
    return [
        f"{labels.get(url, url)}: {ppi:.0f} ppi on page {number}"
        for url, (number, ppi) in sorted(found.items(), key=lambda item: item[1][0])
    ]


def _overflowing_text(document: Any) -> list[str]:
    """Text that runs past the right edge of its box (an unbreakable word or URL in a narrow column),
    or over the footnotes (columns after a spanning picture, gallery or table on a page with notes)."""
    return [
        f"page {number}: text runs outside its column: {text.strip()[:40]!r}"
        for number, page in enumerate(document.pages, start=1)
        for text in internals.overflowing_lines(page)
    ] + [
        f"page {number}: text runs over the footnotes (a gallery, wide picture or table on a page with a note "
        f"pushes the columns after it down; move it or the note): {text.strip()[:40]!r}"
        for number, page in enumerate(document.pages, start=1)
        for text in internals.lines_over_footnotes(page)
    ]


def _check_nothing_lost(document: Any) -> None:
    """Every paragraph, heading, picture and table of the document is on some page, or the build stops."""
    lost = internals.elements_not_laid_out(document.pages)
    if lost:
        text = " ".join("".join(lost[0].itertext()).split())[:80] or f"<{lost[0].tag}>"
        raise BuildError(
            f"the renderer left {len(lost)} block(s) of the document off every page, from {text!r} on "
            "(a WeasyPrint layout fault, usually an element that cannot be split at the foot of a page: "
            "move it, or the text around it)"
        )


def _check_warnings(messages: list[str]) -> None:
    """Warnings that mean the PDF would silently lack something become errors."""
    for message in messages:
        lowered = message.lower()
        if "failed to load" in lowered or "cannot be loaded" in lowered:
            raise BuildError(f"the renderer could not load a resource: {message}")
