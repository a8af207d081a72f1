"""The exceptions of jsonmmap, one class per condition a caller can act on.

They mirror the Java core's exceptions (``org.jsonmmap``), with ``Error`` in place of ``Exception``:
``RegionNotFoundError`` is Java's ``RegionNotFoundException``, and so on. Every one of them derives from
:class:`JsonMmapError`; the corruption classes derive from :class:`RegionCorruptError` exactly as in
docs/FORMAT.md, section 9. Messages name the region and give expected against actual.

Each class also derives from the built-in exception a Python caller would catch for the same condition, so
code that knows nothing of jsonmmap still handles it (``except FileNotFoundError`` catches a missing region)::

    RegionNotFoundError        FileNotFoundError   (errno ENOENT, filename set)
    PermissionDeniedError      PermissionError     (errno EACCES/EPERM, filename set)
    RegionIOError              OSError             (errno of the failed call when there was one)
    StorageFullError           OSError             (errno ENOSPC)
    UnsafePathError            OSError
    RegionReplacedError        OSError
    WriterLockedError          BlockingIOError     (what a non-blocking lock attempt raises)
    RegionCorruptError (all)   ValueError          (the file's content is invalid)
    InvalidJsonError           ValueError          (like json.JSONDecodeError)
    InvalidRegionNameError     ValueError
    CapacityExceededError      ValueError
    SerializationError         ValueError, TypeError (json.dumps raises TypeError for what it cannot encode)
    RegionClosedError          ValueError          (like I/O on a closed file)
    StaleWriterError           RuntimeError
    UnsupportedPlatformError   RuntimeError
"""

from typing import Optional

__all__ = [
    "JsonMmapError", "RegionNotFoundError", "PermissionDeniedError", "WriterLockedError", "StaleWriterError",
    "RegionCorruptError", "NotARegionError", "UnsupportedFormatError", "RegionTruncatedError",
    "ChecksumMismatchError", "RegionReplacedError", "CapacityExceededError", "StorageFullError",
    "InvalidJsonError", "SerializationError", "RegionClosedError", "InvalidRegionNameError", "UnsafePathError",
    "RegionIOError", "UnsupportedPlatformError",
]


class JsonMmapError(Exception):
    """Root of every jsonmmap error (Java: ``JsonMmapException``)."""


class _OSErrorMixin(OSError):
    """An OSError whose ``str()`` is just the message; ``errno`` and ``filename`` are set when known."""

    def __init__(self, message: str, errno: Optional[int] = None, filename: Optional[str] = None) -> None:
        super().__init__(message)
        self.errno = errno
        self.filename = filename

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class RegionIOError(JsonMmapError, _OSErrorMixin):
    """An operating-system error while opening, mapping, locking or growing a region."""


class RegionNotFoundError(JsonMmapError, _OSErrorMixin, FileNotFoundError):
    """The region file does not exist (or did not appear in time)."""


class PermissionDeniedError(RegionIOError, PermissionError):
    """The operating system refused access to a region, its lock file or its directory; the message names the
    path (or the nearest directory above it that can be seen), its owner and mode, and what to do (a shared
    directory, group-readable regions: README, "Several users"). Java: ``PermissionDeniedException``."""


class WriterLockedError(JsonMmapError, _OSErrorMixin, BlockingIOError):
    """Another writer (in any process, in any language) holds the region.

    :attr:`holder_pid` is the holder's process id as recorded in the lock file, or -1 if unknown.
    """

    def __init__(self, message: str, holder_pid: int = -1) -> None:
        super().__init__(message)
        self.holder_pid = holder_pid


class StaleWriterError(JsonMmapError, RuntimeError):
    """This writer's epoch is no longer the region's: another writer took over, or the region was deleted."""


class RegionCorruptError(JsonMmapError, ValueError):
    """The file is not a valid region: fields out of range, a committed slot being written, a version mismatch."""


class NotARegionError(RegionCorruptError):
    """The file does not start with the magic ``JSONMMAP`` (a foreign or destroyed file)."""


class UnsupportedFormatError(RegionCorruptError):
    """The file has a format version this package does not read."""


class RegionTruncatedError(RegionCorruptError):
    """The file is shorter than a header, or than the length its header declares."""


class ChecksumMismatchError(RegionCorruptError):
    """A stable slot fails its CRC-32: the bytes were damaged outside the protocol."""


class RegionReplacedError(JsonMmapError, _OSErrorMixin):
    """The region was deleted (tombstone) or its path now names another file."""


class CapacityExceededError(JsonMmapError, ValueError):
    """A document is larger than the writer's maximum capacity or the reader's maximum document size."""


class StorageFullError(JsonMmapError, _OSErrorMixin):
    """The file system had no space to grow the region; the previous version stays."""


class InvalidJsonError(JsonMmapError, ValueError):
    """Text that is not exactly one JSON value, or nested deeper than the reader's limit."""


class SerializationError(JsonMmapError, ValueError, TypeError):
    """A value that cannot be serialized to JSON (nothing was published), or a document that does not fit the
    type it is read as (``Reader.get(SomeDataclass)``); then :attr:`path` is the JSON Pointer of the field."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class RegionClosedError(JsonMmapError, ValueError):
    """A reader or writer used after close()."""


class InvalidRegionNameError(JsonMmapError, ValueError):
    """A region name that breaks the naming rule."""


class UnsafePathError(JsonMmapError, _OSErrorMixin):
    """A symbolic link, directory, FIFO or other non-regular file where a region or lock file should be."""


class UnsupportedPlatformError(JsonMmapError, RuntimeError):
    """The Python writer runs on a CPU without x86-64 store order and the caller did not opt in
    (``Writer(..., allow_weak_store_order=True)``)."""


def from_os_error(e: OSError, message: str) -> JsonMmapError:
    """The jsonmmap error for an operating-system error ``e`` met while doing ``message`` (internal)."""
    if isinstance(e, JsonMmapError):
        return e
    import errno as _errno
    path = e.filename if isinstance(e.filename, str) else None
    text = "%s: %s" % (message, e.strerror or e)
    if e.errno in (_errno.EACCES, _errno.EPERM):
        from ._region import permission_denied  # the one wording of this error, shared with the trust checks
        return permission_denied(message, path, e)
    if e.errno == _errno.ENOENT:
        return RegionNotFoundError(text, e.errno, path)
    if e.errno in (_errno.ENOSPC, getattr(_errno, "EDQUOT", _errno.ENOSPC)):
        return StorageFullError(text, e.errno, path)
    return RegionIOError(text, e.errno, path)
