"""Values cached under a generation token: replacing the token retires every value stored
under it at once, without knowing their keys.

A value is stored with the token it was computed under, so a change that lands while it
is being computed retires it as well; the token is replaced again when the changing
transaction commits, so a value computed from the state before the commit is retired too.

Round trips are what a busy page pays for, so inside a request (`RequestScope`) each token
is read once; values that every request asks for (the pages) are also kept in the process
while their token holds; and a learner's values travel as one bundle, read in one trip and
written back once when the response is ready.
"""

import copy
import secrets
import threading
import time

from django.core.cache import cache
from django.db import connection, transaction

_request = threading.local()  # tokens and bundles of the request this thread serves
_held = {}  # generation key -> (token, {value key: (expires at, value)}), this process
HELD_LIMIT = 5000  # values kept per generation; beyond that they are fetched each time


class RequestScope:
    """Middleware: one read of each token per request, and the bundles written at its end
    (not after a server error: what it computed may come from a rolled-back change)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.tokens, _request.bundles = {}, {}
        try:
            response = self.get_response(request)
            if response.status_code < 500:
                _write_bundles(_request.bundles)
            return response
        finally:
            _request.tokens = _request.bundles = None


def _tokens():
    return getattr(_request, "tokens", None)


def _new_token(generation_key):
    token = secrets.token_hex(8)
    cache.set(generation_key, token, None)
    if (tokens := _tokens()) is not None:
        tokens[generation_key] = token


def _token(generation_key, found=None):
    """The current token, from this request's memory when it has read it already."""
    tokens = _tokens()
    if tokens is not None and generation_key in tokens:
        return tokens[generation_key]
    token = found if found is not None else cache.get(generation_key)
    if token is None:
        cache.add(generation_key, secrets.token_hex(8), None)
        token = cache.get(generation_key)
    if tokens is not None:
        tokens[generation_key] = token
    return token


def retire(generation_key, *, at_once=True) -> None:
    """Retire what is cached under the token: now, and again once the current transaction
    commits. `at_once=False` waits for the commit, for a change that nothing read later in
    the same transaction depends on."""
    if at_once or not connection.in_atomic_block:
        _new_token(generation_key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _new_token(generation_key))


def cached_under(generation_key, value_key, compute, seconds, *, in_process=False):
    """compute(), or its value from the cache if the token has not been replaced since.

    `in_process` also keeps the value in this process's memory while the token holds (at
    most `seconds`), handing out a shallow copy: for what nearly every request reads."""
    token = _token(generation_key)
    now = time.monotonic()
    if in_process:
        held = _held.get(generation_key)
        if held is not None and held[0] == token:
            expires, value = held[1].get(value_key, (0, None))
            if expires > now:
                return copy.copy(value)
    entry = cache.get(value_key)
    if entry is not None and entry[0] == token:
        value = entry[1]
    else:
        value = compute()
        cache.set(value_key, (token, value), seconds)
    if in_process:
        held = _held.get(generation_key)
        if held is None or held[0] != token:
            held = _held[generation_key] = (token, {})
        if len(held[1]) < HELD_LIMIT:
            held[1][value_key] = (now + seconds, value)
        return copy.copy(value)
    return value


class _Bundle:
    def __init__(self, generation_key, bundle_key, seconds):
        self.generation_key, self.key, self.seconds = generation_key, bundle_key, seconds
        found = cache.get_many([bundle_key, generation_key])
        self.token_found = found.get(generation_key)
        self.entries = found.get(bundle_key) or {}
        self.changed = False

    def write(self):
        # Entries of a retired token are dropped; each keeps its own expiry.
        token, now = _token(self.generation_key), time.time()
        live = {
            name: entry
            for name, entry in self.entries.items()
            if entry[0] == token and entry[1] > now
        }
        cache.set(self.key, live, self.seconds)


def _write_bundles(bundles):
    for bundle in bundles.values():
        if bundle.changed:
            bundle.write()


def cached_in_bundle(generation_key, bundle_key, name, compute, seconds):
    """compute(), or its value from the bundle at `bundle_key` if the token has not been
    replaced since: one round trip per request for all of the bundle's values."""
    bundles = getattr(_request, "bundles", None)
    bundle = bundles.get(bundle_key) if bundles is not None else None
    if bundle is None:
        bundle = _Bundle(generation_key, bundle_key, seconds)
        if bundles is not None:
            bundles[bundle_key] = bundle
    token = _token(generation_key, bundle.token_found)
    entry = bundle.entries.get(name)
    if entry is not None and entry[0] == token and entry[1] > time.time():
        return entry[2]
    value = compute()
    bundle.entries[name] = (token, time.time() + seconds, value)
    bundle.changed = True
    if bundles is None:  # outside a request: nobody writes it back later
        bundle.write()
    return value
