"""A piece of work done in a forked copy of this process, on the other core, while this
process does something else: the code-intelligence engine's flake8 and black
(codeintel). The copy shares everything already loaded, at no cost until written.

Only for a process that runs no user code: the copy has just the forking thread, and a
lock another thread held at the fork stays held there. The copy touches none (no
logging, no I/O but its pipe) and ends with os._exit().
"""

import os
import pickle
import select
import signal
import time
import warnings


class ForkedCall:
    """work() run in a forked copy; result() is what answer() gave there, or None when
    it raised, took longer than timeout seconds or the copy died."""

    def __init__(self, pid, pipe, timeout):
        self._pid = pid
        self._pipe = pipe
        self._timeout = timeout

    @classmethod
    def start(cls, work, answer, timeout):
        """The running call, or None when no copy could be made (the process limit)."""
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        with warnings.catch_warnings():
            # Python warns of the other threads' locks (see the module's note).
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                return None
        if pid == 0:
            status = 1
            try:
                os.close(read_end)
                work()
                data = memoryview(pickle.dumps(answer()))
                while data:
                    data = data[os.write(write_end, data) :]
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end, timeout)

    def result(self):
        try:
            data = self._read()
        finally:
            os.close(self._pipe)
        if data is None:
            self._kill()
        if self._wait() != 0 or data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:
            return None

    def stop(self):
        """Ends the copy without its answer."""
        os.close(self._pipe)
        self._kill()
        self._wait()

    def _read(self):
        """All the copy wrote, or None if it took longer than the timeout."""
        chunks = []
        deadline = time.monotonic() + self._timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._pipe], [], [], left)[0]:
                return None
            chunk = os.read(self._pipe, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def _kill(self):
        try:
            os.kill(self._pid, signal.SIGKILL)
        except OSError:
            pass

    def _wait(self):
        """The copy's exit code; -1 if it was reaped elsewhere."""
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            return -1
        return os.waitstatus_to_exitcode(status)
