"""Property-based tests: whatever the input, the loader and the Markdown stage give a result or a clear error."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressroom.config.yamlfile import parse_yaml
from pressroom.errors import SourceError
from pressroom.sources.articles import load_article
from pressroom.structure.edition import Article
from pressroom.text.markdown import render_article
from pressroom.text.typography import SUPPORTED_LANGUAGES, QuoteState, typeset

MARKDOWN_PIECES = st.sampled_from([
    "text ", "\"", "'", "--", " - ", "...", "*", "_", "**", "`", "[", "]", "(", ")", "!", "#", "## ", "\n", "\n\n",
    "|", "---", "1. ", "- ", "> ", "[^1]", "[^1]: ", "<", ">", "&", "<b>", "http://x", "../images/pic.png",
    "ə", "İ", "ж", "ñ", "12500", "№ ", "A. B. ", "\t", "\\",
])
# derandomize: CI runs the same examples every time (a new random failure would block a landing
# that did not cause it); set derandomize=False locally to explore new examples.
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])


def _article(folder: Path, body: str, lang: str) -> Article:
    return Article("01-x", 1, "x", lang, folder / lang / "01-x.md", "T", "", "", "", body, body_line=5)


@PROPERTY_SETTINGS
@given(body=st.lists(MARKDOWN_PIECES, max_size=60).map("".join), lang=st.sampled_from(SUPPORTED_LANGUAGES))
def test_markdown_gives_html_or_a_located_error(tmp_path, body, lang):
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "pic.png").write_bytes(b"png")
    try:
        html = render_article(_article(tmp_path, body, lang), tmp_path).html
    except SourceError as error:
        assert error.path is not None and error.message
        return
    assert "<script" not in html.lower() and "<iframe" not in html.lower()
    assert html.count("<p>") == html.count("</p>")


@PROPERTY_SETTINGS
@given(text=st.text(max_size=200), lang=st.sampled_from(SUPPORTED_LANGUAGES))
def test_typography_keeps_every_letter(text, lang):
    result = typeset(text, lang, QuoteState())
    letters = [c for c in text if c.isalnum()]
    assert [c for c in result if c.isalnum()] == letters


@PROPERTY_SETTINGS
@given(text=st.text(max_size=300))
def test_yaml_gives_data_or_a_located_error(text):
    try:
        parse_yaml(text, Path("edition.yaml"))
    except SourceError as error:
        assert error.path == Path("edition.yaml") and error.line is not None and error.line >= 1


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=400))
def test_article_files_give_an_article_or_a_clear_error(tmp_path, data):
    path = tmp_path / "en" / "01-x.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"---\ntitle: T\n---\n" + data)
    try:
        article = load_article(tmp_path, path, "en", [])
    except SourceError as error:
        assert error.path == path and error.message
        return
    assert article.title == "T"


# -- fuzzing the loader and the Markdown stage with any Unicode, lone surrogates included ----

ANY_CHARACTER = st.characters(codec=None, categories=None)  # every code point, surrogates (Cs) too
HOSTILE_PIECES = st.one_of(
    st.text(ANY_CHARACTER, max_size=20),
    MARKDOWN_PIECES,
    st.sampled_from(["&#xD800;", "&#0;", "&#x110000;", "&hearts;", "&#x4E2D;", "\\ud800", "\\U0010FFFF",
                     "*" * 40, "[" * 40, "> " * 12, "`" * 30, "x" * 400, "![a](<../images/p q.png>)", "\r\n"]),
)
FUZZ_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=200, deadline=5000)  # each example: seconds at most


@FUZZ_SETTINGS
@given(title=st.lists(HOSTILE_PIECES, max_size=6).map("".join),
       body=st.lists(HOSTILE_PIECES, max_size=40).map("".join), lang=st.sampled_from(SUPPORTED_LANGUAGES))
def test_any_unicode_gives_an_article_and_html_or_a_located_error(tmp_path, title, body, lang):
    """Loader then Markdown stage, on bytes as a translator's editor might save them (or not)."""
    path = tmp_path / lang / "01-x.md"
    path.parent.mkdir(exist_ok=True)
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "pic.png").write_bytes(b"png")
    quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    text = f'---\ntitle: "{quoted}"\n---\n\n{body}\n'
    path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a lone surrogate is not UTF-8: refused
    try:
        article = load_article(tmp_path, path, lang, [])
        html = render_article(article, tmp_path).html
    except SourceError as error:
        assert error.path is not None and error.message
        error.describe().encode("utf-8", "backslashreplace")  # printable, whatever it quotes
        return
    html.encode("utf-8")  # nothing unencodable reaches the composed document
    assert "<script" not in html.lower()
