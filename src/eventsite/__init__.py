"""eventsite: a static event microsite generator. YAML and Markdown in, an event page out."""

__version__ = "0.1.0"
