"""Home: the home and information pages and `setup_site` (the launch content and groups)."""
