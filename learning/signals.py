from django.dispatch import Signal

# Sent inside the transaction that grades the completing attempt, with `learner`, `course`
# and `attempt`. Receivers that write (issuing the certificate) commit or roll back with it.
module_completed = Signal()
