"""The bulletin's elements beyond paragraphs: fenced ``::: name`` blocks, checked before rendering.

Each element is a fenced block a translator keeps as it is and translates inside::

    ::: factbox Title of the box      a titled, shaded box (text and lists)
    ::: pullquote                     one paragraph quoted from the article's own text
    ::: interview                     paragraphs that start with **Speaker:**; the first speaker asks
    ::: gallery                       two to four pictures in a grid
    ::: table Caption of the table    one pipe table, then optionally its source line
    ::: opener                        the section opener: a picture and a few lines, first in the article

Mistakes are errors at the block's line: an unknown name (with the nearest
known one), a block never closed, a block inside another, a box without a
title, a pull quote the article does not contain, and so on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.token import Token

from ..errors import SourceError

ELEMENTS = ("factbox", "pullquote", "interview", "gallery", "table", "opener")
# Where a picture may stand, written as a class on the image: ![…](x.png "caption"){.wide}
PLACEMENTS = ("wide", "full-page", "full-bleed")
OPEN, CLOSE = "container_element_open", "container_element_close"
GALLERY_SIZES = range(2, 5)
SPEAKER = re.compile(r"^\s*(?P<name>[^:]{1,80}?)\s*:\s*$")

ErrorAt = Callable[[str, Token | None], SourceError]


@dataclass
class Block:
    """One element as written: its name, its title (the rest of the fence line) and its tokens."""

    name: str
    title: str
    start: int  # index of the opening token
    end: int  # index of the closing token
    tokens: list[Token]

    @property
    def opening(self) -> Token:
        return self.tokens[0]

    @property
    def inner(self) -> list[Token]:
        return self.tokens[1:-1]


def element_blocks(tokens: list[Token], error: ErrorAt) -> list[Block]:
    """Every ``:::`` block of the article, checked for its name, closing and nesting."""
    blocks: list[Block] = []
    open_at: int | None = None
    for index, token in enumerate(tokens):
        if token.type == OPEN:
            if open_at is not None:
                raise error("an element cannot hold another element: close the first with ':::' before "
                            "opening the next", token)
            open_at = index
        elif token.type == CLOSE:
            assert open_at is not None
            opening = tokens[open_at]
            name, _, title = opening.info.strip().partition(" ")
            if name not in ELEMENTS:
                close = difflib.get_close_matches(name, ELEMENTS, n=1, cutoff=0.5)
                hint = f"; did you mean '::: {close[0]}'?" if close else f" (the elements are {', '.join(ELEMENTS)})"
                raise error(f"unknown element '::: {name}'{hint}" if name else
                            f"':::' needs the element's name, e.g. '::: factbox Title'{hint}", opening)
            if not token.markup:
                raise error(f"the '::: {name}' block that starts here is never closed: end it with a line ':::'",
                            opening)
            blocks.append(Block(name, title.strip(), open_at, index, tokens[open_at : index + 1]))
            open_at = None
    return blocks


def check_block(block: Block, error: ErrorAt, first_block: bool, has_section: bool) -> None:
    """The rules of one element's content; sets what rendering needs on its tokens' ``meta``."""
    inner = block.inner
    top = _top_level(inner)
    kinds = [token.type for token in top]
    block.opening.meta["element"] = block.name
    block.tokens[-1].meta["element"] = block.name
    if block.name != "table" and block.name != "factbox" and block.title:
        raise error(f"'::: {block.name}' takes no title after its name; put the text inside the block",
                    block.opening)
    if not top:
        raise error(f"the '::: {block.name}' block is empty", block.opening)
    if any(token.type == "heading_open" for token in inner):
        raise error(f"a '::: {block.name}' block cannot hold a heading"
                    + (": its title goes after the name, '::: factbox Title'" if block.name == "factbox" else ""),
                    next(token for token in inner if token.type == "heading_open"))
    figures = [token for token in top if token.type == "paragraph_open" and _is_picture(inner, token)]
    if block.name == "factbox":
        if not block.title:
            raise error("a fact box needs a title after its name: '::: factbox Figures at a glance'", block.opening)
        if figures:
            raise error("a fact box holds text, lists and tables, not pictures", figures[0])
        if any(kind not in ("paragraph_open", "bullet_list_open", "ordered_list_open", "table_open") for kind in kinds):
            raise error("a fact box holds paragraphs, lists and tables only", block.opening)
    elif block.name == "pullquote":
        if kinds != ["paragraph_open"] or figures:
            raise error("a pull quote is one paragraph of text, quoted from the article", block.opening)
    elif block.name == "interview":
        _check_interview(inner, top, error, block.opening)
    elif block.name == "gallery":
        if len(figures) != len(top) or len(top) not in GALLERY_SIZES:
            raise error(f"a gallery holds two to four pictures, each alone in its paragraph (this one has "
                        f"{len(figures)} picture(s) and {len(top) - len(figures)} other block(s))", block.opening)
        block.opening.meta["pictures"] = len(figures)
    elif block.name == "table":
        if not block.title:
            raise error("a table needs its caption after the name: '::: table Roads under construction, 2024'",
                        block.opening)
        if kinds not in (["table_open"], ["table_open", "paragraph_open"]) or figures:
            raise error("'::: table' holds one pipe table, then optionally one paragraph: its source line",
                        block.opening)
        table_open = top[0]
        table_open.meta["caption"] = block.title
        if len(top) == 2:
            source = inner.index(top[1])
            close = next(t for t in inner if t.type == "table_close")
            close.meta["source"] = inner[source + 1]
            for token in inner[source : source + 3]:
                token.meta["skip"] = True
    elif block.name == "opener":
        if not first_block:
            raise error("'::: opener' opens the article: put it before the article's first paragraph",
                        block.opening)
        if not has_section:
            raise error("a section opener needs the article's section (section: … in the front matter)",
                        block.opening)
        if len(figures) > 1 or len(figures) == len(top):
            raise error("a section opener holds at most one picture and at least one paragraph of text",
                        block.opening)


def _top_level(inner: list[Token]) -> list[Token]:
    """The opening tokens of the blocks directly inside an element."""
    found, depth = [], 0
    for token in inner:
        if depth == 0 and token.nesting in (0, 1) and token.type != "inline":
            found.append(token)
        depth += token.nesting
    return found


def _is_picture(inner: list[Token], paragraph: Token) -> bool:
    inline = inner[inner.index(paragraph) + 1]
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(children) == 1 and children[0].type == "image"


def _check_interview(inner: list[Token], top: list[Token], error: ErrorAt, opening: Token) -> None:
    """Every paragraph starts with its speaker in bold, ``**Name:**``; the first speaker is the one who asks."""
    interviewer = None
    speakers = set()
    for token in top:
        if token.type != "paragraph_open":
            raise error("an interview holds paragraphs only, each starting with its speaker: **Name:** …", token)
        inline = inner[inner.index(token) + 1]
        children = [child for child in inline.children or [] if not (child.type == "text" and not child.content)]
        name = _speaker(children)
        if name is None:
            raise error("each paragraph of an interview starts with its speaker in bold, followed by a colon: "
                        "**Name:** what they said", token)
        interviewer = interviewer or name
        speakers.add(name)
        token.meta["speaker"] = name
        token.meta["turn"] = "question" if name == interviewer else "answer"
        children[0].meta["speaker"] = True  # the **…** around the name
    if len(speakers) < 2:
        raise error("an interview needs at least two speakers: the one who asks (first) and the one who answers",
                    opening)


def _speaker(children: list[Token]) -> str | None:
    if len(children) < 4 or children[0].type != "strong_open" or children[2].type != "strong_close":
        return None
    if children[1].type != "text":
        return None
    inside = children[1].content
    after = children[3].content if children[3].type == "text" else ""
    if inside.rstrip().endswith(":"):
        found = SPEAKER.match(inside)
    elif after.startswith(":"):
        found = SPEAKER.match(inside + ":")
        children[3].content = after[1:]
        children[1].content = inside + ":"
    else:
        return None
    return found.group("name") if found else None


# -- pull quotes: the quoted words must be the article's own -------------------------

_SPACE = re.compile(r"\s+")
_EDGES = "\"'“”„«»‘’‚‹›.,;:!?…—–- "


def plain_text(inline: Token) -> str:
    """The words of an inline token as written (markup left out), for comparing texts."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


_QUOTES = str.maketrans("", "", "\"“”„«»‘’‚‹›")


def normalised(text: str) -> str:
    """For comparing: spaces collapsed, quotation marks left out (a pull quote may drop them), case folded."""
    return _SPACE.sub(" ", text.replace("--", "–").translate(_QUOTES)).strip().strip(_EDGES).casefold()


def check_pull_quotes(tokens: list[Token], blocks: list[Block], error: ErrorAt) -> None:
    """Each pull quote's words must occur in the article's text outside the pull quotes."""
    quoted = {id(token) for block in blocks if block.name == "pullquote" for token in block.tokens}
    text = normalised(" ¶ ".join(plain_text(token) for token in tokens
                                 if token.type == "inline" and id(token) not in quoted))
    for block in blocks:
        if block.name != "pullquote":
            continue
        inline = next(token for token in block.inner if token.type == "inline")
        if any(child.type not in ("text", "softbreak", "em_open", "em_close") for child in inline.children or []):
            raise error("a pull quote is plain text (emphasis allowed): no links, notes, code or pictures", inline)
        words = normalised(plain_text(inline))
        if not words or words not in text:
            raise error("the pull quote is not in the article's text: quote the article's own words, "
                        "exactly (a pull quote repeats a sentence; it adds nothing new)", block.opening)
