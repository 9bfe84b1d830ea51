"""Broken and hostile sources: each one fails cleanly (or is bounded), and nothing leaks.

Every case runs the real command line in a subprocess against a throw-away copy of
the small two-language project (``small_project``) and expects:

- exit status 1 (2 for usage errors), never a traceback or an "internal error", never a hang;
- ONE message on stderr, ``error: path[:line[:col]]: message``, naming the file and the line
  where one applies;
- no PDF in the output folder when the sources are at fault.

The guarantees at the end plant every route to the network and to a secret file outside the
project, one build each, and check that no request reaches a local HTTP server and that the
secret never lands in anything written under the output folder (PDF streams decompressed).

All test data is generated here; nothing binary is committed.
"""

from __future__ import annotations

import http.server
import io
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from .conftest import REPO

EDITION = "2024-H1"
EDITION_DIR = Path("issues") / EDITION
EN_ARTICLE = EDITION_DIR / "en" / "01-first.md"
TIMEOUT = 120  # seconds: anything slower is a hang

# The small project's sources, as conftest writes them.
PUBLICATION = (
    "slug: test-bulletin\n"
    "name: {en: Test Bulletin, az: Sınaq bülleteni}\n"
    "publisher: Test Publisher\n"
    "languages: [en, az]\n"
)
EDITION_YAML = "published: 2024-07-15\nnote: A test edition.\n"


# -- running the command line -----------------------------------------------------------


def pressroom(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "1000"}  # wide: no message is wrapped
    env.pop("PRESSROOM_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "pressroom", *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace", env=env, timeout=TIMEOUT,
    )


def make(root: Path, *extra: str, variant: str = "print", lang: str | None = "en") -> subprocess.CompletedProcess:
    """``pressroom make`` narrowed to one quick PDF (``--variant print --lang en``) unless told otherwise."""
    args = ["make", EDITION, "--root", str(root), "--variant", variant]
    if lang:
        args += ["--lang", lang]
    return pressroom(*args, *extra)


def assert_clean_failure(result: subprocess.CompletedProcess, code: int, where: str | None = None,
                         *fragments: str) -> str:
    """Exit ``code``, no traceback, one ``error:`` message starting with ``where`` and containing ``fragments``.

    ``where`` is the location as the message must begin: ``path`` (any line may follow),
    or ``path:line`` (that line, any column). Returns the message.
    """
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == code, f"exit status {result.returncode}, expected {code}\n{output}"
    messages = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(messages) == 1 and result.stderr.count("error:") == 1, f"expected one error message:\n{result.stderr}"
    message = result.stderr[result.stderr.index("error:"):]
    if where is not None:
        pattern = rf"error: {re.escape(where)}(:\d+){{0,2}}: \S"
        assert re.match(pattern, message), f"the message should start with {where!r}:\n{result.stderr}"
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{result.stderr}"
    return message


def pdfs(root: Path) -> list[Path]:
    return sorted((root / "output").rglob("*.pdf")) if (root / "output").exists() else []


def assert_no_pdf(root: Path) -> None:
    assert not pdfs(root), f"a source error left PDFs: {pdfs(root)}"


# -- writing sources ----------------------------------------------------------------------


def assert_refused(root: Path, relative: Path | str, content: str | bytes, where: str, *fragments: str) -> None:
    """Writing ``content`` at ``relative`` makes the build fail cleanly at ``where``, with no PDF made."""
    put(root, relative, content)
    assert_clean_failure(make(root), 1, where, *fragments)
    assert_no_pdf(root)


def put(root: Path, relative: Path | str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def article(body: str, meta: str = "title: A title\n") -> str:
    """An article whose ``body`` starts on line 7 (lines 5–6: a plain paragraph and a blank line)."""
    return f"---\n{meta}---\n\nFirst paragraph.\n\n{body}\n"


BODY_LINE = 7  # where article()'s body begins


def put_article(root: Path, body: str, lang: str = "en") -> Path:
    return put(root, EDITION_DIR / lang / "01-first.md", article(body))


def put_css(root: Path, css: str, first: bool = False) -> Path:
    """Add ``css`` to the print variant's own style sheet (at its top when ``first``, e.g. for @import)."""
    path = root / "styles" / "print.css"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{css}\n{text}" if first else f"{text}\n{css}\n", encoding="utf-8")
    return path


def put_edition(root: Path, extra: str) -> Path:
    return put(root, EDITION_DIR / "edition.yaml", EDITION_YAML + extra)


def figure(reference: str) -> str:
    return f"![A caption.]({reference})"


def alias_bomb(levels: int = 9) -> str:
    """Billion laughs: 9 ** 9 "lol"s once expanded; the first alias is on the bomb's second line."""
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


# -- the local HTTP server that must never hear from us ---------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = b"body { background: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


class CountingServer(http.server.ThreadingHTTPServer):
    """Counts every connection (HTTP, TLS attempts, FTP: anything that reaches the port)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.probes = 0
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def verify_request(self, request, client_address) -> bool:
        with self._lock:
            self.connections += 1
        return True

    def hits(self) -> int:
        """Connections from anyone but us; a probe first makes sure every earlier one was accepted."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as probe:
            self.probes += 1
            probe.sendall(b"GET /probe HTTP/1.0\r\n\r\n")
            while probe.recv(4096):
                pass
        return self.connections - self.probes


@pytest.fixture
def server():
    srv = CountingServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


# -- the secret that must never leave its folder ----------------------------------------


@pytest.fixture
def secret(tmp_path) -> tuple[Path, str]:
    """``tmp_path/secret.txt`` (beside the project, not in it) holding a unique token.

    Capital letters only: no digit grouping, ligature or case change can disguise it in a PDF's text.
    """
    token = "SECRET" + "".join(secrets.choice("BCDGHJKMNPQRTVWXYZ") for _ in range(26))
    path = tmp_path / "secret.txt"
    path.write_text(token + "\n", encoding="utf-8")
    return path, token


def _pdf_blobs(path: Path):
    """Every object of a PDF: streams decompressed, other objects as text; and every page's text."""
    reader = PdfReader(path)
    references = {(number, generation) for generation, table in reader.xref.items() for number in table}
    references |= {(number, 0) for number in reader.xref_objStm}
    for number, generation in sorted(references):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if isinstance(obj, StreamObject):
            try:
                yield obj.get_data()
            except Exception:  # an undecodable filter: look at the raw bytes at least
                yield obj._data
        yield repr(obj).encode("utf-8", "replace")
    for page in reader.pages:
        text = page.extract_text() or ""
        yield re.sub(r"[\s\-\u00ad\u2010]", "", text).encode("utf-8")  # undo line breaks and hyphenation


def files_holding(folder: Path, token: str) -> list[str]:
    needles = (token.encode(), token.encode("utf-16-be"), token.encode("utf-16-le"))
    found = []
    if not folder.exists():
        return found
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        blobs = [path.read_bytes()]
        if path.suffix == ".pdf":
            blobs = [*blobs, *_pdf_blobs(path)]
        if any(needle in blob for blob in blobs for needle in needles):
            found.append(str(path))
    return found


# =======================================================================================
# YAML: malformed, wrong types, missing fields, unknown keys, alias bombs, huge
# =======================================================================================

PRESSROOM_YAML = Path("pressroom.yaml")
EDITION_YAML_PATH = EDITION_DIR / "edition.yaml"
LABELS_YAML = Path("styles") / "labels.yaml"


@pytest.mark.parametrize(
    "relative, content, where, fragments",
    [
        pytest.param(PRESSROOM_YAML, PUBLICATION.replace("publisher: Test Publisher", "publisher: Test: Publisher"),
                     "pressroom.yaml:3", ["in quotes: publisher: \"Test: Publisher\""], id="pressroom.yaml"),
        pytest.param(EDITION_YAML_PATH, "published: 2024-07-15\nnote: a: b\n",
                     f"{EDITION_YAML_PATH}:2", ["in quotes", "note: a: b\n", "^"], id="edition.yaml"),
        pytest.param(EN_ARTICLE, "---\ntitle: A title\nsection: a: b\n---\n\nText.\n",
                     f"{EN_ARTICLE}:3", ["in quotes"], id="front-matter"),
        pytest.param(EN_ARTICLE, '---\ntitle: "A title\nsection: "Return"\n---\n\nText.\n',
                     f"{EN_ARTICLE}:2:8", ["a quote opened here is never closed"], id="unclosed-quote"),
        pytest.param(EN_ARTICLE, "---\ntitle:A title\nsection: Return\n---\n\nText.\n",
                     f"{EN_ARTICLE}:2", ["write a space after the colon: 'title: …'"], id="no-space-after-colon"),
        pytest.param(EDITION_YAML_PATH, "published: 2024-07-15\n\tnote: x\n",
                     f"{EDITION_YAML_PATH}:2", ["a tab indents this line"], id="tab"),
        pytest.param(EDITION_YAML_PATH, "languages: [en, az\nnote: x\n",
                     f"{EDITION_YAML_PATH}:1:12", ["never closed with ']'"], id="unclosed-list"),
        pytest.param(EN_ARTICLE, "---\ntitle: A title\ntitle: Another\n---\n\nText.\n",
                     f"{EN_ARTICLE}:3", ["duplicate key 'title'"], id="front-matter-duplicate-key"),
        pytest.param(EN_ARTICLE, "---\ntitle: A title\n\nText without a closing line.\n",
                     f"{EN_ARTICLE}:1", ["never closed"], id="front-matter-unclosed"),
    ],
)
def test_malformed_yaml(small_project, relative, content, where, fragments):
    assert_refused(small_project, relative, content, where, *fragments)


@pytest.mark.parametrize(
    "relative, content, where, fragments",
    [
        pytest.param(EDITION_YAML_PATH, "published: yes\n", f"{EDITION_YAML_PATH}:1", ["YYYY-MM-DD"],
                     id="edition-published-yes"),
        pytest.param(EDITION_YAML_PATH, "published: 2024-07-15\nlanguages: en\n", f"{EDITION_YAML_PATH}:2",
                     ["languages must be a non-empty list"], id="edition-languages-scalar"),
        pytest.param(PRESSROOM_YAML, PUBLICATION.replace("languages: [en, az]", "languages: en"),
                     "pressroom.yaml:4", ["languages must be a non-empty list", "e.g. [az, ru, en, es]"],
                     id="pressroom-languages-scalar"),  # the example in brackets must survive the console
        pytest.param(PRESSROOM_YAML, PUBLICATION + 'print: {bleed_mm: "3"}\n', "pressroom.yaml:5",
                     ["bleed_mm must be a number"], id="pressroom-bleed-string"),
        pytest.param(PRESSROOM_YAML, "- slug\n- name\n", "pressroom.yaml:1", ["expected a mapping"],
                     id="pressroom-not-a-mapping"),
        pytest.param(EN_ARTICLE, article("Text.", meta="title: [a, b]\n"), f"{EN_ARTICLE}:2",
                     ["title must be text"], id="front-matter-title-list"),
    ],
)
def test_wrong_types(small_project, relative, content, where, fragments):
    assert_refused(small_project, relative, content, where, *fragments)


@pytest.mark.parametrize(
    "relative, content, where, fragments",
    [
        pytest.param(PRESSROOM_YAML, PUBLICATION.replace("name: {en: Test Bulletin, az: Sınaq bülleteni}\n", ""),
                     "pressroom.yaml", ["missing required field 'name'"], id="publication-name"),
        pytest.param(PRESSROOM_YAML, PUBLICATION.replace(", az: Sınaq bülleteni", ""),
                     "pressroom.yaml:2", ["name: no text for az"], id="publication-name-in-one-language"),
        pytest.param(EN_ARTICLE, article("Text.", meta="section: Return\n"), EN_ARTICLE.as_posix(),
                     ["no title"], id="article-title"),
    ],
)
def test_missing_required_fields(small_project, relative, content, where, fragments):
    assert_refused(small_project, relative, content, where, *fragments)


@pytest.mark.parametrize(
    "relative, content, where, fragments",
    [
        pytest.param(PRESSROOM_YAML, PUBLICATION.replace("publisher:", "publsher:"), "pressroom.yaml:3",
                     ["unknown key 'publsher'", "did you mean 'publisher'"], id="pressroom.yaml"),
        pytest.param(PRESSROOM_YAML, PUBLICATION + "print: {bleed: 3}\n", "pressroom.yaml:5",
                     ["unknown key 'bleed'", "did you mean 'bleed_mm'"], id="pressroom.yaml-print"),
        pytest.param(EDITION_YAML_PATH, "publihsed: 2024-07-15\n", f"{EDITION_YAML_PATH}:1",
                     ["unknown key 'publihsed'", "did you mean 'published'"], id="edition.yaml"),
        pytest.param(EDITION_YAML_PATH, EDITION_YAML + "overrides:\n  en:\n    noet: A note.\n",
                     f"{EDITION_YAML_PATH}:5", ["unknown key 'noet'", "did you mean 'note'"],
                     id="edition.yaml-overrides"),
        pytest.param(EN_ARTICLE, article("Text.", meta="titel: A title\n"), f"{EN_ARTICLE}:2",
                     ["unknown key 'titel'", "did you mean 'title'"], id="front-matter"),
        # A key that looks like console markup must be shown as written, not eaten or crash the report.
        pytest.param(EN_ARTICLE, article("Text.", meta='title: A title\n"[/x]": 1\n'), f"{EN_ARTICLE}:3",
                     ["unknown key '[/x]'"], id="front-matter-markup-lookalike"),
    ],
)
def test_unknown_keys_suggest_the_nearest(small_project, relative, content, where, fragments):
    assert_refused(small_project, relative, content, where, *fragments)


@pytest.mark.parametrize(
    "relative, content, anchor_line",
    [
        pytest.param(PRESSROOM_YAML, PUBLICATION + alias_bomb(), 5, id="pressroom.yaml"),
        pytest.param(EDITION_YAML_PATH, EDITION_YAML + alias_bomb(), 3, id="edition.yaml"),
        pytest.param(EN_ARTICLE, "---\ntitle: A title\n" + alias_bomb() + "---\n\nText.\n", 3, id="front-matter"),
        pytest.param(LABELS_YAML, None, 1, id="labels.yaml"),
    ],
)
def test_yaml_alias_bomb_is_refused(small_project, relative, content, anchor_line):
    if content is None:  # the labels: the bomb goes on top of the real ones
        content = alias_bomb() + (small_project / relative).read_text(encoding="utf-8")
    put(small_project, relative, content)
    message = assert_clean_failure(make(small_project), 1, relative.as_posix(), "alias")
    # The first alias is on the line after the first anchor; either line will do.
    assert re.match(rf"error: {re.escape(relative.as_posix())}:({anchor_line}|{anchor_line + 1})\b", message), message
    assert_no_pdf(small_project)


def test_yaml_anchor_is_refused(small_project):
    """The README: "YAML anchors, aliases and merge keys are refused" (an anchor even without an alias)."""
    put(small_project, EN_ARTICLE, article("Text.", meta="title: &t A title\n"))
    assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:2", "anchor")
    assert_no_pdf(small_project)


@pytest.mark.parametrize(
    "relative, content, where, fragment",
    [
        pytest.param(EN_ARTICLE, article("Text.", meta=f"title: A title\nsummary: {'x' * 300_000}\n"),
                     f"{EN_ARTICLE}:2", "256 KiB", id="front-matter"),
        pytest.param(EDITION_YAML_PATH, EDITION_YAML + "# " + "x" * 300_000 + "\n", EDITION_YAML_PATH.as_posix(),
                     "256 KiB", id="edition.yaml"),
        pytest.param(PRESSROOM_YAML, PUBLICATION + "# " + "x" * 300_000 + "\n", "pressroom.yaml", "256 KiB",
                     id="pressroom.yaml"),
    ],
)
def test_huge_yaml_is_refused(small_project, relative, content, where, fragment):
    assert_refused(small_project, relative, content, where, fragment)


# =======================================================================================
# Encodings, empty articles, titles
# =======================================================================================


@pytest.mark.parametrize(
    "relative, content, where",
    [
        pytest.param(EN_ARTICLE, "---\ntitle: Café\n---\n\nTexte déjà vu.\n".encode("latin-1"),
                     f"{EN_ARTICLE}:2:11", id="article"),
        pytest.param(EDITION_YAML_PATH, "published: 2024-07-15\nnote: Café\n".encode("latin-1"),
                     f"{EDITION_YAML_PATH}:2:10", id="edition.yaml"),
        pytest.param(PRESSROOM_YAML, PUBLICATION.replace("Test Publisher", "Café").encode("latin-1", "replace"),
                     "pressroom.yaml:2", id="pressroom.yaml"),
        pytest.param(LABELS_YAML, None, LABELS_YAML.as_posix(), id="labels.yaml"),
    ],
)
def test_latin1_file_is_refused(small_project, relative, content, where):
    if content is None:
        content = (small_project / relative).read_text(encoding="utf-8").replace(
            "contents: Contents", "contents: Café").encode("latin-1", "replace")
        assert b"\xe9" in content
    assert_refused(small_project, relative, content, where, "not UTF-8")


def test_nul_bytes_are_refused(small_project):
    put(small_project, EN_ARTICLE, article("Text\x00with a NUL."))
    assert_clean_failure(make(small_project), 1, EN_ARTICLE.as_posix(), "NUL")
    assert_no_pdf(small_project)


@pytest.mark.parametrize("relative", [EN_ARTICLE, EDITION_YAML_PATH, PRESSROOM_YAML], ids=str)
def test_byte_order_mark_is_a_warning(small_project, relative):
    path = small_project / relative
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = make(small_project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "byte-order mark" in result.stderr, result.stderr
    assert relative.name in result.stderr, result.stderr
    assert len(pdfs(small_project)) == 1


@pytest.mark.parametrize(
    "content, fragment",
    [
        pytest.param(b"", "empty", id="zero-bytes"),
        pytest.param(b"  \n\n\t\n", "empty", id="whitespace"),
        pytest.param(b"---\ntitle: A title\n---\n", "no text", id="front-matter-only"),
    ],
)
def test_empty_article(small_project, content, fragment):
    put(small_project, EN_ARTICLE, content)
    assert_clean_failure(make(small_project), 1, EN_ARTICLE.as_posix(), fragment)
    assert_no_pdf(small_project)


@pytest.mark.parametrize("meta", ['title: ""\n', "title: '   '\n"], ids=["empty", "blank"])
def test_article_without_title(small_project, meta):
    put(small_project, EN_ARTICLE, article("Text.", meta=meta))
    assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:2", "no title")
    assert_no_pdf(small_project)


# =======================================================================================
# Languages and edition IDs
# =======================================================================================


def test_unknown_language_in_pressroom_yaml(small_project):
    put(small_project, PRESSROOM_YAML, PUBLICATION.replace("[en, az]", "[en, xx]"))
    assert_clean_failure(make(small_project), 1, "pressroom.yaml:4", "unknown language 'xx'")
    assert_no_pdf(small_project)


def test_unknown_language_in_edition_yaml(small_project):
    put_edition(small_project, "languages: [en, xx]\n")
    assert_clean_failure(make(small_project), 1, f"{EDITION_YAML_PATH}:3", "unknown language 'xx'")
    assert_no_pdf(small_project)


def test_unknown_language_on_the_command_line_is_a_usage_error(small_project):
    assert_clean_failure(make(small_project, lang="xx"), 2, None, "unknown language 'xx'")
    assert_no_pdf(small_project)


def test_edition_id_must_match_its_folder(small_project):
    put(small_project, EDITION_YAML_PATH, "id: 2024-H2\n" + EDITION_YAML)
    assert_clean_failure(make(small_project), 1, f"{EDITION_YAML_PATH}:1", "does not match")
    assert_no_pdf(small_project)


@pytest.mark.parametrize("edition_id, fragment", [
    ("2031-H1", "there is no edition 2031-H1"),
    ("../2024-H1", "not an edition ID"),
])
def test_missing_or_hostile_edition_is_a_usage_error(small_project, edition_id, fragment):
    result = pressroom("make", edition_id, "--root", str(small_project), "--variant", "print", "--lang", "en")
    assert_clean_failure(result, 2, None, fragment)
    assert_no_pdf(small_project)


# =======================================================================================
# Image references
# =======================================================================================


@pytest.mark.parametrize(
    "reference, fragment",
    [
        pytest.param("../images/gone.png", "not found", id="missing"),
        pytest.param("../../../etc/hosts", "outside the edition's images/ folder", id="escape"),
        pytest.param("/etc/hosts", "absolute paths are not allowed", id="absolute"),
        pytest.param("../images/pic.gif", "use PNG or JPEG", id="gif-file"),
    ],
)
def test_bad_image_reference(small_project, reference, fragment):
    put(small_project, EDITION_DIR / "images" / "pic.gif", b"GIF89a")
    put_article(small_project, figure(reference))
    assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:{BODY_LINE}", fragment)
    assert_no_pdf(small_project)


def test_symlinked_image_pointing_outside_the_project(small_project, secret):
    link = small_project / EDITION_DIR / "images" / "leak.png"
    link.symlink_to(secret[0])
    put_article(small_project, figure("../images/leak.png"))
    assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:{BODY_LINE}", "outside the project")
    assert_no_pdf(small_project)


@pytest.mark.parametrize(
    "kind, scheme, allowed",
    [
        ("image", "file", False), ("image", "http", False), ("image", "https", False), ("image", "ftp", False),
        ("link", "file", False), ("link", "http", True), ("link", "https", True), ("link", "ftp", False),
    ],
)
def test_urls_in_markdown(small_project, server, secret, kind, scheme, allowed):
    url = f"file://{secret[0]}" if scheme == "file" else f"{scheme}://127.0.0.1:{server.port}/x.png"
    put_article(small_project, figure(url) if kind == "image" else f"Read [the report]({url}) online.")
    result = make(small_project)
    if allowed:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert len(pdfs(small_project)) == 1
    else:
        fragment = "URLs are not allowed" if kind == "image" else "only http(s):, mailto: and #anchors"
        assert_clean_failure(result, 1, f"{EN_ARTICLE}:{BODY_LINE}", fragment)
        assert_no_pdf(small_project)
    assert server.hits() == 0, f"{url} was fetched"
    assert not files_holding(small_project / "output", secret[1])


@pytest.mark.parametrize(
    "css, first",
    [
        pytest.param("@import url(http://127.0.0.1:PORT/x.css);", True, id="import-http"),
        pytest.param("body { background: url(file:///etc/hosts) }", False, id="background-file"),
    ],
)
def test_style_sheet_reaching_out_fails_clearly(small_project, server, css, first):
    put_css(small_project, css.replace("PORT", str(server.port)), first=first)
    assert_clean_failure(make(small_project), 1, "styles/print.css")
    assert server.hits() == 0
    assert_no_pdf(small_project)


# =======================================================================================
# Raw HTML
# =======================================================================================


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<script src="{url}/x.js">alert(1)</script>', id="script"),
        pytest.param('<iframe src="{url}/frame"></iframe>', id="iframe"),
        pytest.param('<object data="file://{secret}"></object>', id="object"),
        pytest.param('<embed src="file://{secret}">', id="embed"),
        pytest.param('<link rel="stylesheet" href="{url}/x.css">', id="link"),
        pytest.param('<link rel="attachment" href="file://{secret}">', id="link-attachment"),
        pytest.param("<style>@import url({url}/x.css);</style>", id="style-import"),
        pytest.param('See <a rel="attachment" href="file://{secret}">the notes</a>.', id="a-rel-attachment"),
        pytest.param('Inline <img src="{url}/x.png"> image.', id="inline-img"),
        pytest.param("<!-- a comment -->", id="comment"),
    ],
)
def test_raw_html_is_refused_naming_the_line(small_project, server, secret, html):
    """Refused before anything is fetched: the URLs point at the counting server and at the secret."""
    put_article(small_project, html.format(url=server.url, secret=secret[0]))
    assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:{BODY_LINE}", "raw HTML")
    assert server.hits() == 0
    assert not files_holding(small_project / "output", secret[1])
    assert_no_pdf(small_project)


@pytest.mark.parametrize(
    "body, line",
    [
        pytest.param("| a | b |\n|---|---|\n| <script>x</script> | 2 |", BODY_LINE + 2, id="in-a-table-cell"),
        pytest.param("Text[^1].\n\n[^1]: A note <script>x</script>.", BODY_LINE + 2, id="in-a-footnote"),
        pytest.param(figure("../images/pic.png").replace("A caption.", "A <script>x</script> caption."),
                     BODY_LINE, id="in-an-image-caption"),
        pytest.param("[a <iframe></iframe> link](https://example.org/)", BODY_LINE, id="in-a-link-text"),
    ],
)
def test_raw_html_hidden_in_nested_text_is_refused(small_project, body, line):
    put_article(small_project, body)
    assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:{line}", "raw HTML")
    assert_no_pdf(small_project)


# =======================================================================================
# Image files
# =======================================================================================


def hostile_svg(kind: str, secret_path: Path, url: str) -> str:
    ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="2400" height="1600"'
    if kind == "external-entity":
        return (f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{secret_path}">]>\n'
                f'<svg {ns}><text x="10" y="40" font-size="40">&xxe;</text></svg>\n')
    if kind == "external-reference":
        return (f'<svg {ns}><image href="{url}/svg.png" width="100" height="100"/>'
                f'<image xlink:href="file://{secret_path}" width="100" height="100"/>'
                '<rect width="10" height="10"/></svg>\n')
    if kind == "entity-expansion":
        entities = ['<!ENTITY e0 "lol">'] + [
            f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)
        ]
        return (f'<?xml version="1.0"?>\n<!DOCTYPE svg [{"".join(entities)}]>\n'
                f'<svg {ns}><text x="10" y="40">&e9;</text></svg>\n')
    if kind == "harmless":  # well-formed, no tricks: still not a PNG
        return f'<svg {ns}><rect width="2400" height="1600" fill="black"/></svg>\n'
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["external-entity", "external-reference", "entity-expansion", "harmless"])
def test_svg_saved_as_png_is_unreadable_not_parsed(small_project, server, secret, kind):
    put(small_project, EDITION_DIR / "images" / "evil.png", hostile_svg(kind, secret[0], server.url))
    put_article(small_project, figure("../images/evil.png"))
    message = assert_clean_failure(make(small_project), 1, None, "cannot be read")
    assert "images/evil.png" in message, message
    assert server.hits() == 0
    assert not files_holding(small_project / "output", secret[1])
    assert secret[1] not in message
    assert_no_pdf(small_project)


@pytest.mark.parametrize("kind, line, fragment", [
    ("external-entity", 2, "DOCTYPE"),
    ("entity-expansion", 2, "DOCTYPE"),
    ("external-reference", 1, "embedded picture"),
    ("script", 1, "a script"),
    ("use-over-the-network", 1, "only references inside the file"),
])
def test_hostile_svg_is_refused_naming_the_file_and_line(small_project, server, secret, kind, line, fragment):
    ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="2400" height="1600"'
    svg = {"script": f'<svg {ns}><script>fetch("{server.url}/s")</script></svg>\n',
           "use-over-the-network": f'<svg {ns}><use xlink:href="{server.url}/x.svg#a"/></svg>\n'}.get(kind) or \
        hostile_svg(kind, secret[0], server.url)
    put(small_project, EDITION_DIR / "images" / "evil.svg", svg)
    put_article(small_project, figure("../images/evil.svg"))
    for variant in ("print", "screen"):
        message = assert_clean_failure(make(small_project, variant=variant), 1,
                                       f"{EDITION_DIR}/images/evil.svg:{line}", fragment, "en/01-first.md")
        assert secret[1] not in message
    assert server.hits() == 0
    assert not files_holding(small_project / "output", secret[1])
    assert_no_pdf(small_project)


@pytest.fixture(scope="module")
def bomb_png() -> bytes:
    """20000 × 20000 pixels (400 million), 1 bit each: about 50 KB on disk, 50 MB to 1.6 GB in memory."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000
    return buffer.getvalue()


def test_decompression_bomb_png(small_project, bomb_png):
    put(small_project, EDITION_DIR / "images" / "bomb.png", bomb_png)
    put_article(small_project, figure("../images/bomb.png"))
    message = assert_clean_failure(make(small_project), 1, None, "too many pixels")
    assert "images/bomb.png" in message, message
    assert_no_pdf(small_project)


def test_decompression_bomb_as_cover(small_project, bomb_png):
    put(small_project, EDITION_DIR / "images" / "bomb.png", bomb_png)
    put_edition(small_project, "cover: images/bomb.png\n")
    message = assert_clean_failure(make(small_project), 1, None, "too many pixels")
    assert "images/bomb.png" in message, message
    assert_no_pdf(small_project)


@pytest.mark.parametrize("fmt, name", [("PNG", "cut.png"), ("JPEG", "cut.jpg")])
def test_truncated_image(small_project, fmt, name):
    # Large enough for 300 ppi across the column, detailed enough not to compress to nothing.
    image = Image.effect_mandelbrot((2400, 1600), (-2.2, -1.2, 1.0, 1.2), 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    data = buffer.getvalue()
    put(small_project, EDITION_DIR / "images" / name, data[: len(data) // 2])
    put_article(small_project, figure(f"../images/{name}"))
    message = assert_clean_failure(make(small_project), 1, None, "cannot be read")
    assert f"images/{name}" in message, message
    assert_no_pdf(small_project)


# =======================================================================================
# The bulletin's elements (issue 15)
# =======================================================================================


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        pytest.param("::: sidebar Facts\n- one\n:::", BODY_LINE, "unknown element '::: sidebar'", id="unknown-element"),
        pytest.param("::: pullquote\nwords the article never says\n:::", BODY_LINE, "not in the article's text",
                     id="pull-quote-not-in-the-text"),
        pytest.param("::: factbox\n- one\n:::", BODY_LINE, "needs a title", id="fact-box-without-title"),
        pytest.param("::: factbox Facts\n## A heading\n\n- one\n:::", BODY_LINE + 1, "cannot hold a heading",
                     id="fact-box-with-heading"),
        pytest.param("::: factbox Facts\n- one", BODY_LINE, "never closed", id="fact-box-never-closed"),
        pytest.param("::: interview\nWho asks?\n\n**A:** Nobody.\n:::", BODY_LINE + 1, "starts with its speaker",
                     id="interview-without-speakers"),
    ],
)
def test_malformed_elements(small_project, body, line, fragment):
    assert_refused(small_project, EN_ARTICLE, article(body), f"{EN_ARTICLE}:{line}", fragment)


def test_full_bleed_picture_below_print_resolution(small_project):
    # pic.png is 2100 × 1400 px: fine in a column, about 120 ppi across an A4 page and its bleed
    put_article(small_project, '![A view.](../images/pic.png "A caption."){.full-bleed}')
    message = assert_clean_failure(make(small_project), 1, f"{EN_ARTICLE}:{BODY_LINE}", "full-bleed picture pic.png",
                                   "print needs 300")
    assert "--allow-lowres" in message
    assert_no_pdf(small_project)
    result = make(small_project, "--allow-lowres")
    assert result.returncode == 0 and "full-bleed picture pic.png" in result.stdout + result.stderr


# =======================================================================================
# Runaway articles
# =======================================================================================


def test_table_of_100000_rows_is_refused_quickly(small_project):
    rows = "".join(f"| {i} | row |\n" for i in range(100_000))
    put_article(small_project, "| n | what |\n|---|---|\n" + rows)
    message = assert_clean_failure(make(small_project), 1, EN_ARTICLE.as_posix())
    assert "blocks" in message or "rows" in message, message
    assert_no_pdf(small_project)


def test_three_megabyte_article_is_refused(small_project):
    paragraph = "The road to the village was rebuilt and the families came home again.\n\n"
    body = paragraph * (3 * 1024 * 1024 // len(paragraph) + 1)
    put(small_project, EN_ARTICLE, article(body))
    assert (small_project / EN_ARTICLE).stat().st_size > 3 * 1024 * 1024
    assert_clean_failure(make(small_project), 1, EN_ARTICLE.as_posix(), "KiB")
    assert_no_pdf(small_project)


# =======================================================================================
# Round two: runaways, hangs, odd files and values (each within seconds, one clear message)
# =======================================================================================


def _replace_article(root: Path, make_it: Callable[[Path], None]) -> None:
    path = root / EN_ARTICLE
    path.unlink()
    make_it(path)


ROUND_TWO: dict[str, tuple[Callable[[Path], object], str, str]] = {
    # name: (break the project, where the message points, what it says)
    "nested-emphasis": (lambda root: put_article(root, "*" * 100_000 + "a" + "*" * 100_000),
                        f"{EN_ARTICLE}:{BODY_LINE}", "characters, more than"),
    "mixed-nesting-spaced": (lambda root: put_article(root, "\n".join(["* _ " * 300] * 4)),
                             f"{EN_ARTICLE}:{BODY_LINE + 1}", "emphasis, bracket or code marks"),
    "long-word": (lambda root: put_article(root, "Text " + "a" * 400), f"{EN_ARTICLE}:{BODY_LINE}",
                  "without a space"),
    "huge-table-cell": (lambda root: put_article(root, "| a | b |\n|---|---|\n| " + "word " * 400_000 + "| 2 |"),
                        f"{EN_ARTICLE}:{BODY_LINE + 2}", "characters, more than"),
    "many-inline-spans": (lambda root: put_article(root, "\n\n".join(["*a* " * 450] * 30)), EN_ARTICLE.as_posix(),
                          "the article has more than"),
    "deep-quotes": (lambda root: put_article(root, "> " * 5_000 + "deep"), f"{EN_ARTICLE}:{BODY_LINE}",
                    "nested more than"),
    "fifo-article": (lambda root: _replace_article(root, os.mkfifo), EN_ARTICLE.as_posix(), "FIFO"),
    "dev-zero-article": (lambda root: _replace_article(root, lambda path: path.symlink_to("/dev/zero")),
                         EN_ARTICLE.as_posix(), "outside the project"),
    "symlink-loop": (lambda root: _replace_article(root, lambda path: path.symlink_to(path.name)),
                     EN_ARTICLE.as_posix(), "loop of symbolic links"),
    "upper-case-md": (lambda root: (root / EN_ARTICLE).rename((root / EN_ARTICLE).with_suffix(".MD")),
                      f"{EDITION_DIR}/en/01-first.MD", "rename it to 01-first.md"),
    "lone-surrogate-title": (lambda root: put(root, EN_ARTICLE, article("Text.", meta='title: "a\\ud800b"\n')),
                             f"{EN_ARTICLE}:2", "surrogate"),
    "image-path-too-long": (lambda root: put_article(root, figure("<../images/" + "ab " * 1_800 + ".png>")),
                            f"{EN_ARTICLE}:{BODY_LINE}", "too long"),
    "published-date-time": (lambda root: put(root, EDITION_YAML_PATH, "published: 2024-07-15T10:00:00+02:00\n"),
                            f"{EDITION_YAML_PATH}:1", "without a time"),
    "published-february-30": (lambda root: put(root, EDITION_YAML_PATH, "published: 2024-02-30\n"),
                              f"{EDITION_YAML_PATH}:1", "not a possible date"),
    "page-size-list": (lambda root: put(root, PRESSROOM_YAML, PUBLICATION + "page_size: [210, 297]\n"),
                       "pressroom.yaml:5", "is not one of"),
    "page-size-map": (lambda root: put(root, PRESSROOM_YAML, PUBLICATION + "page_size: {width: 210}\n"),
                      "pressroom.yaml:5", "is not one of"),
}


@pytest.mark.parametrize("case", ROUND_TWO)
def test_round_two_cases_fail_cleanly_and_quickly(small_project, case):
    breakage, where, fragment = ROUND_TWO[case]
    breakage(small_project)
    assert_clean_failure(make(small_project), 1, where, fragment)
    assert_no_pdf(small_project)


def test_status_meets_the_same_bounds(small_project):
    put_article(small_project, "![" * 450_000)
    assert_clean_failure(pressroom("status", EDITION, "--root", str(small_project)), 1, f"{EN_ARTICLE}:{BODY_LINE}",
                         "characters, more than")


@pytest.mark.parametrize("edition_id", ["9999-H2", "0000-H1"])
def test_impossible_edition_years_are_usage_errors(small_project, edition_id):
    for command in ("new", "make"):
        assert_clean_failure(pressroom(command, edition_id, "--root", str(small_project)), 2, None,
                             "from 1900 to 9998")


def test_a_huge_stray_file_in_images_is_never_read(small_project):
    with (small_project / EDITION_DIR / "images" / "stray.bin").open("wb") as stray:
        stray.truncate(3 * 1024 ** 3)  # sparse: 3 GB that take no disk, and would take 3 GB of memory
    result = make(small_project, variant="screen")
    assert result.returncode == 0, result.stderr


# =======================================================================================
# Guarantee: no source reaches the network
#
# Every route is planted in a build of its own and the counting server must hear nothing.
# Markdown images and links (http, https, ftp) are planted by test_urls_in_markdown and raw
# HTML (script, iframe, link, style @import, img, a rel=attachment) by
# test_raw_html_is_refused_naming_the_line, which assert the same; the other routes are here.
# =======================================================================================

Setup = Callable[[Path, str], None]


def _svg_png(root: Path, url: str) -> None:
    put(root, EDITION_DIR / "images" / "evil.png",
        f'<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1600">'
        f'<image href="{url}/svg.png" width="100" height="100"/></svg>\n')
    put_article(root, figure("../images/evil.png"))


NETWORK_ROUTES: dict[str, tuple[Setup, str, bool]] = {
    # name: (plant the URL, variant, build allowed to succeed)
    "markdown-image-scheme-relative": (lambda root, url: put_article(root, figure(f"{url[5:]}/x.png")),
                                       "print", False),
    "markdown-image-reference": (lambda root, url: put_article(root, f"![A caption.][pic]\n\n[pic]: {url}/x.png"),
                                 "print", False),
    "markdown-autolink": (lambda root, url: put_article(root, f"See <{url}/auto>."), "print", True),
    "css-import": (lambda root, url: put_css(root, f"@import url({url}/x.css);", first=True), "print", False),
    "css-import-https": (lambda root, url: put_css(root, f"@import url({url.replace('http:', 'https:')}/x.css);",
                                                   first=True), "print", False),
    "css-background": (lambda root, url: put_css(root, f"body {{ background: url({url}/bg.png) }}"), "print", False),
    "css-font-face": (lambda root, url: put_css(root, f"@font-face {{ font-family: Evil; src: url({url}/f.ttf) }}"),
                      "print", False),
    "cover-url": (lambda root, url: put_edition(root, f"cover: {url}/cover.png\n"), "print", False),
    "svg-saved-as-png-screen": (_svg_png, "screen", False),  # print: test_svg_saved_as_png_…
}


@pytest.mark.parametrize("route", NETWORK_ROUTES)
def test_no_request_ever_reaches_the_network(small_project, server, route):
    setup, variant, allowed = NETWORK_ROUTES[route]
    setup(small_project, server.url)
    result = make(small_project, variant=variant)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == (0 if allowed else 1), result.stderr
    assert server.hits() == 0, f"{route}: {server.hits()} connection(s) reached the server"
    if not allowed:
        assert_no_pdf(small_project)


# =======================================================================================
# Guarantee: nothing outside the project reaches the output
#
# secret.txt sits beside the project; every route reaches for it in a build of its own, then
# every file under output/ is searched for its token (PDF streams decompressed, page text
# extracted). file: URLs in Markdown images and links are planted by test_urls_in_markdown and
# raw HTML (img, object, embed, iframe, link, a rel=attachment) by
# test_raw_html_is_refused_naming_the_line, which assert the same; the other routes are here.
# =======================================================================================

SecretSetup = Callable[[Path, Path], None]


def _symlink(root: Path, relative: str, target: Path) -> None:
    link = root / relative
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(target)


def _secret_svg_png(root: Path, secret_path: Path) -> None:
    put(root, EDITION_DIR / "images" / "evil.png", hostile_svg("external-entity", secret_path, "http://0.0.0.0:9"))
    put_article(root, figure("../images/evil.png"))


def _outside(root: Path, secret_path: Path, relative: str, content: str) -> Path:
    """A file beside ``secret_path`` (outside the project) holding the secret's token in ``content``'s place."""
    token = secret_path.read_text(encoding="utf-8").strip()
    outside = secret_path.parent / Path(relative).name
    outside.write_text(content.replace("TOKEN", token), encoding="utf-8")
    return outside


def _linked_source(root: Path, secret_path: Path, relative: str, content: str) -> None:
    _symlink(root, relative, _outside(root, secret_path, relative, content))


def _hard_linked_source(root: Path, secret_path: Path, relative: str, content: str) -> None:
    (root / relative).unlink()
    os.link(_outside(root, secret_path, relative, content), root / relative)


def _linked_folder(root: Path, secret_path: Path, relative: str) -> None:
    """Move a folder of the project outside, with the token in its article, and link it back."""
    outside = secret_path.parent / "moved" / Path(relative).name
    outside.parent.mkdir(exist_ok=True)
    (root / relative).rename(outside)
    for path in outside.glob("*.md"):
        path.write_text(article(secret_path.read_text(encoding="utf-8").strip()), encoding="utf-8")
    _symlink(root, relative, outside)


SECRET_ROUTES: dict[str, tuple[SecretSetup, str]] = {
    "article-symlink": (lambda root, s: _linked_source(root, s, EN_ARTICLE.as_posix(), article("TOKEN")), "archive"),
    "article-hard-link": (lambda root, s: _hard_linked_source(root, s, EN_ARTICLE.as_posix(), article("TOKEN")),
                          "archive"),
    "edition-yaml-symlink": (lambda root, s: _linked_source(root, s, EDITION_YAML_PATH.as_posix(),
                                                            "published: 2024-07-15\nnote: TOKEN\n"), "archive"),
    "language-folder-symlink": (lambda root, s: _linked_folder(root, s, f"{EDITION_DIR}/en"), "archive"),
    "images-folder-symlink": (lambda root, s: _linked_folder(root, s, f"{EDITION_DIR}/images"), "print"),
    "template-symlink": (lambda root, s: _linked_source(
        root, s, "styles/templates/edition.html.j2",
        (REPO / "styles/templates/edition.html.j2").read_text(encoding="utf-8").replace("<body", "TOKEN<body", 1)),
        "print"),
    "labels-symlink": (lambda root, s: _linked_source(
        root, s, "styles/labels.yaml",
        (REPO / "styles/labels.yaml").read_text(encoding="utf-8").replace("contents:", "contents: TOKEN #")),
        "print"),
    "caption-file-link": (lambda root, s: put_article(root, f"![See [notes](file://{s}).](../images/pic.png)"),
                          "print"),
    "caption-nested-image": (lambda root, s: put_article(root, f"![A ![x]({s}) b](../images/pic.png)"), "print"),
    # name: (reach for the secret, variant)
    "image-relative-escape": (lambda root, s: put_article(root, figure("../../../../secret.txt")), "print"),
    "image-absolute-path": (lambda root, s: put_article(root, figure(str(s))), "print"),
    "image-symlink": (lambda root, s: _symlink(root, f"{EDITION_DIR}/images/pic.png", s), "print"),
    "image-folder-symlink": (lambda root, s: (_symlink(root, f"{EDITION_DIR}/images/outside", s.parent),
                                              put_article(root, figure("../images/outside/secret.txt"))), "print"),
    "cover-relative-escape": (lambda root, s: put_edition(root, "cover: ../../../secret.txt\n"), "print"),
    "cover-absolute-path": (lambda root, s: put_edition(root, f"cover: {s}\n"), "print"),
    "cover-symlink": (lambda root, s: (_symlink(root, f"{EDITION_DIR}/images/cover.png", s),
                                       put_edition(root, "cover: images/cover.png\n")), "print"),
    "css-background-file-url": (lambda root, s: put_css(root, f"body {{ background: url(file://{s}) }}"), "print"),
    "css-import-file-url": (lambda root, s: put_css(root, f"@import url(file://{s});", first=True), "print"),
    "css-encoded-escape": (lambda root, s: put_css(
        root, "body { background: url(file:///pressroom/images/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt) }"), "print"),
    "css-symlinked-sheet": (lambda root, s: (_symlink(root, "styles/evil.css", s),
                                             put_css(root, "@import url(evil.css);", first=True)), "print"),
    "css-font-face-file-url": (lambda root, s: put_css(
        root, f"@font-face {{ font-family: Evil; src: url(file://{s}) }}"), "print"),
    "output-intent-escape": (lambda root, s: put(root, "pressroom.yaml",
                                                 PUBLICATION + "print: {output_intent: ../secret.txt}\n"), "print"),
    "output-intent-symlink": (lambda root, s: (_symlink(root, "styles/profiles/evil.icc", s),
                                               put(root, "pressroom.yaml",
                                                   PUBLICATION + "print: {output_intent: styles/profiles/evil.icc}\n")),
                              "print"),
    "html-a-attachment-relative": (lambda root, s: put_article(
        root, '<a rel="attachment" href="../../../../secret.txt">file</a>'), "print"),
    "svg-entity-saved-as-png-screen": (_secret_svg_png, "screen"),  # print: test_svg_saved_as_png_…
}


@pytest.mark.parametrize("route", SECRET_ROUTES)
def test_no_file_outside_the_project_reaches_the_output(small_project, secret, route):
    secret_path, token = secret
    setup, variant = SECRET_ROUTES[route]
    setup(small_project, secret_path)
    result = make(small_project, variant=variant)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1, f"{route}: the build did not refuse it\n{result.stderr}"
    assert token not in result.stdout + result.stderr
    leaks = files_holding(small_project / "output", token)
    assert not leaks, f"{route}: the secret is in {leaks}"
    assert_no_pdf(small_project)


def test_the_secret_search_finds_an_attachment(secret, tmp_path):
    """The search itself: a PDF carrying the secret as a compressed attachment is caught."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("secret.txt", secret[0].read_bytes())
    folder = tmp_path / "probe"
    folder.mkdir()
    with open(folder / "x.pdf", "wb") as handle:
        writer.write(handle)
    assert files_holding(folder, secret[1]) == [str(folder / "x.pdf")]


# =======================================================================================
# Guarantee: a failed build leaves the previous good outputs alone
# =======================================================================================


def outside_caches(output: Path) -> set[str]:
    """Everything under the output folder but the build caches (which may gain entries)."""
    return {str(p.relative_to(output)) for p in output.rglob("*") if ".cache" not in p.relative_to(output).parts}


def _break_source(root: Path) -> None:
    put_article(root, "<iframe></iframe>")


def _break_image(root: Path) -> None:
    path = root / EDITION_DIR / "images" / "pic.png"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _break_style_sheet(root: Path) -> None:
    put_css(root, "@import url(http://127.0.0.1:9/x.css);", first=True)


@pytest.mark.parametrize("breakage", [_break_source, _break_image, _break_style_sheet],
                         ids=["source", "image", "style-sheet"])
def test_failed_build_keeps_previous_outputs(small_project, breakage):
    first = make(small_project, lang=None)  # print, both languages (two PDFs, rendered in parallel)
    assert first.returncode == 0, first.stderr
    output = small_project / "output"
    folder = output / EDITION
    before = {path.name: path.read_bytes() for path in folder.glob("*.pdf")}
    assert len(before) == 2
    manifest = (folder / "manifest.json").read_bytes()
    listing = outside_caches(output)

    breakage(small_project)
    result = make(small_project, lang=None)
    assert_clean_failure(result, 1)

    assert {path.name: path.read_bytes() for path in folder.glob("*.pdf")} == before
    assert (folder / "manifest.json").read_bytes() == manifest
    leftovers = [p for p in output.rglob("*") if p.name.endswith(".partial")]
    assert not leftovers, leftovers
    assert outside_caches(output) == listing, "the failed build left files behind"
