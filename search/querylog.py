"""
What visitors search for: the log behind ``/search/popular/`` and the editors' reports.

Every search adds one to its query's count for the day (``QueryCount``), split by whether
it found anything public, and, the first time a visitor searches that query that day,
one to its distinct visitors. A visitor is who ``newsletter.throttling.client_ident``
says is asking (the front end's trusted ``X-Visitor-Address``, or the client's address,
an IPv6 client by its /64), kept only as an HMAC of (visitor, query, day) under a key
derived from ``SECRET_KEY`` and the day: no address is stored, one visitor's searches
cannot be linked to each other, and yesterday's hashes are deleted once their counts
are in. So a visitor who searches the same words on three days counts three times.

A query is listed as popular only when, over the last ``POPULAR_DAYS`` days, enough
distinct visitors (``SEARCH_POPULAR_MIN_VISITORS``) searched it and found something;
when it is made of real words (not only function words, numbers or single letters;
no word twice); when the editors have not hidden it; and when it still finds a live,
public page or PDF now (``search.vocabulary``), so that a page restricted or
unpublished since takes its words out of the list with it.

The log is written on every search, so it costs one small transaction: three
single-row upserts (Wagtail's promotions report, the visitor, the count), committed
without waiting for the disk on PostgreSQL.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Field, Model, OuterRef, Sum
from django.http import HttpRequest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query as PromotedQuery
from wagtail.contrib.search_promotions.models import QueryDailyHits

from newsletter.throttling import client_ident

from . import text, vocabulary
from .models import HiddenQuery, QueryCount, QueryVisitor

logger = logging.getLogger("search")

POPULAR_DAYS = 30
DEFAULT_MIN_VISITORS = 5
#: Longer queries are sentences, not what people commonly search for.
MAX_LISTED_WORDS = 6
#: Words that say nothing alone: the function words of both languages (as the
#: language detector knows them) and a few that it leaves out for being in both.
NOISE_WORDS = text.STOPWORDS["en"] | text.STOPWORDS["es"] | frozenset({"a", "de", "no", "y"})
#: How many of the most searched queries are checked for the popular list, beyond
#: those it shows (some fail the checks).
EXTRA_CANDIDATES = 40


def min_visitors() -> int:
    return max(1, int(getattr(settings, "SEARCH_POPULAR_MIN_VISITORS", DEFAULT_MIN_VISITORS)))


def normalise(query: str) -> str:
    """The query's words as the index folds them (case, accents, punctuation): the log's key."""
    key = ""
    for word in text.words(query):
        if len(key) + len(word) + 1 > 255:
            break
        key = f"{key} {word}" if key else word
    return key


def is_content_word(word: str) -> bool:
    return len(word) > 1 and not word.isdigit() and word not in NOISE_WORDS


def is_listable(key: str) -> bool:
    """Whether a normalised query could be a popular search at all (not junk)."""
    words = key.split()
    if not words or len(words) > MAX_LISTED_WORDS or len(set(words)) < len(words):
        return False
    return any(is_content_word(word) for word in words)


# Recording ----------------------------------------------------------------------------------


def _day_key(day: datetime.date) -> bytes:
    """The hashing key of ``day``: a new one every day, from the site's secret."""
    message = b"search-visitor:" + day.isoformat().encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def visitor_digest(
    request: HttpRequest, day: datetime.date, locale_id: int, key: str, found: bool
) -> str:
    """This visitor and this query on ``day``, as a keyed hash."""
    message = "\n".join([str(locale_id), key, "1" if found else "0", client_ident(request)])
    return hmac.new(_day_key(day), message.encode(), hashlib.sha256).hexdigest()[:32]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model._meta.label}.{name} is not a column")
    return field.column


def _upsert(cursor, model: type[Model], keys: dict, counts: dict) -> int:
    """
    Add ``counts`` to the row of ``model`` with these keys, created with them when
    missing: one statement, safe under concurrent searches (``INSERT … ON CONFLICT``, on
    SQLite and PostgreSQL alike; the keys must be the model's unique constraint). With no
    counts, a row that exists is left alone. Returns the rows written (0 or 1).
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key_columns = [quote(_column(model, name)) for name in keys]
    count_columns = [quote(_column(model, name)) for name in counts]
    columns = ", ".join(key_columns + count_columns)
    values = ", ".join(["%s"] * (len(keys) + len(counts)))
    conflict = ", ".join(key_columns)
    if counts:
        update = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in count_columns)
        action = f"DO UPDATE SET {update}"
    else:
        action = "DO NOTHING"
    cursor.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({values}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) {action}",
        [*keys.values(), *counts.values()],
    )
    return cursor.rowcount


def record_search(request: HttpRequest, locale_id: int, query: str, found: bool) -> None:
    """One more search of ``query`` for the editors' reports and the popular list; never fails."""
    key = normalise(query)
    today = timezone.localdate()
    ops = connection.ops
    try:
        own_transaction = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            if own_transaction and connection.vendor == "postgresql":
                # Counters: a crash may lose the last instant's hits, but no search waits
                # for the disk to flush them (1-5 ms a commit on this kind of machine).
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # Wagtail's own report of search terms (beside its promotions) counts the
            # query as typed, lower-cased, by the server's day, as its add_hit does.
            promoted = PromotedQuery.get(" ".join(query.lower().split())[:255])
            _upsert(
                cursor,
                QueryDailyHits,
                {"query": promoted.pk, "date": ops.adapt_datefield_value(timezone.now().date())},
                {"hits": 1},
            )
            if key:
                day = ops.adapt_datefield_value(today)
                digest = visitor_digest(request, today, locale_id, key, found)
                new_visitor = _upsert(cursor, QueryVisitor, {"date": day, "digest": digest}, {})
                _upsert(
                    cursor,
                    QueryCount,
                    {"locale": locale_id, "query_string": key, "date": day, "found": found},
                    {"hits": 1, "visitors": 1 if new_visitor else 0},
                )
    except Exception:
        logger.exception("Could not record a search")
    prune_visitors(today)


_pruned_before: list[datetime.date] = []


def prune_visitors(today: datetime.date) -> None:
    """
    Delete the visitor hashes of past days (their counts are in ``QueryCount``): once a
    day in each process, on its first search of the day.
    """
    if _pruned_before and _pruned_before[0] >= today:
        return
    try:
        QueryVisitor.objects.filter(date__lt=today).delete()
    except Exception:
        logger.exception("Could not delete past searches' visitor hashes")
        return
    _pruned_before[:] = [today]


# Reading ------------------------------------------------------------------------------------


def since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=POPULAR_DAYS)


def hidden_q(locale_field: str = "locale") -> Exists:
    """Whether the row's query is hidden by the editors in the row's language."""
    return Exists(
        HiddenQuery.objects.filter(
            locale=OuterRef(locale_field), query_string=OuterRef("query_string")
        )
    )


def popular_queries(locale_id: int, language: str, limit: int) -> list[dict]:
    """The popular list of one language: see this module's docstring for what qualifies."""
    rows = (
        QueryCount.objects.filter(locale_id=locale_id, date__gte=since(), found=True)
        .filter(~hidden_q())
        .values("query_string")
        .annotate(distinct_visitors=Sum("visitors"), searches=Sum("hits"))
        .filter(distinct_visitors__gte=min_visitors())
        .order_by("-distinct_visitors", "-searches", "query_string")[: limit + EXTRA_CANDIDATES]
    )
    queries = []
    for row in rows:
        key = row["query_string"]
        if not is_listable(key):
            continue
        spelled = vocabulary.public_spelling(locale_id, key, language)
        if spelled is None:
            continue
        queries.append({"query": spelled, "count": row["distinct_visitors"]})
        if len(queries) == limit:
            break
    return queries
