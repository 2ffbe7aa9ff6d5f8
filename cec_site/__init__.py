"""Site: settings, URLs, base templates and static files; it may import any app."""
