"""The domain model (publication, edition, article; the project and its outputs), as MkDocs' ``structure``."""
