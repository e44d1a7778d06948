"""`journal serve`: render, serve the site, watch, render again and reload the open pages."""
