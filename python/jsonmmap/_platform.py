"""Whether this CPU gives the Python writer the store order it relies on (docs/FORMAT.md 6.3).

CPython has no release stores or fences. The writer makes each store with one C call, in program order; on
x86-64 (total store order) the CPU makes them visible in that order, which is exactly the store-store fence
and the release of the publish protocol, and an aligned 8-byte store is one instruction. Other CPUs (ARM,
POWER, RISC-V) may make the commit word visible before the payload; readers then see a checksum that does
not match, retry, and may report :class:`ChecksumMismatchError` for a version that is fine. So the Python
writer refuses to start on them unless the caller opts in. Readers are safe everywhere (they validate).
"""

import os
import struct

from .errors import UnsupportedPlatformError

#: Machine names (``uname -m``) of 64-bit x86 (Linux, the BSDs, macOS, Windows).
X86_64_NAMES = frozenset({"x86_64", "amd64", "x64"})


def machine() -> str:
    """The machine name, as ``platform.machine()`` gives it (without importing ``platform``, slow to load)."""
    return os.uname().machine


def has_x86_64_store_order() -> bool:
    """True on a 64-bit x86 CPU running a 64-bit interpreter (a 32-bit interpreter splits 8-byte stores)."""
    return machine().lower() in X86_64_NAMES and struct.calcsize("P") == 8


def check_store_order(region_name: str, allow_weak_store_order: bool) -> None:
    """Raises :class:`UnsupportedPlatformError` unless the CPU orders stores like x86-64 or the caller opted in."""
    if allow_weak_store_order or has_x86_64_store_order():
        return
    raise UnsupportedPlatformError(
        "the Python writer of region '%s' needs x86-64 store order, this CPU is '%s' (%d-bit interpreter):"
        " its readers could see a commit before the document and report a checksum mismatch. Publish with the"
        " Java writer on this machine, or pass allow_weak_store_order=True to accept that readers may retry"
        " or fail a read (they never return a wrong document)"
        % (region_name, machine() or "unknown", struct.calcsize("P") * 8))
