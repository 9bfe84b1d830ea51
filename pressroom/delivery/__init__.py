"""Stage 5, delivery: the manifest, the archivists' bag and the download catalogue."""
