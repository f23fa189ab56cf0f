"""Which pages exist, from which template, with what data: pure, no disk access; and the views
through which templates read the site, each read recorded."""
