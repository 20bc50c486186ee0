"""Searching posts at scale: which way to read a table of a million posts for one page of matches.

The match itself is portal.bigrams'; this module decides the order the rows are read in.
"""
from __future__ import annotations

import math

from portal import bigrams
from portal.models import Post

# A search first reads this many of the newest posts in id order (a few milliseconds). A common
# term fills its page there. Otherwise what it found says how common the term is, and the search
# reads the older posts the cheaper way (see in_order_span), chosen here rather than by
# the planner, which cannot estimate ILIKE '%...%' and guesses wrongly both ways.
PROBE = 500
# A match read through the index costs about this many posts read in id order (a random heap
# read and a join per match against a sequential walk of the primary key; measured at 1,000,000 posts:
# about 60 against 9 microseconds on the busy 2-core VM).
INDEX_ROW_COST = 6
SPAN_SLACK = 3
# The planner settings for one search statement (transaction-local: its transaction's end
# resets them). No JIT and no parallel workers either: both cost more than a search reads.


def _planner(*off: str) -> str:
    settings = [*off, "enable_seqscan", "jit"]
    return ("SELECT " + ", ".join(f"set_config('{name}', 'off', true)" for name in settings)
            + ", set_config('max_parallel_workers_per_gather', '0', true)")


PLANNER_BY_INDEX = _planner("enable_indexscan")
PLANNER_IN_ID_ORDER = _planner("enable_bitmapscan", "enable_sort")


def matches(term: str, dialect: str):
    """A WHERE clause selecting posts whose title or body contains `term`."""
    return bigrams.matches(term, Post.search_grams, Post.title, Post.body, dialect=dialect)


def in_order_span(found: int, wanted: int, probed: int, older: int) -> int:
    """After `found` matches in the `probed` newest posts, how many older posts (by id) to read
    in id order for the `wanted` more; 0 means reading every older match through the index is
    cheaper. The span is a few times what the probe's density predicts, so a term rarer than the
    probe suggested costs at most that span before the index takes over for the rest.

    At the density the probe saw, id order reads about wanted * probed / found posts and the index
    about found / probed * older matches, each costing about INDEX_ROW_COST posts read in order.
    """
    if found == 0:
        return 0
    in_order = wanted * probed / found
    if found / probed * older * INDEX_ROW_COST <= in_order:
        return 0
    return min(older, math.ceil(SPAN_SLACK * in_order))
