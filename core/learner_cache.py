"""What a learner's module page shows, reused until something of theirs changes.

Each learner has a generation token in the cache; anything that changes their enrolments,
lesson progress, seat time or quiz attempts replaces it (`touch_learner`), which retires
every value cached for them (see core.generations).
"""

from .generations import cached_in_bundle, retire

# A safety net for a change made around the code (a raw SQL fix in production).
CACHE_SECONDS = 10 * 60


def _generation_key(learner_pk):
    return f"learning:generation:{learner_pk}"


def touch_learner(learner_pk, *, at_once=True) -> None:
    """Retire what is cached for the learner, now and once the transaction commits (only
    then with `at_once=False`: see core.generations.retire)."""
    retire(_generation_key(learner_pk), at_once=at_once)


def cached_for_learner(learner_pk, name, compute):
    """compute(), or its value from the cache if nothing of the learner's changed since."""
    return cached_in_bundle(
        _generation_key(learner_pk), f"learning:bundle:{learner_pk}", name, compute, CACHE_SECONDS
    )
