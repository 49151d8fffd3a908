"""Search pages kept in memory as the JSON they are answered with, exact by construction.

Database triggers keep a **search generation** and a log of the jobs each generation
changed, in the transaction of every change a search page could show (migration
``7a41c2e9d5b3``). A kept page carries the generation it was read at; a search reads the
generation first, then:

- the same generation: the page is answered as kept. It was read after its generation
  was committed, so it holds every change up to it (and perhaps later ones, which a
  search that read that generation may see as well);
- a later one: the jobs changed since are looked up (``after_changes``). If none of them
  matches the search's conditions now and none was among the page's matches when it was
  read, the page is still the one a fresh read would give, and is kept under the newer
  generation; otherwise (or when the log no longer reaches back to the page) it is read
  afresh.

With the JST day in the key (validity changes at midnight, R10), a page served from here
is the page the database would give. Each process keeps its own, bounded, the least
recently used leaving first; ``search_cache_size = 0`` turns it off.

With ``MYPAGE_REDIS_URL`` set, the pages are also shared by every worker and server
(``search.shared``): a page missing here, or older than the generation now, is looked up
there before it is checked or read, and a page read or checked is stored in both. A page
from there is kept here as well and goes through the same check. Without it (the
embedded default) the pages of this process are all there is.

A page being read is read once: searches for the same page at the same generation that
arrive meanwhile wait for that read (``read_once``) instead of running the same statements
beside it, as every popular search would right after a change. If that read fails (or its
search goes away), each of them reads for itself.
"""

import asyncio
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Hashable, Set
from dataclasses import dataclass, replace
from typing import Annotated, Protocol

from fastapi import Depends, Request


@dataclass(frozen=True)
class KeptPage:
    generation: int
    body: bytes  # the JSON answered
    page_ids: frozenset[int]  # the jobs on the page (and the one after it, if any)
    # Matches the count found: exactly all of them when at most the cap, else a lower
    # bound (the count goes on a little past the cap: search.statements.COUNT_MARGIN).
    counted: int
    matched: "array[int] | None"  # every match's id, sorted, when the count is exact


def contains(sorted_ids: "array[int]", job_id: int) -> bool:
    index = bisect_left(sorted_ids, job_id)
    return index < len(sorted_ids) and sorted_ids[index] == job_id


def after_changes(
    kept: KeptPage,
    *,
    cap: int,
    generation: int,
    changed: Collection[int],
    matching_now: Set[int],
) -> KeptPage | None:
    """The kept page as of ``generation``, given every job changed since it was read and
    which of them the search accepts now; None when a fresh read could differ.

    A job that matches now may be new to the page or the count, or have moved: read
    afresh. A job that does not match now changes nothing unless it matched then: it was
    on the page, or among the matches of an exact count. Of a count past the cap only a
    lower bound is known, so each such job may have been a match: the bound goes down by
    one per job, and the page stays only while the bound stays past the cap."""
    if matching_now or not kept.page_ids.isdisjoint(changed):
        return None
    if kept.matched is not None:
        if any(contains(kept.matched, job_id) for job_id in changed):
            return None
        return replace(kept, generation=generation)
    counted = kept.counted - len(changed)
    if counted <= cap:
        return None
    return replace(kept, generation=generation, counted=counted)


class SharedPages(Protocol):
    """Pages kept for every process (``search.shared.RedisPages``): a store that may fail
    or be away, so it answers None and stores nothing rather than raise."""

    async def get(self, key: str) -> KeptPage | None: ...

    async def put(self, key: str, page: KeptPage) -> None: ...

    async def close(self) -> None: ...


class SearchCache:
    def __init__(self, size: int, *, shared: SharedPages | None = None) -> None:
        self.size = size
        self.shared = shared
        self._pages: OrderedDict[str, KeptPage] = OrderedDict()
        self._reading: dict[Hashable, asyncio.Future[KeptPage]] = {}

    @property
    def enabled(self) -> bool:
        return self.size > 0

    async def get(self, key: str, *, generation: int | None = None) -> KeptPage | None:
        """The page kept under ``key``: this process's, or the shared one when this
        process has none or only one older than ``generation`` (the generation now)."""
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        if self.shared is None or not self.enabled:
            return page
        if page is not None and (generation is None or page.generation >= generation):
            return page
        shared = await self.shared.get(key)
        if shared is not None and (page is None or shared.generation > page.generation):
            self._keep(key, shared)
            return shared
        return page

    async def put(self, key: str, page: KeptPage) -> None:
        """Keep ``page`` here and in the shared store, unless a page of a later generation
        is kept already."""
        if not self.enabled:
            return
        if self._pages.get(key) is page:  # kept already (a read others waited for)
            self._pages.move_to_end(key)
            return
        self._keep(key, page)
        if self.shared is not None:
            await self.shared.put(key, page)

    def _keep(self, key: str, page: KeptPage) -> None:
        kept = self._pages.get(key)
        if kept is None or kept.generation <= page.generation:
            self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    async def read_once(self, key: Hashable, read: Callable[[], Awaitable[KeptPage]]) -> KeptPage:
        """``read()``, or the result of the same read (same ``key``) already under way."""
        reading = self._reading.get(key)
        if reading is not None:
            try:
                return await asyncio.shield(reading)
            except BaseException:
                if not reading.done():  # this search was cancelled, not the read
                    raise
                return await read()  # that read failed or its search went away
        reading = asyncio.get_running_loop().create_future()
        self._reading[key] = reading
        try:
            page = await read()
        except BaseException:
            reading.cancel()  # the searches waiting for it read for themselves
            raise
        finally:
            del self._reading[key]
        reading.set_result(page)
        return page

    def kept(self) -> list[KeptPage]:
        """The pages kept, least recently used first."""
        return list(self._pages.values())

    def __len__(self) -> int:
        return len(self._pages)

    async def close(self) -> None:
        if self.shared is not None:
            await self.shared.close()


async def get_search_cache(request: Request) -> SearchCache:
    cache: SearchCache = request.app.state.search_cache
    return cache


SearchCacheDep = Annotated[SearchCache, Depends(get_search_cache)]
