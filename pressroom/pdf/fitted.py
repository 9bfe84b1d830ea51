"""Fitted articles kept between builds: a changed article is fitted again, the others are not.

Fitting (:mod:`pressroom.layout.fitting`) changes an article's tree: a figure
moved, a heading's space, the text's tracking. Every article starts on a new
page, so what fitting decided for one article holds as long as the article's
HTML, the styles, fonts and images and the fitting rules are the same. The
render keeps each article's fitted tree, keyed by a digest of all that, in one
file per language and page geometry (``output/<ID>/.cache/fitted-*.json``; the
variants that differ only in colour share one, see ``build.cache``); the next
render takes an unchanged article's tree from it instead of laying the whole
document out again to fit it. A damaged or foreign file is ignored: the
articles are fitted anew.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import TreeBuilder, XMLParser, tostring

from ..files import write_atomically


@dataclass(frozen=True)
class FittedArticles:
    path: Path
    inputs: str  # digest of what shapes every article besides its own HTML: styles, fonts, images, rules

    def digest(self, article: Any) -> str:
        return hashlib.sha256((self.inputs + "\0" + serialized(article)).encode()).hexdigest()

    def load(self) -> dict[str, tuple[str, str]]:
        """Article id → (digest of the article as composed, its fitted tree as XML), if kept for these inputs."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("inputs") != self.inputs:
                return {}
            return {ident: (entry["digest"], entry["fitted"]) for ident, entry in data["articles"].items()
                    if isinstance(entry.get("digest"), str) and isinstance(entry.get("fitted"), str)}
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            return {}

    def warm(self) -> bool:
        """True if articles were kept for these inputs (a render can then fit only what changed)."""
        return bool(self.load())

    def save(self, articles: dict[str, tuple[str, Any]]) -> None:
        """Keep ``articles``: id → (digest of the article as composed, its fitted element)."""
        data = {"inputs": self.inputs,
                "articles": {ident: {"digest": digest, "fitted": serialized(element)}
                             for ident, (digest, element) in articles.items()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def serialized(element: Any) -> str:
    """An element of a parsed document as XML text, whole (text, attributes, children)."""
    return tostring(element, encoding="unicode")


def deserialized(text: str) -> Any:
    """The element :func:`serialized` wrote; None if the text is not one."""
    parser = XMLParser(target=TreeBuilder(insert_comments=True))
    try:
        parser.feed(text)
        return parser.close()
    except SyntaxError:
        return None
