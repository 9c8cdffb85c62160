"""Each process's own copies of recently served pages, in front of the shared cache.

Reading a stored page from the shared cache means a file read and
decompression (or a Redis round trip) for tens of kilobytes. A worker that
served a page a moment ago keeps its own copy in memory instead; the copy is
checked against the shared tag versions exactly like a shared one, so it is
never fresher than the truth, only cheaper to reach.
"""

import threading
import time
from collections import OrderedDict


class LocalCopies:
    """A small least-recently-used store of page entries, with their expiry."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires < time.time():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict, seconds: float) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = (time.time() + seconds, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
