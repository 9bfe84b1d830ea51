"""The download catalogue: a fake output tree of small real PDFs, read back as HTML and in a real browser."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from pressroom.config.publication import load_publication
from pressroom.delivery.catalogue import write_catalogue
from pressroom.delivery.thumbnails import THUMB_WIDTH

from ..conftest import REPO
from ..shipped_fonts import render_with_shipped_fonts

SLUG = "since-the-victory"
CHROMIUM = Path("/usr/bin/chromium")

# edition → (language, variant, pages) of each PDF it has
EDITIONS = {
    "2024-H1": [
        ("az", "print", 2), ("az", "screen", 2), ("az", "print-imposed", 1),
        ("ru", "print", 2),
        ("en", "archive", 3), ("en", "screen", 3),
        ("es", "print", 1),
        ("all", "archive", 4),
    ],
    "2023-H2": [("en", "print", 1), ("en", "print-imposed", 1)],
}
PERIODS = {"2024-H1": ["2024-01-01", "2024-06-30"], "2023-H2": ["2023-07-01", "2023-12-31"]}


def pdf_name(edition_id: str, lang: str, variant: str) -> str:
    return f"{SLUG}-{edition_id}-{lang}-{variant}.pdf"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> Path:
    """The PDFs of every edition, made once: WeasyPrint is quick, but not free."""
    folder = tmp_path_factory.mktemp("pdfs")
    for edition_id, files in EDITIONS.items():
        for lang, variant, pages in files:
            body = "".join(f'<p style="break-after: page">{edition_id} {lang} {variant} page {n}</p>'
                           for n in range(1, pages)) + f"<p>{edition_id} {lang} {variant} page {pages}</p>"
            target = folder / edition_id / pdf_name(edition_id, lang, variant)
            target.parent.mkdir(parents=True, exist_ok=True)
            render_with_shipped_fonts(f"<h1>{lang}</h1>{body}", target, lang)
    return folder


def manifest_entry(path: Path, lang: str, variant: str, pages: int) -> dict:
    data = path.read_bytes()
    return {"file": path.name, "language": lang, "variant": variant, "pages": pages,
            "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def write_manifest(folder: Path, edition_id: str, files: list[dict]) -> None:
    manifest = {"publication": SLUG, "edition": edition_id, "period": PERIODS[edition_id], "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


@pytest.fixture
def out(tmp_path, pdfs) -> Path:
    """An output folder as the build leaves it: each edition's PDFs next to its manifest."""
    out = tmp_path / "output"
    for edition_id, files in EDITIONS.items():
        folder = out / edition_id
        shutil.copytree(pdfs / edition_id, folder)
        entries = [manifest_entry(folder / pdf_name(edition_id, lang, variant), lang, variant, pages)
                   for lang, variant, pages in files]
        write_manifest(folder, edition_id, entries)
    return out


@pytest.fixture(scope="module")
def publication():
    return load_publication(REPO)


def expected_entries(out: Path) -> list[tuple[str, dict]]:
    return [(edition_id, entry) for edition_id in EDITIONS
            for entry in json.loads((out / edition_id / "manifest.json").read_text())["files"]]


class Links(HTMLParser):
    """Every link, image and id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.hrefs.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes["src"])
        if tag == "script":
            self.scripts += 1


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def catalogue(out: Path, publication) -> tuple[str, list[str]]:
    warnings: list[str] = []
    index = write_catalogue(out, REPO / "styles", publication, warn=warnings.append)
    assert index == out / "index.html"
    return index.read_text(encoding="utf-8"), warnings


def row_of(html: str, href: str) -> str:
    """The table row that links to ``href``."""
    rows = [chunk.split("</tr>")[0] for chunk in html.split("<tr>")[1:]]
    found = [row for row in rows if f'href="{href}"' in row]
    assert len(found) == 1, href
    return found[0]


def test_every_file_is_listed_with_its_facts(out, publication):
    html, warnings = catalogue(out, publication)
    assert warnings == []
    for edition_id, entry in expected_entries(out):
        row = row_of(html, f"{edition_id}/{entry['file']}")
        assert f'<code class="sha">{entry["sha256"]}</code>' in row
        assert f'<data value="{entry["bytes"]}">' in row
        assert f'>{entry["pages"]}</td>' in row
        assert entry["file"] in row
    # The manifest of each edition is offered too.
    for edition_id in EDITIONS:
        assert f'href="{edition_id}/manifest.json"' in html


def test_every_link_resolves(out, publication):
    html, _ = catalogue(out, publication)
    page = links_of(html)
    assert page.scripts == 0
    assert page.hrefs and page.images
    for target in page.hrefs + page.images:
        if target.startswith("#"):
            assert target[1:] in page.ids, target
        else:
            assert "://" not in target and not target.startswith("/"), target
            assert (out / unquote(target)).is_file(), target


def test_thumbnails_are_pngs_of_the_preferred_variant(out, publication):
    html, _ = catalogue(out, publication)
    images = links_of(html).images
    expected = {
        "2024-H1/thumbs/since-the-victory-2024-H1-az-screen.png",  # screen before print
        "2024-H1/thumbs/since-the-victory-2024-H1-ru-print.png",
        "2024-H1/thumbs/since-the-victory-2024-H1-en-screen.png",  # screen before archive
        "2024-H1/thumbs/since-the-victory-2024-H1-es-print.png",
        "2024-H1/thumbs/since-the-victory-2024-H1-all-archive.png",
        "2023-H2/thumbs/since-the-victory-2023-H2-en-print.png",  # never the imposed spreads
    }
    assert set(images) == expected
    for image in images:
        path = out / image
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        with Image.open(path) as picture:
            assert picture.format == "PNG"
            assert picture.width == THUMB_WIDTH
            assert picture.height > picture.width  # a portrait page
            assert picture.convert("L").getextrema() != (255, 255)  # something is drawn: the heading
    assert not list(out.rglob("*.partial"))


def test_order_is_fixed_and_labels_are_in_every_language(out, publication):
    html, _ = catalogue(out, publication)
    # Newest edition first; languages in the publication's order, then the files of all languages.
    assert html.index('id="edition-2024-H1"') < html.index('id="edition-2023-H2"')
    cards = [html.index(f'id="2024-H1-{lang}"') for lang in ("az", "ru", "en", "es", "all")]
    assert cards == sorted(cards)
    az = html[cards[0]:cards[1]]
    assert az.index("az-screen.pdf") < az.index("az-print.pdf") < az.index("az-print-imposed.pdf")
    # Each card speaks its language; the page's own headings speak all four.
    for lang, word in (("az", "Yüklə"), ("ru", "Скачать"), ("en", "Download"), ("es", "Descargar")):
        assert f'lang="{lang}"' in html and word in html
    assert "январь\u00a0— июнь 2024\u202fг." in html and "enero–junio de 2024" in html


def test_rewriting_is_deterministic_and_thumbnails_follow_their_pdf(out, publication):
    first, _ = catalogue(out, publication)
    thumb = out / "2024-H1" / "thumbs" / "since-the-victory-2024-H1-az-screen.png"
    pdf = out / "2024-H1" / "since-the-victory-2024-H1-az-screen.pdf"
    old = thumb.stat().st_mtime_ns - 10**9
    os.utime(thumb, ns=(old, old))
    os.utime(pdf, ns=(old - 10**9, old - 10**9))  # the PDF is older: the thumbnail stays
    second, _ = catalogue(out, publication)
    assert first == second
    assert thumb.stat().st_mtime_ns == old
    os.utime(pdf, ns=(old + 10**9, old + 10**9))  # a newer PDF: drawn again
    catalogue(out, publication)
    assert thumb.stat().st_mtime_ns > old


def test_missing_and_unsafe_entries_are_left_out(out, publication):
    folder = out / "2024-H1"
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / pdf_name("2024-H1", "es", "print")).unlink()
    manifest["files"].append({**manifest["files"][0], "file": "../../../etc/passwd"})
    manifest["files"].append({**manifest["files"][0], "file": "x.pdf", "pages": "many"})
    (folder / "manifest.json").write_text(json.dumps(manifest))
    html, warnings = catalogue(out, publication)
    assert "es-print.pdf" not in html
    assert 'id="2024-H1-es"' not in html  # no file left: no card
    assert "passwd" not in html and "x.pdf" not in html
    assert any("es-print.pdf" in w and "missing" in w for w in warnings)
    assert len(warnings) == 3
    assert 'href="2024-H1/since-the-victory-2024-H1-az-print.pdf"' in html


def test_a_file_changed_after_the_build_is_not_listed(out, publication):
    changed = out / "2024-H1" / pdf_name("2024-H1", "en", "archive")
    data = bytearray(changed.read_bytes())
    data[-10] ^= 0xFF  # same size, other bytes: only the SHA-256 tells
    changed.write_bytes(bytes(data))
    html, warnings = catalogue(out, publication)
    assert any(changed.name in w and "SHA-256" in w for w in warnings)
    assert changed.name not in html


def test_damaged_manifests_are_skipped_without_a_crash(out, publication):
    damaged = {
        "2023-H1": '{"publication": "since-the-vic',  # cut off
        "2022-H2": "[1, 2, 3]",
        "2022-H1": json.dumps({"publication": SLUG, "edition": "2099-H1", "period": PERIODS["2023-H2"], "files": []}),
        "2021-H2": json.dumps({"publication": SLUG, "edition": "2021-H2", "period": ["July", "December"],
                               "files": []}),
        "2021-H1": json.dumps({"publication": "another-bulletin", "edition": "2021-H1",
                               "period": PERIODS["2023-H2"], "files": []}),
    }
    for edition_id, text in damaged.items():
        (out / edition_id).mkdir()
        (out / edition_id / "manifest.json").write_text(text, encoding="utf-8")
    (out / "2020-H2").mkdir()
    (out / "2020-H2" / "manifest.json").write_bytes(b"\xff\xfe not utf-8")
    (out / ".cache").mkdir()
    (out / ".cache" / "manifest.json").write_text("not an edition's folder")
    # A PDF that is listed correctly but cannot be read costs its thumbnail only.
    broken = out / "2023-H2" / pdf_name("2023-H2", "en", "print")
    broken.write_bytes(b"%PDF-1.7 broken" + b"\0" * (broken.stat().st_size - 15))
    listing = json.loads((out / "2023-H2" / "manifest.json").read_text(encoding="utf-8"))
    for entry in listing["files"]:
        if entry["file"] == broken.name:  # listed correctly: the manifest describes these very bytes
            entry["sha256"] = hashlib.sha256(broken.read_bytes()).hexdigest()
    (out / "2023-H2" / "manifest.json").write_text(json.dumps(listing), encoding="utf-8")

    html, warnings = catalogue(out, publication)
    assert sorted(w.split("/")[0] for w in warnings) == ["2020-H2", "2021-H1", "2021-H2", "2022-H1", "2022-H2",
                                                         "2023-H1", "2023-H2"]
    assert any("2023-H2" in w and "thumbnail" in w for w in warnings)
    for edition_id in damaged:
        assert f'id="edition-{edition_id}"' not in html
    assert 'id="edition-2024-H1"' in html and 'id="edition-2023-H2"' in html
    assert 'href="2023-H2/since-the-victory-2023-H2-en-print.pdf"' in html


def test_an_empty_output_folder_gives_a_page_that_says_so(tmp_path, publication):
    html, warnings = catalogue(tmp_path / "nothing-yet", publication)
    assert warnings == []
    assert "No edition has been built yet." in html and "<table" not in html


# -- in a real browser --------------------------------------------------------


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", *arguments,
    ]
    return subprocess.run(command, capture_output=True, timeout=60, check=False, stdin=subprocess.DEVNULL)


def test_the_page_renders_in_a_browser(tmp_path, out, publication):
    index = write_catalogue(out, REPO / "styles", publication, warn=lambda message: None)
    shot = tmp_path / "shot.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", index.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert shot.is_file()
    with Image.open(shot) as picture:
        assert picture.size == (1200, 1600)
        extrema = picture.convert("RGB").getextrema()
        assert any(low != high for low, high in extrema), "the screenshot is one colour"
        # The masthead is the bulletin's blue, so the page's own style sheet was applied.
        red, green, blue = picture.convert("RGB").getpixel((600, 20))
        assert blue > 120 and red < 60

    result = chromium(tmp_path, "--dump-dom", index.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    dom = links_of(result.stdout.decode("utf-8"))
    for edition_id, entry in expected_entries(out):
        assert f"{edition_id}/{entry['file']}" in dom.hrefs
    for edition_id in EDITIONS:
        assert f"{edition_id}/manifest.json" in dom.hrefs
    assert len(dom.images) == 6


def test_the_catalogue_carries_an_accessibility_statement_in_every_language(out, publication):
    html, _ = catalogue(out, publication)
    statement = html[html.index('<section class="accessibility"'):html.index("</section>", html.index(
        '<section class="accessibility"'))]
    for lang in ("az", "ru", "en", "es"):
        assert f'<p lang="{lang}">' in statement
    assert "PDF/UA-1" in statement and "veraPDF" in statement and "PDF/A-3b" in statement
    assert "for long-term keeping: PDF/A-3b, PDF/UA-1" in html and "for reading on screen: PDF/UA-1" in html
