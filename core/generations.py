"""Values cached under a generation token: replacing the token retires every value stored
under it at once, without knowing their keys.

A value is stored with the token it was computed under, so a change that lands while it
is being computed retires it as well; the token is replaced again when the changing
transaction commits, so a value computed from the state before the commit is retired too.
"""

import secrets

from django.core.cache import cache
from django.db import connection, transaction


def retire(generation_key, *, at_once=True) -> None:
    """Retire what is cached under the token: now, and again once the current transaction
    commits. `at_once=False` waits for the commit, for a change that nothing read later in
    the same transaction depends on."""
    if at_once or not connection.in_atomic_block:
        cache.set(generation_key, secrets.token_hex(8), None)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.set(generation_key, secrets.token_hex(8), None))


def cached_under(generation_key, value_key, compute, seconds):
    """compute(), or its value from the cache if the token has not been replaced since."""
    found = cache.get_many([value_key, generation_key])
    generation = found.get(generation_key)
    entry = found.get(value_key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        cache.add(generation_key, secrets.token_hex(8), None)
        generation = cache.get(generation_key)
    value = compute()
    cache.set(value_key, (generation, value), seconds)
    return value
