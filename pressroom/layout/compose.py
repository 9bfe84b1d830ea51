"""Compose one HTML document per language from the rendered articles (Jinja2).

The HTML is the same for every variant: print, archive and screen differ only in
style sheets and renderer options (see :mod:`pressroom.render`), so an edition's
language is composed once however many variants are built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import __version__
from ..config.imprint import IMPRINT_FIELDS
from ..config.yamlfile import parse_yaml
from ..errors import SourceError
from ..sources.reading import read_text
from ..structure.edition import Edition
from ..text.markdown import ArticleHTML, typeset_plain
from ..text.typography import RULES, keep_last_words, long_date
from .urls import virtual_url

TEMPLATE = "edition.html.j2"
_EMPTY_BODY = re.compile(r'<div class="body(?: continued)?">\s*</div>\s*')
LABEL_KEYS = ("contents", "imprint", "publisher", "published", "period", "edition", "language", "languages",
              "pages", "sample", *IMPRINT_FIELDS)


@dataclass(frozen=True)
class TocItem:
    anchor: str
    section: str
    title: str
    summary: str
    author: str
    html: Markup
    running_title: str = ""  # short_title, or the title: for the running heads and the contents
    author_role: str = ""
    opener: Markup = Markup("")  # the section opener, set on a page of its own before the title


class _GatedLoader(jinja2.BaseLoader):
    """Templates from ``styles/templates``, read through the reading gate like every other source."""

    def __init__(self, styles: Path) -> None:
        self.styles = styles

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, None]:
        if "/" in template.strip("/") or template.startswith("."):
            raise jinja2.TemplateNotFound(template)
        path = self.styles / "templates" / template
        if not path.exists() and not path.is_symlink():
            raise jinja2.TemplateNotFound(template)
        text, _ = read_text(path, self.styles.parent, kind="template")
        return text, str(path), None


@lru_cache(maxsize=4)
def template_environment(styles: Path) -> jinja2.Environment:
    """Jinja2 for the templates in ``styles/templates``: autoescaped, and strict about undefined names."""
    return jinja2.Environment(
        loader=_GatedLoader(styles),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def load_labels(styles: Path, lang: str) -> dict[str, str]:
    path = styles / "labels.yaml"
    text, _ = read_text(path, styles.parent, kind="yaml")
    doc = parse_yaml(text, path)
    labels = (doc.data or {}).get(lang) if isinstance(doc.data, dict) else None
    if not isinstance(labels, dict):
        raise SourceError(f"no labels for language {lang!r}", path)
    missing = [key for key in LABEL_KEYS if not isinstance(labels.get(key), str)]
    if missing:
        raise doc.error(f"labels for {lang!r} lack {', '.join(missing)}", lang)
    return labels


def compose(edition: Edition, lang: str, articles: list[ArticleHTML], styles: Path) -> str:
    """The complete HTML document of ``lang``'s edition."""
    publication = edition.publication
    language_edition = edition.editions[lang]
    cover_url = None
    if language_edition.cover is not None:
        cover_url = virtual_url("images", language_edition.cover.relative_to(edition.images_folder.resolve()))
    items = [
        TocItem(
            anchor=a.article.anchor,
            section=typeset_plain(a.article.section, lang),
            title=keep_last_words(typeset_plain(a.article.title, lang)),
            summary=typeset_plain(a.article.summary, lang),
            author=typeset_plain(a.article.author, lang),
            # Markdown output is built from escaped text by our renderer.
            html=Markup(a.html),
            running_title=typeset_plain(a.article.running_title, lang),
            author_role=typeset_plain(a.article.author_role, lang),
            opener=Markup(a.opener),
        )
        for a in articles
    ]
    context = {
        "lang": lang,
        "version": __version__,
        "edition_id": edition.id,
        "name": publication.name[lang],
        "subtitle": typeset_plain(publication.subtitle[lang], lang),
        "publisher": typeset_plain(publication.publisher[lang], lang),
        "rights": typeset_plain(publication.rights[lang], lang),
        "period": edition.period_label(lang),
        "published": long_date(language_edition.published, lang),
        # a full date-time with its zone: archives read XMP and Info dates as points in time
        "published_iso": f"{language_edition.published.isoformat()}T00:00:00Z",
        "note": typeset_plain(language_edition.note, lang),
        "language_name": RULES[lang].name,
        "all_languages": ", ".join(RULES[code].name for code in edition.languages),
        "keywords": ", ".join(dict.fromkeys(item.section for item in items if item.section)),
        "labels": load_labels(styles, lang),
        "cover_url": cover_url,
        "articles": items,
        # an ISSN is a code: no dashes or digit groups of the language's typography
        "imprint_lines": [(name, text if name.startswith("issn") else typeset_plain(text, lang))
                          for name, text in language_edition.imprint],
    }
    try:
        template = template_environment(styles).get_template(TEMPLATE)
        # A picture on a page of its own closes the article's two-column body and opens it again
        # (text/markdown.py): a body left empty, between two such pictures or after the last, would be a blank page.
        return _EMPTY_BODY.sub("", template.render(context))
    except jinja2.TemplateSyntaxError as exc:
        raise SourceError(
            f"template error: {exc.message}", Path(exc.filename or styles / "templates" / TEMPLATE), exc.lineno
        ) from None
    except jinja2.TemplateError as exc:
        raise SourceError(f"template error: {exc}", styles / "templates" / TEMPLATE) from None


def article_alone(html: str, anchor: str, first_page: int) -> tuple[str, int]:
    """A language's composed document cut to its article ``anchor``, numbered from ``first_page``: for a proof.

    Returns the HTML and how many lead pages stand before the article: the
    renderer opens a document on a right-hand page, so an article that opens on
    a left-hand (even) page follows one empty page, for its folios and running
    heads to be those of its place in the edition.
    """
    found = re.search(rf'<article id="{re.escape(anchor)}" class="article">.*?</article>', html, re.DOTALL)
    if found is None:
        raise ValueError(f"no article {anchor!r} in the document")
    lead = 1 if first_page % 2 == 0 else 0
    numbering = f"<style>@page :first {{ counter-reset: page {first_page - lead}; }}</style>\n</head>"
    head = html[: html.index("<body>")].replace("</head>", numbering, 1)
    return head + "<body>\n" + '<div class="proof-lead"></div>\n' * lead + found.group(0) + "\n</body>\n</html>\n", lead
