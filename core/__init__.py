"""Ground floor: small helpers every layer may use (admin 403 page, date-range form, safe
spreadsheet cells). It imports none of the project's apps."""
