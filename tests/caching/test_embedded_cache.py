"""The shared cache without Redis: past its size it drops the oldest entries and goes on."""

import multiprocessing
import os

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "masthead.caching.embedded.EmbeddedCache",
    reason="the embedded cache is configured only without REDIS_URL",
)

PAGE = 40 * 1024  # a stored page is tens of kB


def embedded_cache(folder, size_limit: int):
    """The backend ``settings.CACHES`` configures, in ``folder``, with a smaller size limit."""
    params = dict(settings.CACHES["default"])
    params["OPTIONS"] = {**params.get("OPTIONS", {}), "size_limit": size_limit}
    return import_string(params["BACKEND"])(str(folder), params)


def stored_bytes(folder) -> int:
    """Bytes of the entries' files and SQLite indexes; the write-ahead logs (a few MB
    each at most, reused after every checkpoint) are not entries."""
    return sum(
        os.path.getsize(os.path.join(root, name))
        for root, _, names in os.walk(folder)
        for name in names
        if not name.endswith(("-wal", "-shm"))
    )


def test_past_its_size_it_evicts_the_oldest_and_keeps_the_newest(tmp_path):
    limit = 8 * 2**20
    cache = embedded_cache(tmp_path, limit)
    try:
        written = 600  # 24 MB of pages into an 8 MB cache
        for number in range(written):
            assert cache.set(f"page:{number}", os.urandom(PAGE), timeout=None)
        newest = [f"page:{number}" for number in range(written - 20, written)]
        oldest = [f"page:{number}" for number in range(200)]
        assert len(cache.get_many(newest)) == len(newest)
        assert cache.get_many(oldest) == {}
        assert stored_bytes(tmp_path) <= limit
        # Still an ordinary cache once full.
        assert cache.add("late", b"x" * PAGE)
        assert cache.get("late") == b"x" * PAGE
        cache.delete("late")
        assert cache.get("late") is None
    finally:
        cache.close_connections()


def test_entries_are_shared_between_instances_over_one_folder(tmp_path):
    """Each app server worker and the background worker opens the folder for itself."""
    writer, reader = embedded_cache(tmp_path, 2**26), embedded_cache(tmp_path, 2**26)
    try:
        writer.set("pagecache:epoch", "one", timeout=None)
        assert reader.get("pagecache:epoch") == "one"
        reader.set("pagecache:epoch", "two", timeout=None)
        assert writer.get("pagecache:epoch") == "two"
    finally:
        writer.close_connections()
        reader.close_connections()


def write_entries(folder: str, writer: int, count: int) -> None:
    """In a process of its own, as an app server worker would."""
    cache = embedded_cache(folder, 2**26)
    for number in range(count):
        cache.set(f"writer:{writer}:{number}", number, timeout=None)
    cache.incr("writes", count)
    cache.close_connections()


def test_several_processes_write_at_once_and_lose_nothing(tmp_path):
    cache = embedded_cache(tmp_path, 2**26)
    cache.set("writes", 0, timeout=None)
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, as Granian's workers
    writers = [
        context.Process(target=write_entries, args=(str(tmp_path), writer, 300))
        for writer in range(3)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
        assert process.exitcode == 0
    try:
        assert cache.get("writes") == 900
        keys = [f"writer:{writer}:{number}" for writer in range(3) for number in range(300)]
        assert len(cache.get_many(keys)) == 900
    finally:
        cache.close_connections()
