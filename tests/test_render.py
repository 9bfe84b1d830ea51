import dataclasses
import http.server
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from pressroom.errors import BuildError
from pressroom.preflight import inspect_pdf
from pressroom.render import VARIANTS, RefusedURL, RenderSettings, Sandbox, SandboxFetcher, Variant, render_pdf

from .conftest import REPO


PLAIN = RenderSettings(Variant("test", "", VARIANTS["print"].stylesheets), None, "A4", 3, None, None)
STITCHED = dataclasses.replace(PLAIN, variant=VARIANTS["print"])


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    images = tmp_path / "images"
    images.mkdir()
    (images / "ok.png").write_bytes((REPO / "issues/2024-H1/images/chart-returns.png").read_bytes())
    return Sandbox(images=images, styles=REPO / "styles", fonts=REPO / "fonts")


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
    settings = dataclasses.replace(PLAIN, min_ppi=300, image_labels=(("file:///pressroom/images/ok.png", "ok.png in a.md"),))
    html = '<html lang="en"><body><img src="file:///pressroom/images/ok.png" style="width: 400mm"></body></html>'
    with pytest.raises(BuildError, match=r"ok.png in a.md: 1\d\d ppi on page 1"):
        render_pdf(html, settings, sandbox, tmp_path / "out.pdf", epoch=0)
    allowed = dataclasses.replace(settings, allow_lowres=True)
    result = render_pdf(html, allowed, sandbox, tmp_path / "out.pdf", epoch=0)
    assert result.lowres and "ok.png in a.md" in result.lowres[0]
