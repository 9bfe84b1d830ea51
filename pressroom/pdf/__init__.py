"""Stage 4, pdf: WeasyPrint renders (behind a sandbox), images for print, reading PDFs back, merging and imposing."""
