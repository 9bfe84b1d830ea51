import dataclasses
import http.server
import threading

import pytest
from pypdf import PdfReader

from pressroom.errors import BuildError
from pressroom.pdf.preflight import inspect_pdf
from pressroom.pdf.render import RefusedURL, SandboxFetcher, render_pdf
from pressroom.pdf.sandbox import Sandbox
from pressroom.pdf.variants import VARIANTS, RenderSettings, Variant

from ..conftest import ARTICLE, REPO, write

PLAIN = RenderSettings(Variant("test", "", VARIANTS["print"].stylesheets), None, "A4", 3, None, None)
STITCHED = dataclasses.replace(PLAIN, variant=VARIANTS["print"])


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    images = tmp_path / "images"
    images.mkdir()
    (images / "ok.png").write_bytes((REPO / "issues/2024-H1/images/village.png").read_bytes())
    return Sandbox(root=REPO.parents[-1], images=images, styles=REPO / "styles", fonts=REPO / "fonts")


def test_fetcher_serves_virtual_urls_from_the_sandbox(sandbox):
    fetcher = SandboxFetcher(sandbox)
    response = fetcher.fetch("file:///pressroom/images/ok.png")
    assert response.read()[:4] == b"\x89PNG"
    assert fetcher.fetch("file:///pressroom/fonts/NotoSerif-Regular.ttf").read()[:4] == b"\x00\x01\x00\x00"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///pressroom/images/../../../etc/passwd",
        "file:///pressroom/images/%2e%2e/%2e%2e/etc/passwd",
        "file:///pressroom/secrets/x",
        "http://127.0.0.1:1/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "data:text/plain,hello",
    ],
)
def test_fetcher_refuses_everything_else(sandbox, url):
    fetcher = SandboxFetcher(sandbox)
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_a_symlink_out_of_the_sandbox(sandbox, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (sandbox.images / "link.png").symlink_to(secret)
    with pytest.raises(RefusedURL):
        SandboxFetcher(sandbox).fetch("file:///pressroom/images/link.png")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self):  # noqa: N802 (http.server's naming)
        type(self).requests += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_render_never_reaches_the_network_and_fails_clearly(sandbox, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/x.png"
        html = f'<html lang="en"><body><p>x</p><img src="{url}"></body></html>'
        target = tmp_path / "out.pdf"
        with pytest.raises(BuildError, match="outside the project"):
            render_pdf(html, PLAIN, sandbox, target, epoch=0)
    finally:
        server.shutdown()
    assert _CountingHandler.requests == 0
    assert not target.exists()
    assert list(tmp_path.glob("*.partial")) == []


def test_render_writes_a_pdf_with_embedded_fonts_and_language(sandbox, tmp_path):
    html = '<html lang="az"><body><h1>Şuşa</h1><p>Ağalı kəndi, İşıqlı ölkə.</p></body></html>'
    target = tmp_path / "out.pdf"
    result = render_pdf(html, PLAIN, sandbox, target, epoch=0)
    facts = inspect_pdf(target)
    assert result.pages == facts.pages == 1
    assert facts.lang == "az"
    assert facts.fonts and all(f.embedded and f.subset for f in facts.fonts)
    assert all("+Bulletin-" in f.name for f in facts.fonts)  # the shipped fonts, no system fallback


def test_page_count_is_padded_before_the_last_page(sandbox, tmp_path):
    pages = "".join(f'<p style="break-before: page">page {n}</p>' for n in range(1, 7))
    target = tmp_path / "out.pdf"
    result = render_pdf(f'<html lang="en"><body>{pages}</body></html>', STITCHED, sandbox, target, epoch=0)
    assert (result.pages, result.padded) == (8, 2)
    texts = [(page.extract_text().strip().splitlines() or [""])[0] for page in PdfReader(target).pages]
    assert texts == ["page 1", "page 2", "page 3", "page 4", "page 5", "", "", "page 6"]


def test_low_resolution_image_fails_naming_it(sandbox, tmp_path):
    settings = dataclasses.replace(
        PLAIN, min_ppi=300, image_labels=(("file:///pressroom/images/ok.png", "ok.png in a.md"),)
    )
    html = '<html lang="en"><body><img src="file:///pressroom/images/ok.png" style="width: 400mm"></body></html>'
    with pytest.raises(BuildError, match=r"ok.png in a.md: 1\d\d ppi on page 1"):
        render_pdf(html, settings, sandbox, tmp_path / "out.pdf", epoch=0)
    allowed = dataclasses.replace(settings, allow_lowres=True)
    result = render_pdf(html, allowed, sandbox, tmp_path / "out.pdf", epoch=0)
    assert result.lowres and "ok.png in a.md" in result.lowres[0]


def test_text_running_outside_its_column_is_reported(sandbox, tmp_path):
    html = ('<html lang="en"><body><div style="width: 30mm"><p>Short words, then '
            + "x" * 120 + " and more.</p></div></body></html>")
    result = render_pdf(html, PLAIN, sandbox, tmp_path / "out.pdf", epoch=0)
    assert any("runs outside its column" in w and "xxxx" in w for w in result.warnings)


def test_azerbaijani_text_is_hyphenated_and_keeps_its_dotted_i(sandbox, tmp_path):
    words = "Azərbaycan Respublikasının ərazisində yenidənqurma işləri davam etdirilir və müəllimlər qayıdır. " * 12
    html = (f'<html lang="az"><body><p style="width: 45mm; text-align: justify; font-family: \'Bulletin Serif\'">'
            f'{words}</p><h2 style="text-transform: uppercase">İnfrastruktur və iqtisadiyyat</h2>'
            '<p>fikir, fırça, filiz</p></body></html>')
    target = tmp_path / "az.pdf"
    render_pdf(html, PLAIN, sandbox, target, epoch=0)
    text = PdfReader(target).pages[0].extract_text()
    assert text.count("\u2010\n") >= 3  # WeasyPrint hyphenates with U+2010
    assert "İNFRASTRUKTUR VƏ İQTİSADİYYAT" in text  # i → İ, not I
    assert "fikir, fırça, filiz" in text


def _uses_fi_ligature(path) -> bool:
    """Whether any font's ToUnicode maps one glyph to "fi": the ligature was set."""
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None and b"<00660069>" in to_unicode.get_object().get_data():
                return True
    return False


@pytest.mark.parametrize("lang, ligature", [("az", False), ("en", True)])
def test_fi_ligature_only_where_it_does_no_harm(sandbox, tmp_path, lang, ligature):
    html = f'<html lang="{lang}"><body><p style="font-family: \'Bulletin Serif\'">fikir, filiz, final</p></body></html>'
    target = tmp_path / f"{lang}.pdf"
    render_pdf(html, PLAIN, sandbox, target, epoch=0)
    assert _uses_fi_ligature(target) is ligature


# Long words and the limit of two hyphenated lines in a row leave this paragraph (the sample's), at the
# sample's column measure, no breaks without a loose line; a hundredth of an em between its letters gives it some.
UNEVEN = ("Современное разминирование сочетает несколько методов. На первом этапе проводится нетехническое "
          "обследование: специалисты изучают архивные данные, опрашивают местных жителей и военнослужащих, "
          "анализируют спутниковые снимки и аэрофотосъемку. Затем на подозрительных участках начинается "
          "техническое обследование с использованием механических средств и беспилотных летательных аппаратов. "
          "Там, где технику применить невозможно, работают саперы с миноискателями и минно-розыскные собаки. "
          "Каждый очищенный участок проходит контроль качества, после чего передается для хозяйственного "
          "использования.")


def _widest_spaces(sandbox, tmp_path, name: str) -> list[float]:
    """The widest word space (em) of each line but the last of UNEVEN, set in one sample column."""
    from pressroom.pdf.pagetext import read_pages
    from pressroom.text.typography import QuoteState, typeset

    html = ('<html lang="ru"><body><div style="width: 310.87px; text-align: justify; word-spacing: -0.05em">'
            f'<p style="text-indent: 1.2em; margin: 0">{typeset(UNEVEN, "ru", QuoteState())}</p></div></body></html>')
    target = tmp_path / f"{name}.pdf"
    render_pdf(html, PLAIN, sandbox, target, epoch=0)
    lines = [line for line in read_pages(target)[0].lines if line.text.strip()]
    return [max(line.gaps(), default=0.0) / line.size for line in lines[:-1]]


def test_a_paragraph_with_no_even_breaks_is_tracked_a_little(sandbox, tmp_path):
    from pressroom.text.hyphenation import LINE_RULES

    assert max(_widest_spaces(sandbox, tmp_path, "tracked")) <= 1.0
    object.__setattr__(LINE_RULES, "tracking_em", 0.0)  # the rules are frozen: the layout's own copy is this one
    try:
        untracked = _widest_spaces(sandbox, tmp_path, "untracked")
    finally:
        object.__setattr__(LINE_RULES, "tracking_em", 0.01)
    assert max(untracked) > 1.0


def test_a_fitting_round_lays_out_only_the_articles_it_changes(small_project, monkeypatch):
    from pressroom.build.jobs import Options, plan
    from pressroom.build.pipeline import build
    from pressroom.layout.fitting import Track
    from pressroom.pdf import render
    from pressroom.structure.project import Project

    measured: list[set[str]] = []  # the articles each round's layout held
    real = render.plan_fitting

    def one_change_first(pages, rules, ends_edition=True):
        measured.append({page.article for page in pages})
        changes, unresolved = real(pages, rules, ends_edition)
        if len(measured) == 1:  # the first round changes the first article's tracking only
            first = next(page for page in pages if page.article == "article-01-first")
            return [Track(first.body, 0.005)], unresolved
        return [], unresolved

    monkeypatch.setattr(render, "plan_fitting", one_change_first)
    write(small_project / "issues/2024-H1/en/02-second.md", ARTICLE.format(title="The second article"))
    report = build(plan(Project(small_project, small_project / "output"), "2024-H1", ("en",), ("print",)), 1,
                   options=Options(force=True))
    assert measured[0] == {"article-01-first", "article-02-second"}
    assert measured[1] == {"article-01-first"}  # the second round: the changed article without the other
    assert measured[-1] == measured[0]  # the fitted document laid out whole at the end
    pdf = PdfReader(report.manifest.parent / report.outputs[0].file)
    assert "The second article" in "".join(page.extract_text() for page in pdf.pages)


def test_writes_at_once_report_a_forked_writers_failure(tmp_path):
    from pressroom.pdf.render import _write_all

    written = tmp_path / "written"

    def fails() -> None:
        raise BuildError("archive: fonts not embedded")

    with pytest.raises(BuildError, match="archive: fonts not embedded"):
        _write_all([fails, lambda: written.write_text("done")], at_once=True)
    assert written.read_text() == "done"  # the other write went on
    _write_all([lambda: (tmp_path / "a").write_text("a"), lambda: (tmp_path / "b").write_text("b")], at_once=True)
    assert (tmp_path / "a").read_text() == "a" and (tmp_path / "b").read_text() == "b"
