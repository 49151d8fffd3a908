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
"""

from collections import OrderedDict
from collections.abc import Hashable
from typing import Annotated

from fastapi import Depends, Request


class SearchCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.size > 0

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
