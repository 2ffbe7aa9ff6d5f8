"""What a learner's module page shows, reused until something of theirs changes.

Each learner has a generation token in the cache; anything that changes their enrolments,
lesson progress, seat time or quiz attempts replaces it (`touch_learner`, after the change
commits), which retires every value cached for them. A value is stored with the token it
was computed under, so a change that lands while it is computed retires it as well.
"""

import secrets

from django.core.cache import cache
from django.db import connection, transaction

# A safety net for a change made around the code (a raw SQL fix in production).
CACHE_SECONDS = 10 * 60


def _generation_key(learner_pk):
    return f"learning:generation:{learner_pk}"


def touch_learner(learner_pk) -> None:
    """Retire what is cached for the learner: now, and again once the current transaction
    commits (a value computed meanwhile from the state before it is retired too)."""
    key = _generation_key(learner_pk)
    cache.set(key, secrets.token_hex(8), None)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.set(key, secrets.token_hex(8), None))


def cached_for_learner(learner_pk, name, compute):
    """compute(), or its value from the cache if nothing of the learner's changed since."""
    value_key, generation_key = f"learning:{name}:{learner_pk}", _generation_key(learner_pk)
    found = cache.get_many([value_key, generation_key])
    generation = found.get(generation_key)
    entry = found.get(value_key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        cache.add(generation_key, secrets.token_hex(8), None)
        generation = cache.get(generation_key)
    value = compute()
    cache.set(value_key, (generation, value), CACHE_SECONDS)
    return value
