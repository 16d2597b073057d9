"""Peak memory of a process and its descendants, read from the kernel while they run.

`ru_maxrss` of a child started by `subprocess.Popen` (fork, then exec) is not the child's own
peak: Linux keeps the high-water mark of the image before the exec (a copy of the parent's)
in the process's `maxrss` (fs/exec.c `exec_mmap` → `setmax_mm_hiwater_rss`), so a large bench
process reports its own size for a small child. `VmHWM` in `/proc/<pid>/status` is the peak
RSS of the process's current image only. `PeakSampler` reads it for the process and every
descendant (`/proc/<pid>/task/<tid>/children`) every `interval` seconds in a thread and keeps
each one's highest value; the last reading before a process ends is at most `interval` old.
"""

import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return found


def _hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


class PeakSampler:
    """`with PeakSampler(pid) as peaks:` … then `peaks.main_mb`, `peaks.children_mb`."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid = pid
        self.interval = interval
        self.peaks: dict[int, int] = {}  # pid → highest VmHWM seen, kB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        todo = [self.pid]
        while todo:
            pid = todo.pop()
            kb = _hwm_kb(pid)
            if kb is not None:
                self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
            todo += _children(pid)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def main_mb(self) -> float:
        return self.peaks.get(self.pid, 0) / 1024

    @property
    def children_mb(self) -> list[float]:
        """Each descendant's peak, highest first."""
        return sorted(
            (kb / 1024 for pid, kb in self.peaks.items() if pid != self.pid), reverse=True
        )
