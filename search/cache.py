"""Make cached search responses stale when the index changes."""

from django.db import transaction

from cms.api.cache import invalidate

TAGS = {"search"}


def invalidate_search() -> None:
    # Now, for requests in this transaction, and after commit, for everyone else
    # (a response built in between would otherwise be cached with the old index).
    invalidate(TAGS)
    transaction.on_commit(lambda: invalidate(TAGS))
