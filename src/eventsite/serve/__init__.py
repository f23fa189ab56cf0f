"""The dev server: watch the sources, make the site with the build's own steps, serve and reload."""
