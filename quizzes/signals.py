from django.dispatch import Signal

# Sent inside the transaction that grades an attempt, exactly once per attempt, with
# `attempt`. Receivers that write (issuing a certificate) commit or roll back with it.
attempt_submitted = Signal()
