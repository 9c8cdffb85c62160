"""The shared cache on one machine, without Redis: diskcache in ``var/cache``.

diskcache keeps entries in SQLite (eight shards, the larger values in files
beside them), so a write costs the same with ten entries or a million, several
processes can share the folder, and past its size limit it drops the least
recently stored entries. Django's own FileBasedCache, used before, listed every
file of its folder on each write and dropped a random third when full.
"""

from diskcache import DjangoCache


class EmbeddedCache(DjangoCache):
    """diskcache's Django backend, keeping its SQLite connections between requests.

    Django closes every cache when a request finishes (for network clients that
    is a no-op or hands a connection back). For diskcache it would close the
    shards' SQLite connections, and the next request would open them again and
    reread their settings: a page-cache hit served in-process through the WSGI
    handler cost 0.96 ms of CPU that way, 0.58 ms with the connections kept (as
    with FileBasedCache). The connections belong to a thread of one process
    (diskcache opens new ones after a fork), so keeping them is safe.
    ``close_connections`` really closes them.
    """

    def close(self, **kwargs) -> None:
        pass

    def close_connections(self) -> None:
        super().close()
