"""Certifying bodies: bodies, course approvals, credit rules and learners' credential
numbers (a section of the profile page)."""
