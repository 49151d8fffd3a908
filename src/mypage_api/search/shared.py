"""Search pages shared by every worker and server through Redis (``MYPAGE_REDIS_URL``),
behind each process's own pages (``search.cache``).

A page is stored under ``<prefix>search:v1:<sha256 of its key>`` as ``encode(page)``: a
fixed header (format version, generation, count, lengths), then the JSON answered, the ids
on the page and the ids of an exact count's matches, packed (no pickle: a value is data,
never code). It is exact the same way as a page kept in memory: it carries the generation
it was read at, and a search checks it against the changes since (``still_kept``) before
answering it, whichever worker or server kept it.

**Generation rule.** Storing is a compare-and-set run inside Redis (``STORE``): a page
replaces the one stored only when its generation is not older, so a read that finishes
late never puts back an older page over a newer one. Last-writer-wins would still be exact
(an older page is checked before use), but every search after it would pay that check.

**Lifetime.** Each key holds its JST day, so after midnight no search asks for it again;
a page lives ``TTL_SECONDS`` from its last store, so the pages of past days leave by
themselves within a day. Bound the server's memory as well (``maxmemory`` with an
``allkeys-lru`` policy): any page may go at any time, a miss only costs a read.

**Faults.** Redis is a help, never a need: each call is bounded by ``TIMEOUT_SECONDS``;
when one fails or is late, the searches carry on with the in-process pages alone, Redis is
left alone for ``RETRY_AFTER_SECONDS``, then tried again. The outage is logged once when it
starts and once when it ends (the error's type only: no key, no page, no address).
"""

import asyncio
import hashlib
import logging
import struct
import sys
import time
from array import array
from collections.abc import Callable
from typing import Final

from redis.asyncio import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from mypage_api.config import Settings
from mypage_api.search.cache import KeptPage, SearchCache

logger = logging.getLogger("mypage_api.search")

KEY_SPACE: Final = "search:v1:"  # the format of keys and values; a new format, a new space
TIMEOUT_SECONDS: Final = 0.05
RETRY_AFTER_SECONDS: Final = 10.0
TTL_SECONDS: Final = 24 * 3600

# version, generation, counted, body bytes, page ids, bytes per match id (0: no list), matches
HEADER: Final = struct.Struct(">BQqIIBI")
FORMAT_VERSION: Final = 1
LITTLE_ENDIAN: Final = sys.byteorder == "little"
TYPECODES: Final = {4: "i", 8: "q"}


def packed(ids: "array[int]") -> bytes:
    if not LITTLE_ENDIAN:
        ids = array(ids.typecode, ids)
        ids.byteswap()
    return ids.tobytes()


def unpacked(typecode: str, data: bytes) -> "array[int]":
    ids = array(typecode)
    ids.frombytes(data)
    if not LITTLE_ENDIAN:
        ids.byteswap()
    return ids


def encode(page: KeptPage) -> bytes:
    """``page`` as stored: the header, then the body, the page's ids (int64) and the
    matches (int32 or int64, as kept), little-endian."""
    page_ids = packed(array("q", sorted(page.page_ids)))
    matched = b"" if page.matched is None else packed(page.matched)
    width = 0 if page.matched is None else page.matched.itemsize
    header = HEADER.pack(
        FORMAT_VERSION,
        page.generation,
        page.counted,
        len(page.body),
        len(page.page_ids),
        width,
        0 if page.matched is None else len(page.matched),
    )
    return b"".join((header, page.body, page_ids, matched))


def decode(data: bytes) -> KeptPage:
    """The page ``encode`` stored; ValueError when ``data`` is not one."""
    try:
        version, generation, counted, body_size, page_size, width, matched_size = (
            HEADER.unpack_from(data)
        )
    except struct.error as error:
        raise ValueError("not a stored search page") from error
    ids_at = HEADER.size + body_size
    matched_at = ids_at + 8 * page_size
    if (
        version != FORMAT_VERSION
        or (width and width not in TYPECODES)
        or len(data) != matched_at + width * matched_size
    ):
        raise ValueError("not a stored search page")
    return KeptPage(
        generation=generation,
        body=data[HEADER.size : ids_at],
        page_ids=frozenset(unpacked("q", data[ids_at:matched_at])),
        counted=counted,
        matched=unpacked(TYPECODES[width], data[matched_at:]) if width else None,
    )


# Store ARGV[1] under KEYS[1] for ARGV[3] seconds unless the page stored there is of a later
# generation than ARGV[2] (the generation: bytes 2-9 of a value, big-endian).
STORE: Final = """
local old = redis.call('GET', KEYS[1])
if old and string.len(old) >= 9 then
  local generation = 0
  for i = 2, 9 do generation = generation * 256 + string.byte(old, i) end
  if generation > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
return 1
"""


class RedisPages:
    """The pages of every process, in Redis (``SearchCache.shared``)."""

    def __init__(
        self, url: str, *, prefix: str = "mypage:", clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.prefix = prefix + KEY_SPACE
        self._clock = clock  # seconds, for the pause after a fault
        self._redis = Redis.from_url(
            url,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),  # a failed call is not repeated: the search goes on
            health_check_interval=0,
        )
        self._store = self._redis.register_script(STORE)
        self._down_until: float | None = None  # while Redis is left alone after a fault

    def key(self, key: str) -> str:
        return self.prefix + hashlib.sha256(key.encode()).hexdigest()

    def _available(self) -> bool:
        return self._down_until is None or self._clock() >= self._down_until

    def _failed(self, error: BaseException) -> None:
        if self._down_until is None:
            logger.warning(
                "shared search pages unavailable (%s): searching with the pages of this "
                "process alone, retrying every %g s",
                type(error).__name__,
                RETRY_AFTER_SECONDS,
            )
        self._down_until = self._clock() + RETRY_AFTER_SECONDS

    def _succeeded(self) -> None:
        if self._down_until is not None:
            self._down_until = None
            logger.warning("shared search pages available again")

    async def get(self, key: str) -> KeptPage | None:
        if not self._available():
            return None
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                data = await self._redis.get(self.key(key))
        except (RedisError, OSError) as error:  # refused, reset, late: carry on without
            self._failed(error)
            return None
        self._succeeded()
        if not isinstance(data, bytes):
            return None
        try:
            return decode(data)
        except ValueError:
            return None  # not a page of this format: read afresh, and stored over

    async def put(self, key: str, page: KeptPage) -> None:
        if not self._available():
            return
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                await self._store(
                    keys=[self.key(key)], args=[encode(page), page.generation, TTL_SECONDS]
                )
        except (RedisError, OSError) as error:  # refused, reset, late: carry on without
            self._failed(error)
            return
        self._succeeded()

    async def close(self) -> None:
        await self._redis.aclose()


def search_cache_from(settings: Settings) -> SearchCache:
    """The pages of this process, with Redis behind them when ``redis_url`` is set."""
    shared = (
        RedisPages(settings.redis_url, prefix=settings.redis_key_prefix)
        if settings.redis_url
        else None
    )
    return SearchCache(settings.search_cache_size, shared=shared)
