"""API: the bearer-token API for certifying bodies at /api/v1/, scoped to one body."""
