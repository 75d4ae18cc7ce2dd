"""Make cached search responses stale when the index changes."""

from cms.core import changes

TAGS = frozenset({"search"})


def invalidate_search() -> None:
    """
    Through the hub: the API's cache drops the search answers now, for requests in this
    transaction, and after the commit, for everyone else (one built in between would
    otherwise be cached with the old index); the CDN is purged of them once it commits.
    """
    changes.send(changes.ANSWERS_CHANGED, TAGS)
