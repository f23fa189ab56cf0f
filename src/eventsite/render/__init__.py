"""Pages from templates: the Jinja environment, and each page and piece of a page made as a step."""
