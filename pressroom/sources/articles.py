"""Articles (``issues/<ID>/<lang>/<NN>-<slug>.md``) and the image references they make."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..config.yamlfile import check_keys, parse_yaml
from ..errors import Problems, SourceError
from ..structure.edition import ARTICLE_STATUSES, Article
from .bounds import check_bounds
from .reading import admit, admit_folder, file_name, read_text

ARTICLE_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg"}
FRONT_MATTER_KEYS = {"title", "short_title", "section", "summary", "author", "author_role", "status",
                     "translated_from"}
TEXT_KEYS = ("title", "short_title", "section", "summary", "author", "author_role")
# What ``pressroom new`` writes into a stub, in each language's own words: the title's prefix and
# the body. Text that still holds either is a stub, whatever its status says.
STUB_WORDS = {
    "az": ("HAZIRLANIR: ", "HAZIRLANIR: bu məqaləni yazın. Fayl adını dəyişməyin: hər dildə eyni məqalədir."),
    "ru": ("ЗАГОТОВКА: ", "ЗАГОТОВКА: напишите эту статью. Не меняйте имя файла: оно одно для всех языков."),
    "en": ("TODO: ", "TODO: write this article. Keep the file name: it is the same article in every language."),
    "es": ("PENDIENTE: ", "PENDIENTE: escriba este artículo. No cambie el nombre del archivo: es el mismo en "
                          "todos los idiomas."),
}


def resolve_image(folder: Path, base: Path, reference: str, source: Path, line: int | None) -> Path:
    """Resolve an image reference written in ``source`` relative to ``base``.

    Only files inside the edition's ``images/`` folder (``folder`` is the
    edition's folder) are accepted: no URLs, no absolute paths, nothing that
    escapes through ``..`` or a symbolic link. A reference that misses gets a
    hint: what was looked for, relative to what, and the nearest existing name.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", reference) or reference.startswith("//"):
        raise SourceError(f"image {reference!r}: URLs are not allowed; put the file in images/", source, line)
    if reference.startswith("/") or reference.startswith("\\"):
        raise SourceError(
            f"image {reference!r}: absolute paths are not allowed; use a path relative to the file", source, line
        )
    root = folder.parent.parent  # the contract: <root>/issues/<ID>
    written = unquote(reference)  # Markdown keeps spaces and letters such as ə percent-encoded
    images = _images_folder(folder, root, source, line)
    if len(written) > 1024 or any(len(part) > 255 for part in Path(written).parts):
        raise SourceError(f"image path of {len(written)} characters is too long for a file name", source, line)
    target = Path(os.path.normpath(base / written))
    if not target.is_relative_to(folder / "images"):
        raise SourceError(
            f"image {reference!r} is outside the edition's images/ folder "
            f"(paths are relative to {_shown(base, root)}/; write ../images/NAME)", source, line,
        )
    if not target.exists() and not target.is_symlink():
        raise SourceError(_not_found(reference, target, folder / "images", base, root), source, line)
    try:
        real = admit(target, root, "image")
    except SourceError as exc:
        raise SourceError(f"image {reference!r} {exc.message}", source, line) from None
    if not real.is_relative_to(images):
        raise SourceError(f"image {reference!r} is a link to a file outside the edition's images/ folder", source, line)
    if real.suffix.lower() not in IMAGE_SUFFIXES:
        raise SourceError(f"image {reference!r}: use PNG or JPEG files (or SVG for charts and maps)", source, line)
    return real


def _images_folder(folder: Path, root: Path, source: Path, line: int | None) -> Path:
    try:
        return admit_folder(folder / "images", root)
    except SourceError as exc:
        raise SourceError(f"the edition's images/ folder {exc.message}", source, line) from None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _not_found(reference: str, target: Path, images: Path, base: Path, root: Path) -> str:
    message = f"image {reference!r} not found (looked for {_shown(target, root)}, relative to {_shown(base, root)}/)"
    names = sorted(path.relative_to(images).as_posix() for path in images.rglob("*") if path.is_file())
    wanted = target.relative_to(images).as_posix()
    same_case = [name for name in names if name.lower() == wanted.lower()]
    if same_case:
        return message + f"; the file is {same_case[0]!r}: names are case-sensitive"
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    return message + (f"; did you mean {'../images/' + close[0]!r}?" if close else "")


def load_articles(root: Path, folder: Path, lang: str, warnings: list[str],
                  problems: Problems) -> tuple[list[Article], set[str]]:
    """The language's articles that load, and the keys of those that do not (their problems go to ``problems``)."""
    lang_folder = folder / lang
    if not lang_folder.is_dir():
        raise SourceError(f"no folder for language {lang!r}: expected issues/{folder.name}/{lang}/", folder / lang)
    admit_folder(lang_folder, root)
    articles: list[Article] = []
    broken: set[str] = set()
    for path in sorted(lang_folder.iterdir()):
        known = len(problems.errors)
        with problems.collecting():  # every article's first problem, not just the first article's
            article = _load_listed(root, path, lang, warnings)
            if article is not None:
                articles.append(article)
        if len(problems.errors) > known:
            broken.add(path.stem)
    if not articles and not broken:
        raise SourceError(f"no articles in {lang}/ (expected files named NN-slug.md)", lang_folder)
    return articles, broken


def _load_listed(root: Path, path: Path, lang: str, warnings: list[str]) -> Article | None:
    """The article at ``path`` found in a language folder; None for what is not an article."""
    name = file_name(path)
    if name.startswith("."):
        return None  # editors' and the system's hidden files
    if path.suffix.lower() == ".md" and path.suffix != ".md":
        raise SourceError(f"article files end in .md (lower case); rename it to {path.stem}.md", path)
    if path.suffix != ".md" or path.is_dir():
        warnings.append(f"{_shown(path, root)}: ignored, not an article (only NN-slug.md files belong in a "
                        "language folder)")
        return None
    if not ARTICLE_FILE.match(name):
        raise SourceError(
            "article files are named NN-slug.md (two digits, then lower-case words joined by hyphens)", path
        )
    return load_article(root, path, lang, warnings)


def load_article(root: Path, path: Path, lang: str, warnings: list[str]) -> Article:
    match = ARTICLE_FILE.match(path.name)
    if match is None:
        raise SourceError("article files are named NN-slug.md", path)
    text, read_warnings = read_text(path, root)
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
    for key, value in ((key, fields[key]) for key in TEXT_KEYS):
        if re.search(r"\[\^[^\]\s]+\]", value):
            raise doc.error(f"a footnote cannot be set in the {key}: put the note's call in the text", key)
        if re.search(r"\[[^\]]*\]\([^)]*\)", value):
            raise doc.error(f"a link cannot be set in the {key}: it is plain text; put the link in the text", key)
    if not fields["title"]:
        raise doc.error("the article has no title (add 'title: …' to the front matter)", "title")
    if fields["author_role"] and not fields["author"]:
        raise doc.error("author_role is the role of the author: give the author too", "author_role")
    if len(fields["short_title"]) > len(fields["title"]):
        raise doc.error("short_title is longer than the title: it stands in for the title where space is short",
                        "short_title")
    status = fields["status"] or "approved"
    if status not in ARTICLE_STATUSES:
        raise doc.error(f"status {status!r} is not one of {', '.join(ARTICLE_STATUSES)}", "status")
    body_line = text.count("\n", 0, end + 5) + 1
    body = text[end + 5 :]
    if not body.strip():
        raise SourceError("the article has a title but no text", path, body_line)
    check_bounds(body, path, body_line)
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
        status=status,
        stub=any(fields["title"].startswith(prefix) or placeholder in body
                 for prefix, placeholder in STUB_WORDS.values()),
        translated_from=fields["translated_from"],
        short_title=fields["short_title"],
        author_role=fields["author_role"],
    )


@dataclass(frozen=True)
class TranslationGap:
    """An article some languages lack."""

    key: str
    missing: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.key}: missing in {', '.join(self.missing)}"


def translation_gaps(keys: dict[str, set[str]]) -> list[TranslationGap]:
    """Every article some language lacks, with the languages that lack it ("03-roads: missing in az, es")."""
    every = set().union(*keys.values())
    gaps = [TranslationGap(key, tuple(lang for lang in keys if key not in keys[lang])) for key in sorted(every)]
    return [gap for gap in gaps if gap.missing]
