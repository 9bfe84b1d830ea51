"""Load and validate the sources of one edition into the domain model.

The sources contract (see README.md):

- ``pressroom.yaml``: the publication (names, publisher, page size, languages);
- ``issues/<ID>/edition.yaml``: the edition (publication date, cover, notes);
- ``issues/<ID>/<lang>/<NN>-<slug>.md``: one article per file, YAML front matter
  and a Markdown body; the same file name in every language is the same article;
- ``issues/<ID>/images/``: the images the articles and the cover use.

Everything here is read-only and cheap: no Markdown is rendered yet.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from ..config.fields import a_date, localized
from ..config.fields import languages as language_list
from ..config.imprint import load_imprint, merged
from ..config.publication import load_publication
from ..config.yamlfile import YamlDocument, check_keys
from ..errors import Problems, SourceError, UsageError
from ..structure.edition import Article, Edition, EditionId, LanguageEdition
from .articles import load_articles, resolve_image, translation_gaps
from .reading import admit_folder, load_yaml_file

EDITION_KEYS = {"id", "published", "languages", "cover", "note", "overrides", "imprint"}
OVERRIDE_KEYS = {"published", "cover", "note"}


def edition_folder(root: Path, edition_id: str) -> Path:
    EditionId.parse(edition_id)
    folder = root / "issues" / edition_id
    if not (folder / "edition.yaml").is_file():
        known = sorted(p.name for p in (root / "issues").glob("*") if (p / "edition.yaml").is_file())
        close = difflib.get_close_matches(edition_id, known, n=1, cutoff=0.6)
        hint = (f"; did you mean {close[0]}?" if close else "") + (f" (editions here: {', '.join(known)})"
                                                                   if known else "")
        raise UsageError(f"there is no edition {edition_id} (no issues/{edition_id}/edition.yaml){hint}")
    admit_folder(folder, root)
    return folder


def _cover(doc: YamlDocument, folder: Path, value: Any, *keys: Any) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.lower().endswith(".svg"):
        raise doc.error("cover must be a path to a PNG or JPEG picture, such as images/cover.png", *keys)
    return resolve_image(folder, folder, value, doc.path, doc.where(*keys)[0])


def load_edition(root: Path, edition_id: str, allow_missing: bool = False,
                 requested: tuple[str, ...] = (), defer: bool = False) -> Edition:
    """Read and validate everything the edition ``edition_id`` is made from.

    Every article's problems are collected and reported together. An article
    missing in some language is an error listing every gap when it concerns
    the ``requested`` languages (all when none are named): ``--lang en`` works
    while Spanish is still being translated, as long as English is complete.
    With ``allow_missing`` each language has the articles it has, and the gaps
    are warnings. With ``defer``, problems of articles do not raise: the
    edition holds the articles that load and the problems, for a build to
    report together with those it finds later (Markdown, images, glyphs).
    """
    root = root.resolve()
    publication = load_publication(root)
    folder = edition_folder(root, edition_id)
    doc, edition_warnings = load_yaml_file(folder / "edition.yaml", root)
    warnings = [*publication.warnings, *edition_warnings]
    data = doc.data
    check_keys(doc, data, EDITION_KEYS)
    parsed = EditionId.parse(edition_id)
    if "id" in data and data["id"] != edition_id:
        raise doc.error(f"id {data['id']!r} does not match the folder issues/{edition_id}", "id")

    languages = publication.languages
    if "languages" in data:
        languages = language_list(doc, data["languages"], "languages")
        extra = [lang for lang in languages if lang not in publication.languages]
        if extra:
            raise doc.error(
                f"languages {', '.join(extra)} are not languages of the publication (pressroom.yaml)", "languages"
            )

    period_end = parsed.period[1]
    published = a_date(doc, data.get("published", parsed.usual_publication), "published")
    if published <= period_end:
        raise doc.error(
            f"published {published} falls inside the period the edition covers (it ends {period_end})", "published"
        )
    cover = _cover(doc, folder, data.get("cover"), "cover")
    notes = localized(doc, "note", languages, False)
    imprint = load_imprint(doc, languages)

    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise doc.error("overrides must map a language code to settings", "overrides")
    for lang, settings in overrides.items():
        if lang not in languages:
            raise doc.error(f"overrides: {lang!r} is not a language of this edition", "overrides", lang)
        if not isinstance(settings, dict):
            raise doc.error(f"overrides.{lang} must be a mapping", "overrides", lang)
        check_keys(doc, settings, OVERRIDE_KEYS, "overrides", lang)

    problems = Problems()
    articles: dict[str, list[Article]] = {lang: [] for lang in languages}
    keys: dict[str, set[str]] = {}  # of the languages whose folder could be read
    for lang in languages:
        with problems.collecting():
            articles[lang], broken = load_articles(root, folder, lang, warnings, problems)
            keys[lang] = broken | {article.key for article in articles[lang]}  # a broken article is no gap
    gaps = translation_gaps(keys)
    gated = [lang for lang in languages if not requested or lang in requested]
    blocking = [gap for gap in gaps if any(lang in gap.missing for lang in gated)]
    # Gaps are judged on sources that could be read: with broken files, their problems come first.
    if blocking and not allow_missing and not problems.errors:
        complete = [lang for lang in languages if not any(lang in gap.missing for gap in gaps)]
        hint = (f"; the complete languages build with {' '.join('--lang ' + lang for lang in complete)}"
                if complete else "")
        problems.errors.append(SourceError(
            "the languages do not have the same articles (the same file name in every language is the same "
            f"article; --allow-missing builds anyway{hint}):\n" + "\n".join(f"  {gap}" for gap in blocking),
            folder,
        ))
    if not defer:
        problems.raise_any()
    warnings.extend(f"translation gap: {gap}" for gap in gaps)
    editions: dict[str, LanguageEdition] = {}
    for lang in languages:
        override = overrides.get(lang, {})
        if "published" in override:
            lang_published = a_date(doc, override["published"], "overrides", lang, "published")
        else:
            lang_published = published
        if "cover" in override:
            lang_cover = _cover(doc, folder, override["cover"], "overrides", lang, "cover")
        else:
            lang_cover = cover
        note = override.get("note", notes[lang])
        if not isinstance(note, str):
            raise doc.error("note must be text", "overrides", lang, "note")
        editions[lang] = LanguageEdition(lang, lang_published, lang_cover, note.strip(), tuple(articles[lang]),
                                         merged(publication.imprint, imprint, lang))
    return Edition(edition_id, parsed.year, parsed.half, folder, publication, languages, editions, tuple(warnings),
                   tuple(problems.errors))


