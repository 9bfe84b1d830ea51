"""Stage 1, sources: the project's files read, validated and turned into the domain model."""
