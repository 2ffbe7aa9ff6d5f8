from django.dispatch import Signal

# Sent inside the transaction that issues a certificate (also on reissue), with
# `certificate`. Receivers that write (queueing LRS statements) commit or roll back with it.
certificate_issued = Signal()
