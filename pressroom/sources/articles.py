"""Articles (``issues/<ID>/<lang>/<NN>-<slug>.md``) and the image references they make."""

from __future__ import annotations

import re
from pathlib import Path

from ..config.yamlfile import check_keys, parse_yaml
from ..errors import SourceError
from ..structure.edition import Article
from .reading import read_text

ARTICLE_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
FRONT_MATTER_KEYS = {"title", "section", "summary", "author"}


def resolve_image(folder: Path, base: Path, reference: str, source: Path, line: int | None) -> Path:
    """Resolve an image reference written in ``source`` relative to ``base``.

    Only files inside the edition's ``images/`` folder are accepted: no URLs, no
    absolute paths, nothing that escapes through ``..`` or a symbolic link.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", reference) or reference.startswith("//"):
        raise SourceError(f"image {reference!r}: URLs are not allowed; put the file in images/", source, line)
    if reference.startswith("/") or reference.startswith("\\"):
        raise SourceError(
            f"image {reference!r}: absolute paths are not allowed; use a path relative to the file", source, line
        )
    images = (folder / "images").resolve()
    target = (base / reference).resolve()
    if not target.is_relative_to(images):
        raise SourceError(f"image {reference!r} is outside the edition's images/ folder", source, line)
    if not target.is_file():
        shown = target.relative_to(folder.resolve().parent.parent)
        raise SourceError(f"image {reference!r} not found (looked for {shown})", source, line)
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        raise SourceError(f"image {reference!r}: use PNG or JPEG files", source, line)
    return target


def load_articles(folder: Path, lang: str, warnings: list[str]) -> list[Article]:
    lang_folder = folder / lang
    if not lang_folder.is_dir():
        raise SourceError(f"no folder for language {lang!r}: expected issues/{folder.name}/{lang}/", folder / lang)
    articles = []
    for path in sorted(lang_folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".md":
            continue
        if not ARTICLE_FILE.match(path.name):
            raise SourceError(
                "article files are named NN-slug.md (two digits, then lower-case words joined by hyphens)", path
            )
        articles.append(load_article(path, lang, warnings))
    if not articles:
        raise SourceError(f"no articles in {lang}/ (expected files named NN-slug.md)", lang_folder)
    return articles


def load_article(path: Path, lang: str, warnings: list[str]) -> Article:
    match = ARTICLE_FILE.match(path.name)
    if match is None:
        raise SourceError("article files are named NN-slug.md", path)
    text, read_warnings = read_text(path)
    warnings.extend(read_warnings)
    if not text.strip():
        raise SourceError("the article is empty", path)
    if not text.startswith("---\n"):
        raise SourceError(
            "an article starts with YAML front matter between two '---' lines (at least a title)", path, 1
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise SourceError("the front matter that starts on line 1 is never closed with a '---' line", path, 1)
    doc = parse_yaml(text[4 : end + 1], path, first_line=2)
    meta = doc.data
    if meta is None:
        raise SourceError("the front matter is empty; it needs at least a title", path, 2)
    if not isinstance(meta, dict):
        raise SourceError("the front matter must be a mapping (title: …)", path, 2)
    check_keys(doc, meta, FRONT_MATTER_KEYS)
    fields: dict[str, str] = {}
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise doc.error(f"{key} must be text", key)
        fields[key] = str(value).strip()
    if not fields["title"]:
        raise doc.error("the article has no title (add 'title: …' to the front matter)", "title")
    body_line = text.count("\n", 0, end + 5) + 1
    body = text[end + 5 :]
    if not body.strip():
        raise SourceError("the article has a title but no text", path, body_line)
    return Article(
        key=path.stem,
        number=int(match["number"]),
        slug=match["slug"],
        lang=lang,
        path=path,
        title=fields["title"],
        section=fields["section"],
        summary=fields["summary"],
        author=fields["author"],
        body=body,
        body_line=body_line,
    )


def translation_gaps(articles: dict[str, list[Article]]) -> list[str]:
    """"03-roads: missing in az, es" for every article some language lacks."""
    keys = {lang: {a.key for a in items} for lang, items in articles.items()}
    every = set().union(*keys.values())
    return [
        f"{key}: missing in {', '.join(lang for lang in keys if key not in keys[lang])}"
        for key in sorted(every)
        if any(key not in k for k in keys.values())
    ]
