from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.store.instance_lock import InstanceLock, in_use_elsewhere

HOLD = """
import sys, time
from pathlib import Path
from app.store.instance_lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
assert lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_only_one_holder_at_a_time(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    assert in_use_elsewhere(tmp_path)
    assert second.holder_pid() == os.getpid()
    first.release()
    assert second.acquire()
    second.release()
    assert not in_use_elsewhere(tmp_path)


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], cwd=root, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = InstanceLock(tmp_path)
        assert not lock.acquire()
        assert lock.holder_pid() == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    deadline = time.monotonic() + 10
    while in_use_elsewhere(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert InstanceLock(tmp_path).acquire()
