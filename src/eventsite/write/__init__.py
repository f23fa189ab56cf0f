"""The only part that writes: where a build may write, then the staging folder, the manifest and
the atomic swap."""
