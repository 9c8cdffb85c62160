"""A background task for the worker-fault tests: it waits to be released.

Each attempt leaves a ``started-<pid>`` file in ``folder``, then waits for a
``release`` file, so a test can kill the worker while the task is surely
running, release it, and see a later attempt finish (``finished`` file).
The worker subprocesses import this module by name (tests/core on PYTHONPATH).
"""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_release(folder: str, timeout: float = 90) -> int:
    base = Path(folder)
    (base / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + timeout
    while not (base / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never released the task")
        time.sleep(0.1)
    (base / "finished").write_text(str(os.getpid()))
    return os.getpid()
