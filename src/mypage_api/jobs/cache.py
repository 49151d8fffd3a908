"""Search pages kept in memory as the JSON they are answered with, exact by construction.

A page is filed under the search generation it was read at: the one row of
``job_search_generation``, changed in the same transaction as every change to jobs and to
employers' names (migration ``7a41c2e9d5b3``). A search reads the generation first and
then looks its page up, so:

- a page kept under generation G was read after G was committed: it holds every change
  up to G (and perhaps later ones, which a search that read G may see as well);
- once a change commits, the generation has moved on and no search finds the older page.

Together with the JST day in the key (validity changes at midnight, R10), a page served
from here is the page the database would give. Each process keeps its own, bounded, the
least recently used leaving first; ``search_cache_size = 0`` turns it off.

A page being read is read once: searches for the same key that arrive meanwhile wait for
that read (``page``) instead of running the same statements beside it, as every popular
search would right after a change. If that read fails, each of them reads for itself.
"""

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Annotated

from fastapi import Depends, Request


class SearchCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._reading: dict[Hashable, asyncio.Future[bytes]] = {}

    @property
    def enabled(self) -> bool:
        return self.size > 0

    async def page(self, key: Hashable, read: Callable[[], Awaitable[bytes]]) -> bytes:
        """The page kept under ``key``, else the one a search for it is reading now, else
        ``read()``'s, kept."""
        page = self.get(key)
        if page is not None:
            return page
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
        self.put(key, page)
        return page

    def get(self, key: Hashable) -> bytes | None:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: Hashable, page: bytes) -> None:
        if not self.enabled:
            return
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


async def get_search_cache(request: Request) -> SearchCache:
    cache: SearchCache = request.app.state.search_cache
    return cache


SearchCacheDep = Annotated[SearchCache, Depends(get_search_cache)]
