"""Stage 3, layout: one HTML document per language from the templates in styles/, with virtual file addresses."""
