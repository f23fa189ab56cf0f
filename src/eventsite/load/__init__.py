"""Files on disk into the model: safe reading, YAML with positions, values decoded against the
model's annotations, references resolved, each record's rules, and the checks across records."""
