"""Things around a build, not in it: `eventsite new`, and the JSON Schema and guide tables."""
