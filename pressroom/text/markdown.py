"""Markdown articles → HTML fragments, with each language's typography applied.

CommonMark plus pipe tables and footnotes. The house rules, each enforced with
a message naming the file and line:

- raw HTML is refused (translators' copies must not be able to inject scripts,
  frames or style sheets into a print file);
- an image stands alone in its paragraph and becomes a figure whose caption is
  the image's alt text; it must live in the edition's ``images/`` folder;
- links go to ``http(s):``, ``mailto:`` or an anchor; nothing else;
- ``#`` is reserved for the article title (front matter); use ``##``–``####``;
- footnotes become WeasyPrint footnotes (``float: footnote``) at the reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import SourceError
from ..layout.urls import virtual_url
from ..sources.articles import resolve_image
from ..structure.edition import Article
from .elements import CLOSE, OPEN, PLACEMENTS, check_block, check_pull_quotes, element_blocks
from .typography import QuoteState, keep_last_words, typeset

MAX_BLOCKS = 20_000  # far beyond any article; a runaway table is refused, not rendered for an hour
# What a caption (an image's alt text) may contain: the rest would be rendered unchecked.
CAPTION_TOKENS = {"text", "softbreak", "hardbreak", "code_inline", "em_open", "em_close", "strong_open",
                  "strong_close", "s_open", "s_close", "span_open", "span_close"}
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47 as far as a bulletin needs: az, ru, en-GB
ALLOWED_ATTRIBUTES = {"span_open": {"lang"}, "image": {"src", "alt", "title", "class", "credit"},
                      "link_open": {"href"}}
IMAGE_CLASSES = ("decorative", "whole", *PLACEMENTS)  # whole: fitting never crops it
# What spans both columns (a wide picture, a gallery, a table) or has a page of its own (a full-page or
# full-bleed picture) stands between two-column boxes: the body is closed before it and opened again
# after it. Inside one multi-column box, WeasyPrint 70 cannot start a named page, sets the columns after
# a column-span element over the page's footnotes, and drops the rest of the article when such an
# element does not fit at the foot of a page.
BODY_BREAK_OPEN = '</div>\n'
BODY_BREAK_CLOSE = '<div class="body continued">\n'
BODY_BREAK = BODY_BREAK_OPEN + '{figure}' + BODY_BREAK_CLOSE

LINK_SCHEMES = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleHTML:
    article: Article
    html: str
    images: tuple[Path, ...]
    opener: str = ""  # the section opener's HTML (set before the article's title), if the article has one
    # (image, placement, line) of every picture placed wide, on a full page or into the bleed
    placements: tuple[tuple[Path, str, int | None], ...] = ()


def _parser() -> MarkdownIt:
    # html=True only so that raw HTML is *recognised* (and refused) instead of
    # being passed through as literal text.
    parser = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    # attrs: [Şuşa]{lang=az} marks a passage in another language; {.decorative} an image without meaning
    parser.enable("table").use(footnote_plugin).use(attrs_plugin, spans=True)
    # ::: name … ::: blocks: the bulletin's elements (text/elements.py); any name is parsed, so that
    # an unknown one is refused by name instead of printed as text
    parser.use(container_plugin, name="element", validate=lambda params, *rest: True)
    # markdown-it quietly turns javascript:, file: and data: links into plain
    # text; we let them through so that they are refused with a clear message.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_PARSER = _parser()


def typeset_plain(text: str, lang: str) -> str:
    """Typography for one-line plain texts: titles, summaries, captions of the cover."""
    return typeset(text, lang, QuoteState())


def render_article(article: Article, edition_folder: Path) -> ArticleHTML:
    """Render one article's body; raises SourceError on anything the house rules refuse."""
    env: dict = {}
    tokens = _PARSER.parse(article.body, env)
    if len(tokens) > MAX_BLOCKS:
        raise SourceError(
            f"the article has {len(tokens)} Markdown blocks, more than the {MAX_BLOCKS} a bulletin article may have",
            article.path,
        )
    renderer = _ArticleRenderer(article, edition_folder)
    renderer.check_footnotes(tokens, env)
    renderer.check_tables(tokens)
    renderer.check_elements(tokens)
    tokens = renderer.take_footnotes(tokens)
    renderer.check_and_typeset(tokens)
    html = renderer.render(tokens)
    return ArticleHTML(article, html, tuple(renderer.images), "".join(renderer.opener),
                       tuple(renderer.placements))


class _ArticleRenderer:
    def __init__(self, article: Article, edition_folder: Path) -> None:
        self.article = article
        self.edition_folder = edition_folder
        self.images: list[Path] = []
        self.footnotes: dict[int, str] = {}
        self.opener: list[str] = []
        self.placements: list[tuple[Path, str, int | None]] = []

    def _line(self, token: Token | None) -> int | None:
        if token is not None and token.map:
            return token.map[0] + self.article.body_line
        return None

    def _error(self, message: str, token: Token | None) -> SourceError:
        return SourceError(message, self.article.path, self._line(token))

    def _line_of(self, token: Token, offset: int) -> int | None:
        """The file line of ``offset`` in an inline token's content."""
        line = self._line(token)
        return None if line is None else line + token.content.count("\n", 0, offset)

    # -- mistakes Markdown would print silently
    def check_footnotes(self, tokens: list[Token], env: dict) -> None:
        """A reference without a definition would print as "[^1]"; a definition without one would vanish."""
        for token in tokens:
            if token.type != "inline":
                continue
            for child in token.children or []:
                if child.type == "text" and (found := _FOOTNOTE_CALL.search(child.content)):
                    where = token.content.find(found.group())
                    raise SourceError(
                        f"footnote {found.group()} has no definition: add '{found.group()}: …' at the end "
                        "of the article", self.article.path, self._line_of(token, max(where, 0)),
                    )
        for label, number in env.get("footnotes", {}).get("refs", {}).items():
            if number == -1:  # defined, never referred to
                name = label[1:]
                definition = re.search(rf"^ {{0,3}}\[\^{re.escape(name)}\]:", self.article.body, re.MULTILINE)
                line = (self.article.body_line + self.article.body.count("\n", 0, definition.start())
                        if definition else None)
                raise SourceError(f"footnote [^{name}] is defined but never referred to: put [^{name}] where the "
                                  "note belongs, or remove the definition", self.article.path, line)

    def check_tables(self, tokens: list[Token]) -> None:
        """Every row has the header's number of cells; pipes without a separator row are not a table."""
        lines = self.article.body.split("\n")
        header_cells, in_body = 0, False
        for index, token in enumerate(tokens):
            if token.type == "thead_open":
                header_cells = _cells_until(tokens, index, "thead_close", "th_open")
            elif token.type in ("tbody_open", "tbody_close"):
                in_body = token.type == "tbody_open"
            elif token.type == "tr_open" and in_body and token.map:
                cells = _source_cells(lines[token.map[0]])
                if header_cells and cells != header_cells:
                    more = "more" if cells > header_cells else "fewer"
                    raise SourceError(
                        f"this table row has {cells} cell{'s' if cells != 1 else ''}, {more} than the header's "
                        f"{header_cells}: "
                        + ("the extra cells would be lost" if cells > header_cells else "add the missing cells"),
                        self.article.path, token.map[0] + self.article.body_line,
                    )
            elif token.type == "inline" and _looks_like_a_table(token.content):
                raise SourceError(
                    "this looks like a table but has no separator row under its header (|---|---|): "
                    "without it the pipes are printed as text", self.article.path, self._line(token),
                )

    # -- the elements: ::: blocks
    def check_elements(self, tokens: list[Token]) -> None:
        """Names, closing, nesting and content of the ``:::`` blocks; pull quotes against the text."""
        blocks = element_blocks(tokens, self._error)
        first = next((i for i, t in enumerate(tokens) if t.nesting >= 0 and t.type != "inline"), None)
        for block in blocks:
            check_block(block, self._error, block.start == first, bool(self.article.section))
            for token in block.inner:
                token.meta["inside"] = block.name
        check_pull_quotes(tokens, blocks, self._error)

    # -- footnotes: lifted out of the trailing block, rendered at their reference
    def take_footnotes(self, tokens: list[Token]) -> list[Token]:
        if not any(t.type == "footnote_block_open" for t in tokens):
            return tokens
        start = next(i for i, t in enumerate(tokens) if t.type == "footnote_block_open")
        end = max(i for i, t in enumerate(tokens) if t.type == "footnote_block_close")
        current: int | None = None
        parts: list[Token] = []
        for token in tokens[start + 1 : end]:
            if token.type == "footnote_open":
                current, parts = token.meta["id"], []
            elif token.type == "footnote_close":
                assert current is not None
                self.check_and_typeset(parts)
                inline = [p for p in parts if p.type == "inline"]
                self.footnotes[current] = " ".join(self._render_inline(p.children or []) for p in inline)
            else:
                parts.append(token)
        return tokens[:start] + tokens[end + 1 :]

    # -- checks and typography on the token stream
    def check_and_typeset(self, tokens: Sequence[Token]) -> None:
        lang = self.article.lang
        for token in tokens:
            if token.type in ("html_block", "html_inline"):
                raise self._error("raw HTML is not allowed in articles; write it in Markdown", token)
            if token.type == "heading_open" and token.tag == "h1":
                raise self._error("'#' is the article title (from the front matter); use '##' for a subheading", token)
            if token.type == "heading_open" and token.tag in ("h5", "h6"):
                raise self._error("headings go three levels deep at most ('##' to '####')", token)
            if token.type != "inline":
                continue
            state = QuoteState()
            before = ""
            children = token.children or []
            for child in children:
                if child.type == "html_inline":
                    raise self._error("raw HTML is not allowed in articles; write it in Markdown", token)
                if child.type == "text":
                    child.content = typeset(child.content, lang, state, before)
                    before = child.content[-1:] or before
                elif child.type == "code_inline":
                    before = child.content[-1:] or before
                elif child.type in ("softbreak", "hardbreak"):
                    before = " "
                if child.type in ALLOWED_ATTRIBUTES or child.attrs:
                    self._check_attributes(child, token)
                if child.type == "link_open":
                    href = child.attrGet("href") or ""
                    if not LINK_SCHEMES.match(str(href)):
                        raise self._error(
                            f"link {href!r}: only http(s):, mailto: and #anchors may be linked", token
                        )
                elif child.type == "image":
                    self._check_figure(token, children, child)

    def _check_attributes(self, child: Token, inline: Token) -> None:
        """Only ``{lang=xx}`` on a [passage] and ``{.decorative}`` on an image; nothing else reaches the HTML."""
        allowed = ALLOWED_ATTRIBUTES.get(child.type, set())
        extra = sorted(set(child.attrs) - allowed)
        if extra:
            raise self._error(
                f"attribute {extra[0]!r} is not allowed here: write [text]{{lang=az}} for a passage in another "
                "language, {.decorative} after an image that carries no meaning", inline)
        if child.type == "span_open":
            lang = str(child.attrGet("lang") or "")
            if not LANGUAGE_TAG.match(lang):
                raise self._error(f"[…]{{lang={lang}}}: write a language code such as az, ru, en or es", inline)
        if child.type == "image":
            classes = str(child.attrGet("class") or "").split()
            unknown = [name for name in classes if name not in IMAGE_CLASSES]
            if unknown or len([name for name in classes if name in PLACEMENTS]) > 1:
                raise self._error(
                    f"an image takes {{.decorative}}, {{.whole}} and one of "
                    f"{', '.join('{.' + p + '}' for p in PLACEMENTS)}"
                    + (f", not {{.{unknown[0]}}}" if unknown else ""), inline)
            credit = child.attrGet("credit")
            if credit is not None and not str(credit).strip():
                raise self._error('credit="…" is empty: name the photographer or the source, or leave it out',
                                  inline)

    def _check_figure(self, inline: Token, children: list[Token], image: Token) -> None:
        others = [c for c in children if c is not image and not (c.type == "text" and not c.content.strip())]
        if others:
            raise self._error(
                "an image must stand alone in its paragraph: it becomes a figure, its alt text the caption", inline
            )
        for part in image.children or []:
            if part.type == "html_inline":
                raise self._error("raw HTML is not allowed in articles, captions included; write it in Markdown",
                                  inline)
            if part.type not in CAPTION_TOKENS:
                what = {"link_open": "a link", "image": "an image", "footnote_ref": "a footnote"}.get(
                    part.type, part.type.replace("_open", ""))
                raise self._error(
                    f"a caption is plain text (emphasis and code allowed); it cannot hold {what}", inline
                )
        decorative = "decorative" in str(image.attrGet("class") or "").split()
        if not image.content.strip() and not decorative:
            raise self._error(
                "the image has no description: write what it shows between the brackets, "
                "![description](../images/x.png \"caption\"), or mark it ![](…){.decorative}", inline)
        src = str(image.attrGet("src") or "")
        path = resolve_image(self.edition_folder, self.article.path.parent, src, self.article.path, self._line(inline))
        relative = path.relative_to((self.edition_folder / "images").resolve())
        image.attrSet("src", virtual_url("images", relative))
        caption_state = QuoteState()
        before = ""
        for part in image.children or []:
            if part.type == "text":
                part.content = typeset(part.content, self.article.lang, caption_state, before)
                before = part.content[-1:] or before
        image.meta["figure"] = True
        self.images.append(path)
        placement = next((name for name in str(image.attrGet("class") or "").split() if name in PLACEMENTS), "")
        inside = inline.meta.get("inside")
        if placement and inside:
            raise self._error(f"{{.{placement}}} places a picture in the article's body, not inside a "
                              f"'::: {inside}' block", inline)
        if placement:
            self.placements.append((path, placement, self._line(inline)))

    # -- rendering
    def render(self, tokens: list[Token]) -> str:
        body: list[str] = []
        out = body
        skip_paragraph_close = False
        for i, token in enumerate(tokens):
            if token.hidden or token.meta.get("skip"):  # paragraphs of tight list items, a table's source line
                continue
            if token.type in (OPEN, CLOSE):
                if token.meta.get("element") == "opener":
                    out = self.opener if token.type == OPEN else body
                else:
                    out.append(self._element(token))
                continue
            if token.type == "paragraph_open" and _is_figure(tokens, i):
                skip_paragraph_close = True
                continue
            if token.type == "paragraph_close" and skip_paragraph_close:
                skip_paragraph_close = False
                continue
            if token.type == "inline":
                rendered = self._render_inline(token.children or [])
                if i and tokens[i - 1].type == "heading_open":
                    rendered = keep_last_words(rendered)
                out.append(rendered)
            elif token.type == "table_open":
                # The wrapper spans both columns (WeasyPrint ignores column-span on tables).
                caption = token.meta.get("caption")
                out.append((BODY_BREAK_OPEN if _spans(token) else "") + '<div class="table"><table>\n' + (
                    f"<caption>{escape(typeset_plain(caption, self.article.lang), quote=False)}</caption>\n"
                    if caption else ""))
                numeric = _numeric_columns(tokens, i)
                column = 0
            elif token.type == "tr_open":
                column = 0
                out.append("<tr>")
            elif token.type == "table_close":
                source = token.meta.get("source")
                out.append("</table>" + (f'<p class="table-source">{self._render_inline(source.children or [])}</p>'
                                         if source is not None else "") + "</div>\n"
                           + (BODY_BREAK_CLOSE if _spans(token) else ""))
            elif token.type == "paragraph_open" and "speaker" in token.meta:
                out.append(f'<p class="{token.meta["turn"]}" data-speaker="{escape(token.meta["speaker"])}">')
            elif token.type in ("th_open", "td_open"):
                style = token.attrGet("style") or ""
                align = re.search(r"text-align:(\w+)", str(style))
                # figures line up on the right (and in tabular digits) unless the column says otherwise
                classes = [f"align-{align.group(1)}"] if align else (["numeric"] if column in numeric else [])
                column += 1
                cls = f' class="{" ".join(classes)}"' if classes else ""
                out.append(f"<{token.tag}{cls}>")
            elif token.type == "fence" or token.type == "code_block":
                out.append(f"<pre><code>{escape(token.content)}</code></pre>\n")
            elif token.type == "hr":
                out.append('<hr>\n')
            elif token.nesting == 1:
                out.append(f"<{token.tag}>")
            elif token.nesting == -1:
                out.append(f"</{token.tag}>\n")
        return "".join(body)

    def _element(self, token: Token) -> str:
        """The opening or closing tag of an element (see text/elements.py for what each holds)."""
        name = token.meta["element"]
        if token.type == CLOSE:
            if name == "gallery":
                return "</div>\n" + BODY_BREAK_CLOSE
            return "</aside>\n" if name in ("factbox", "pullquote") else ("</div>\n" if name == "interview" else "")
        if name == "factbox":
            title = escape(typeset_plain(token.info.strip().partition(" ")[2], self.article.lang), quote=False)
            return f'<aside class="factbox"><h2 class="factbox-title">{title}</h2>\n'
        if name == "pullquote":
            # drawn as an artifact: a screen reader meets these words once, in the text they come from
            return '<aside class="pullquote">\n'
        if name == "interview":
            return '<div class="interview">\n'
        if name == "gallery":
            count = token.meta.get("pictures", 0)
            return BODY_BREAK_OPEN + f'<div class="gallery gallery-{count}">\n'
        return ""  # table: its caption and source line are set with the table

    def _figure(self, image: Token) -> str:
        """A figure: the image with its description as alt text, and its caption.

        ``![description](x.png "caption")`` gives both; without a title the
        description is printed as the caption too (the older form, still accepted).
        A ``{.decorative}`` image has no alt text and is drawn as an artifact.
        """
        src = escape(str(image.attrGet("src")))
        title = str(image.attrGet("title") or "")
        lang = self.article.lang
        caption = (escape(typeset_plain(title, lang), quote=False) if title
                   else self._render_inline(image.children or []))
        credit = str(image.attrGet("credit") or "").strip()
        if credit:
            # a line of its own, by a break rather than a block: a block inside the caption would make
            # WeasyPrint tag the caption's text as a second Caption inside the first
            caption += f'<br><span class="credit">{escape(typeset_plain(credit, lang), quote=False)}</span>'
        classes = str(image.attrGet("class") or "").split()
        placement = next((name for name in classes if name in PLACEMENTS), "")
        decorative = "decorative" in classes
        figure_class = " ".join(([placement] if placement else []) + (["decorative"] if decorative else []))
        opening = f'<figure class="{figure_class}">' if figure_class else "<figure>"
        whole = ' class="whole"' if "whole" in classes else ""
        if decorative:
            img_class = ' class="decorative whole"' if whole else ' class="decorative"'
            html = f'{opening}<img{img_class} src="{src}" alt="">' + (
                f"<figcaption>{caption}</figcaption></figure>\n" if caption else "</figure>\n")
        else:
            html = (f'{opening}<img{whole} src="{src}" alt="{escape(image.content)}">'
                    f"<figcaption>{caption}</figcaption></figure>\n")
        return BODY_BREAK.format(figure=html) if placement else html

    def _render_inline(self, children: list[Token]) -> str:
        out: list[str] = []
        for child in children:
            kind = child.type
            if kind == "text":
                out.append(escape(child.content, quote=False))
            elif kind == "code_inline":
                out.append(f"<code>{escape(child.content)}</code>")
            elif kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("<br>\n")
            elif kind == "link_open":
                out.append(f'<a href="{escape(str(child.attrGet("href")))}">')
            elif kind == "link_close":
                out.append("</a>")
            elif kind == "strong_open" and child.meta.get("speaker"):
                out.append('<strong class="speaker">')
            elif kind in ("em_open", "strong_open", "s_open"):
                out.append(f"<{child.tag}>")
            elif kind in ("em_close", "strong_close", "s_close"):
                out.append(f"</{child.tag}>")
            elif kind == "span_open":
                out.append(f'<span lang="{escape(str(child.attrGet("lang")))}">')
            elif kind == "span_close":
                out.append("</span>")
            elif kind == "image":
                out.append(self._figure(child))
            elif kind == "footnote_ref":
                note = self.footnotes.get(child.meta["id"], "")
                out.append(f'<span class="footnote">{note}</span>')
        return "".join(out)


_FOOTNOTE_CALL = re.compile(r"\[\^[^\]\s]+\]")


def _cells_until(tokens: list[Token], start: int, end: str, cell: str) -> int:
    count = 0
    for token in tokens[start:]:
        if token.type == end:
            break
        count += token.type == cell
    return count


def _source_cells(row: str) -> int:
    """Cells of a pipe-table row as written (escaped pipes and pipes in code are not separators)."""
    text = row.replace("\\|", "x").strip()  # GFM: only an escaped pipe is not a separator, even in code
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return text.count("|") + 1


NUMERIC_CELL = re.compile(r"^[\s~≈<>±+\-−–—]*[\d][\d\s.,\u00a0\u202f%‰₼$€–—\-−/]*(?:\s*\S{0,4})?$")


def _numeric_columns(tokens: list[Token], start: int) -> set[int]:
    """The columns of the table opening at ``tokens[start]`` whose body cells are all figures (or empty)."""
    cells: dict[int, list[str]] = {}
    column, in_body = 0, False
    for token in tokens[start + 1:]:
        if token.type == "table_close":
            break
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            column = 0
        elif token.type == "td_open":
            column += 1
        elif token.type == "inline" and in_body:
            cells.setdefault(column - 1, []).append(token.content.strip())
    return {index for index, texts in cells.items()
            if any(texts) and all(not text or NUMERIC_CELL.match(text) for text in texts)}


def _looks_like_a_table(content: str) -> bool:
    rows = content.split("\n")
    return len(rows) >= 2 and all(row.strip().startswith("|") and row.strip().endswith("|") for row in rows)


def _spans(table: Token) -> bool:
    """A table in the body (or its own ``::: table``) spans both columns; one in a fact box or a list does not."""
    inside = table.meta.get("inside")
    return (inside is None and table.level == 0) or (inside == "table" and table.level == 1)


def _is_figure(tokens: list[Token], index: int) -> bool:
    inline = tokens[index + 1] if index + 1 < len(tokens) else None
    return bool(
        inline is not None
        and inline.type == "inline"
        and any(c.type == "image" and c.meta.get("figure") for c in inline.children or [])
    )
