"""Run eventsite as `python -m eventsite`."""

from eventsite.cli import main

raise SystemExit(main())
