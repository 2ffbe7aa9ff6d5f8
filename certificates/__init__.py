"""Certificates: issued once when learning reports a module complete; codes, verification,
PDF, Open Badges 3.0, revoke / reissue, and the transcript."""
