"""The benchmark: a seeded event generator, equivalent Hugo templates, and a timed runner."""
