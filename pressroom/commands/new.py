"""Start the next edition from the previous one: ``issues/<ID>/`` with its settings and article stubs.

What carries over and what does not:

- the ``languages`` list, if the previous edition set one (else the publication's apply);
- the cover image, copied into the new ``images/`` (a cover stays until it is replaced);
- the publication day of the month (the sample publishes on the 15th): July of the
  year for H1, January of the next year for H2;
- every article file name, in every language, as a stub whose title is
  ``TODO: <previous title>`` (in each language's own words: ``HAZIRLANIR:``,
  ``ЗАГОТОВКА:``, ``PENDIENTE:``), ``status: stub``, and the previous section, so the
  translations line up from the first day and ``pressroom status`` shows the work;
- never the ``note`` (it speaks about one edition) nor the per-language
  ``overrides`` of date or note; a commented template line stands in for the note.

The previous edition is the latest ``issues/<YYYY-Hn>/`` before the new ID (H1 of
a year follows H2 of the year before). Without one, the edition gets the
publication's languages, empty language folders and no articles: it will not
load until articles are added, which the report says.

Nothing existing is ever touched: the whole folder is made under a hidden
temporary name beside its place and renamed into place when complete, so a
failed scaffold leaves nothing behind and nobody sees half an edition.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..config.publication import load_publication
from ..config.yamlfile import parse_yaml
from ..errors import SourceError, UsageError
from ..files import PARTIAL_SUFFIX
from ..sources.articles import STUB_WORDS
from ..sources.edition import load_edition
from ..sources.reading import read_text
from ..structure.edition import Edition, EditionId

NOTE_TEMPLATE = "# note: A note for this edition's imprint page: one text, or per language {az: ..., en: ...}\n"
HALF_MONTHS = {1: ("January", "June", "July"), 2: ("July", "December", "January")}


@dataclass(frozen=True)
class ScaffoldReport:
    edition_id: str
    folder: Path  # issues/<ID>/
    previous: str | None  # the edition it was made from
    created: tuple[Path, ...]  # every file written, edition.yaml first
    notes: tuple[str, ...] = field(default=())  # what the editor should know next


def previous_edition(root: Path, edition_id: str) -> str | None:
    """The latest edition under ``issues/`` that comes before ``edition_id``, if any."""
    this = EditionId.parse(edition_id)
    issues = root / "issues"
    earlier = [
        found for found in (EditionId.match(path.name) for path in (issues.iterdir() if issues.is_dir() else ()))
        if found is not None and found < this and (issues / str(found) / "edition.yaml").is_file()
    ]
    return str(max(earlier)) if earlier else None


def new_edition(root: Path, edition_id: str) -> ScaffoldReport:
    """Create ``issues/<edition_id>/`` from the previous edition; refuses an ID that exists or is malformed."""
    key = EditionId.parse(edition_id)
    root = root.resolve()
    publication = load_publication(root)
    folder = root / "issues" / edition_id
    if folder.exists() or folder.is_symlink():
        raise UsageError(f"edition {edition_id} already exists: {folder} (pick another ID, or remove that folder)")

    previous_id = previous_edition(root, edition_id)
    previous = load_edition(root, previous_id, allow_missing=True) if previous_id else None
    settings = _previous_settings(previous) if previous else {}
    notes: list[str] = []

    languages = list(publication.languages)
    explicit_languages = None
    if "languages" in settings:
        # Languages the publication has since dropped would make the new edition invalid.
        kept = [lang for lang in settings["languages"] if lang in publication.languages]
        if kept:
            languages = explicit_languages = kept

    day = settings["published"].day if isinstance(settings.get("published"), date) else 1
    published = key.usual_publication.replace(day=day)

    files: dict[str, bytes] = {}  # path inside the new folder → contents
    copies: dict[str, Path] = {}  # path inside the new folder → file to copy
    cover = _cover(previous, settings.get("cover")) if previous else None
    if cover is not None:
        copies[cover[0]] = cover[1]
    override_covers: dict[str, str] = {}
    for lang, override in (settings.get("overrides") or {}).items():
        assert previous is not None  # settings are empty without a previous edition
        if lang in languages and isinstance(override, dict) and "cover" in override:
            found = _cover(previous, override["cover"])
            if found is not None:
                copies[found[0]] = found[1]
                override_covers[lang] = found[0]

    files["edition.yaml"] = _edition_yaml(edition_id, key, previous_id, published, explicit_languages,
                                          cover[0] if cover else None, override_covers).encode("utf-8")
    if previous is not None:
        for name, stubs in _stubs(previous, languages).items():
            for lang, text in stubs.items():
                files[f"{lang}/{name}"] = text.encode("utf-8")
    else:
        notes.append(f"no earlier edition to start from: add the articles as issues/{edition_id}/<lang>/NN-slug.md "
                     f"in every language ({', '.join(languages)})")
    if previous is not None and any(previous.editions[lang].note for lang in previous.languages):
        notes.append(f"the note of {previous_id} was not carried over (it speaks about that edition); "
                     "edition.yaml has a template line for this one's")

    created = _create_folder(folder, files, copies, languages)
    articles = len({name.split("/", 1)[1] for name in files if "/" in name})
    if articles:
        notes.append(f"{articles} article(s) × {len(languages)} language(s) as stubs (status: stub) "
                     f"(pressroom status {edition_id} lists them)")
    return ScaffoldReport(edition_id, folder, previous_id, created, tuple(notes))


def _previous_settings(previous: Edition) -> dict[str, Any]:
    """The previous edition.yaml as written (load_edition already validated it): what it set, not the defaults."""
    path = previous.folder / "edition.yaml"
    text, _ = read_text(path, previous.publication.root, kind="yaml")
    data = parse_yaml(text, path).data
    return data if isinstance(data, dict) else {}


def _cover(previous: Edition, reference: Any) -> tuple[str, Path] | None:
    """(where the copy goes inside the new folder, the previous file) for a cover reference, if it is one."""
    if not isinstance(reference, str):
        return None
    images = previous.images_folder.resolve()
    source = (previous.folder / reference).resolve()
    if not source.is_file() or not source.is_relative_to(images):
        return None  # load_edition refuses these; kept defensive for overrides it reads lazily
    return (Path("images") / source.relative_to(images)).as_posix(), source


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line, whatever quotes, colons or backslashes ``text`` holds."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=float("inf")).rstrip("\n")


def _scalar(path: str) -> str:
    """A path as the sample writes it (images/cover.png), quoted only if plain YAML would misread it."""
    return path if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*", path) else _quoted(path)


def _edition_yaml(edition_id: str, key: EditionId, previous_id: str | None, published: date,
                  languages: list[str] | None, cover: str | None, override_covers: dict[str, str]) -> str:
    year, half = key.year, key.half
    first, last, month = HALF_MONTHS[half]
    published_year = key.usual_publication.year
    lines = [
        f"# Edition {edition_id}: {first}–{last} {year}, published in {month} {published_year}.",
        f"# Started from {previous_id} by `pressroom new`." if previous_id else "# Started by `pressroom new`.",
        f"id: {edition_id}",
        f"published: {published.isoformat()}",
    ]
    if languages is not None:
        lines.append(f"languages: [{', '.join(languages)}]")
    if cover is not None:
        lines.append(f"cover: {_scalar(cover)}  # copied from {previous_id}: replace the file for a new cover")
    lines.append(NOTE_TEMPLATE.rstrip("\n"))
    if override_covers:
        lines.append("overrides:")
        for lang, path in override_covers.items():
            lines += [f"  {lang}:", f"    cover: {_scalar(path)}"]
    return "\n".join(lines) + "\n"


def _stubs(previous: Edition, languages: list[str]) -> dict[str, dict[str, str]]:
    """file name → language → stub text, for every article file name of the previous edition in any language."""
    by_name: dict[str, dict[str, Any]] = {}
    for lang in previous.languages:
        for article in previous.editions[lang].articles:
            by_name.setdefault(article.path.name, {})[lang] = article
    stubs: dict[str, dict[str, str]] = {}
    for name in sorted(by_name):
        versions = by_name[name]
        fallback = next(iter(versions.values()))  # a language that lacked the article borrows another's title
        stubs[name] = {lang: stub_text(versions.get(lang, fallback), lang) for lang in languages}
    return stubs


def stub_text(article: Any, lang: str) -> str:
    """A stub of ``article`` in ``lang``'s words (``article`` has title, section and author)."""
    prefix, placeholder = STUB_WORDS[lang]
    title = article.title
    # a stub of a stub stays "TODO: <title>", not "TODO: TODO: …", whichever language's words it had
    while (known := next((p for p, _ in STUB_WORDS.values() if title.startswith(p)), None)) is not None:
        title = title[len(known):]
    lines = ["---", f"title: {_quoted(prefix + title)}", "status: stub"]
    if article.section:
        lines.append(f"section: {_quoted(article.section)}")
    lines.append("# summary: One or two sentences under the title.")
    lines.append(f"# author: {_quoted(article.author)}" if article.author else "# author: the name or role to credit")
    lines += ["---", "", placeholder, ""]
    return "\n".join(lines)


def _create_folder(
    folder: Path, files: dict[str, bytes], copies: dict[str, Path], languages: list[str]
) -> tuple[Path, ...]:
    """Write everything under a hidden temporary folder, then rename it to ``folder``, which must not exist."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    # os.mkdir (not mkdtemp) so the folder gets the usual permissions, not mkdtemp's 0700.
    staging = folder.parent / f".{folder.name}.{os.getpid()}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}"
    staging.mkdir()
    try:
        (staging / "images").mkdir()
        for lang in languages:
            (staging / lang).mkdir()
        created = []
        for name, data in files.items():
            (staging / name).write_bytes(data)
            created.append(folder / name)
        for name, source in copies.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(source, staging / name)
            except OSError as exc:
                raise SourceError(f"cannot copy the cover: {exc.strerror}", source) from None
            created.append(folder / name)
        if folder.exists() or folder.is_symlink():  # made by someone else meanwhile: theirs wins
            raise UsageError(f"edition {folder.name} already exists: {folder} (made while this one was prepared)")
        # A rename onto a folder that appeared in the last instant fails if that folder has anything in it.
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return tuple(created)
