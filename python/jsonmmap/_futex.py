"""Futex wake-ups on the commit word, through ctypes and the Linux ``futex`` system call (docs/FORMAT.md,
"Waiting"; the Java core does the same through the Foreign Function API).

A follower that waits sleeps in the kernel on the low 32 bits of the commit word; a writer wakes the
sleepers after a commit. The header's ``WAITERS`` count (u32) tells a writer that someone sleeps, and
``WAKER_EPOCH`` tells a follower that the current writer promises to wake. A follower changes ``WAITERS``
only with an atomic add, which CPython cannot do on shared memory: the kernel does it for us
(``FUTEX_WAKE_OP`` with ``FUTEX_OP_ADD`` and nothing to wake), and the locked add is the full fence the
protocol needs between registering and looking at the commit word again. CPython has no fence between the
writer's commit store and its load of ``WAITERS`` either, so a Python writer wakes after every commit,
whatever the count says; a wake with nobody asleep costs one system call.

Everything here is optional: :func:`available` is false off Linux x86-64/AArch64, when the system call
is refused, or when the environment variable ``JSONMMAP_FUTEX`` is ``false``, and then followers poll, as they did before. Correctness never depends on a wake.
"""

import ctypes
import mmap
import os
import platform
import sys
from typing import Any, Optional

from . import _layout as L

_SYS_FUTEX: int = {"x86_64": 202, "amd64": 202, "aarch64": 98}.get(platform.machine().lower(), 0)
_FUTEX_WAIT = 0
_FUTEX_WAKE = 1
_FUTEX_WAKE_OP = 5
_FUTEX_OP_ADD = 1
_FUTEX_OP_CMP_EQ = 0
_INT_MAX = 2 ** 31 - 1
_PAGE = L.HEADER_SIZE


def _futex_op(op: int, oparg: int, cmp: int, cmparg: int) -> int:
    """The kernel's FUTEX_OP(op, oparg, cmp, cmparg) encoding (oparg is a signed 12-bit field)."""
    return ((op & 0xF) << 28) | ((cmp & 0xF) << 24) | ((oparg & 0xFFF) << 12) | (cmparg & 0xFFF)


_ADD_ONE = _futex_op(_FUTEX_OP_ADD, 1, _FUTEX_OP_CMP_EQ, 0)
_SUBTRACT_ONE = _futex_op(_FUTEX_OP_ADD, -1, _FUTEX_OP_CMP_EQ, 0)


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


def _load_libc() -> Optional[ctypes.CDLL]:
    if not sys.platform.startswith("linux") or not _SYS_FUTEX:
        return None
    if os.environ.get("JSONMMAP_FUTEX", "").lower() in ("0", "false", "no"):
        return None  # switched off (benchmarks compare with polling)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syscall = libc.syscall
        syscall.restype = ctypes.c_long
        mmap_ = libc.mmap
        mmap_.restype = ctypes.c_void_p
        mmap_.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
        munmap = libc.munmap
        munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        # probe: a wake on a private word wakes nobody and returns 0 (a seccomp filter makes it fail)
        word = ctypes.c_uint32(0)
        if syscall(ctypes.c_long(_SYS_FUTEX), ctypes.byref(word), ctypes.c_int(_FUTEX_WAKE),
                   ctypes.c_int(_INT_MAX), None, None, ctypes.c_int(0)) != 0:
            return None
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _load_libc()


def available() -> bool:
    """Whether this process can sleep on and wake futexes of shared mappings."""
    return _LIBC is not None


class HeaderPage:
    """The header page of one region file, mapped on its own (growth never moves it) for the wake protocol.

    ``writable`` is true when the file could be opened for writing: then this side may register as a waiter
    (a follower) or promise and give wakes (a writer). Thread-safe; :meth:`close` unmaps.
    """

    def __init__(self, address: int, writable: bool) -> None:
        self._address = address
        self.writable = writable

    @classmethod
    def open(cls, path: str, fallback_fd: int = -1) -> Optional["HeaderPage"]:
        """Maps the header page of ``path`` read-write if permitted, else read-only through ``fallback_fd``.
        Returns None when futexes are unavailable or nothing can be mapped."""
        if _LIBC is None:
            return None
        flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            fd = -1
        writable = fd >= 0
        map_fd = fd if writable else fallback_fd
        if map_fd < 0:
            return None
        try:
            return cls.map_fd(map_fd, writable)
        finally:
            if writable:
                os.close(fd)  # the mapping stays valid without the descriptor

    @classmethod
    def map_fd(cls, fd: int, writable: bool) -> Optional["HeaderPage"]:
        """Maps the header page of the open region file ``fd`` (a writer's own descriptor). None if futexes
        are unavailable or the mapping fails."""
        if _LIBC is None:
            return None
        prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
        address: Optional[int] = _LIBC.mmap(None, _PAGE, prot, mmap.MAP_SHARED, fd, 0)
        if address is None or address == ctypes.c_void_p(-1).value:
            return None
        return cls(address, writable)

    def _u64(self, offset: int) -> int:
        # one aligned 8-byte load (a C uint64_t read)
        return int(ctypes.c_uint64.from_address(self._address + offset).value)

    def waiters(self) -> int:
        """The header's WAITERS count."""
        return int(ctypes.c_uint32.from_address(self._address + L.WAITERS_OFFSET).value)

    def wake_promised(self) -> bool:
        """True when this side can register and the current writer promised wakes (WAKER_EPOCH == EPOCH)."""
        if not self.writable:
            return False
        promise = self._u64(L.WAKER_EPOCH_OFFSET)
        return promise != 0 and promise == self._u64(L.EPOCH_OFFSET)

    def promise_wakes(self, epoch: int) -> None:
        """A writer that wakes stores WAKER_EPOCH = its epoch, after the takeover's epoch store."""
        if self.writable:
            ctypes.c_uint64.from_address(self._address + L.WAKER_EPOCH_OFFSET).value = epoch

    def _call(self, op: int, value: int, timeout: Any, uaddr2: Any, val3: int) -> int:
        assert _LIBC is not None  # a HeaderPage exists only where the futex is available
        return int(_LIBC.syscall(ctypes.c_long(_SYS_FUTEX), ctypes.c_void_p(self._address + L.FUTEX_WORD_OFFSET),
                                 ctypes.c_int(op), ctypes.c_int(value), timeout, uaddr2, ctypes.c_int(val3)))

    def _add_waiters(self, op: int) -> None:
        # the kernel's atomic add on WAITERS (a locked instruction: the full fence of the protocol)
        assert _LIBC is not None
        _LIBC.syscall(ctypes.c_long(_SYS_FUTEX), ctypes.c_void_p(self._address + L.FUTEX_WORD_OFFSET),
                      ctypes.c_int(_FUTEX_WAKE_OP), ctypes.c_int(0), None,
                      ctypes.c_void_p(self._address + L.WAITERS_OFFSET), ctypes.c_int(op))

    def sleep_while_unchanged(self, seen_word: int, timeout: float) -> None:
        """Sleeps while the commit word is ``seen_word``, at most ``timeout`` seconds, or until a wake or a
        signal; registers in WAITERS meanwhile when it may. The caller looks at the commit word again."""
        if timeout <= 0:
            return
        ts = _Timespec(int(timeout), int((timeout - int(timeout)) * 1e9))
        expected = ctypes.c_uint32(seen_word & 0xFFFFFFFF).value
        expected = expected - 2 ** 32 if expected >= 2 ** 31 else expected
        if not self.writable:
            self._call(_FUTEX_WAIT, expected, ctypes.byref(ts), None, 0)
            return
        self._add_waiters(_ADD_ONE)
        try:
            if self._u64(L.LATEST_OFFSET) == seen_word:
                self._call(_FUTEX_WAIT, expected, ctypes.byref(ts), None, 0)
        finally:
            self._add_waiters(_SUBTRACT_ONE)

    def wake_all(self) -> None:
        """Wakes every sleeper on the commit word (no-op cost: one system call)."""
        self._call(_FUTEX_WAKE, _INT_MAX, None, None, 0)

    def close(self) -> None:
        if self._address and _LIBC is not None:
            _LIBC.munmap(self._address, _PAGE)
            self._address = 0
