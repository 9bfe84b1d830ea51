"""Stage 2, text: Markdown to HTML fragments, each language's typography, hyphenation dictionaries, glyph coverage."""
