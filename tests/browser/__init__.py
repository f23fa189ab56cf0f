"""Quality gates over the built site: a real browser, the HTML checker, the link checker."""
