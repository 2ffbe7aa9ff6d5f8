"""Records: one completion record per certificate and approving body, the query under every
export, the exports themselves (CSV, XLSX, JSON Lines, CE Broker, xAPI, badges) and the
admin completion report. It sits above the certificates it reports."""
