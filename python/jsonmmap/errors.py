"""The exceptions of jsonmmap, one class per condition a caller can act on.

They mirror the Java core's exceptions (``org.jsonmmap``), with ``Error`` in place of ``Exception``:
``RegionNotFoundError`` is Java's ``RegionNotFoundException``, and so on. Every one of them derives from
:class:`JsonMmapError`; the corruption classes derive from :class:`RegionCorruptError` exactly as in
docs/FORMAT.md, section 9. Messages name the region and give expected against actual.
"""

__all__ = [
    "JsonMmapError", "RegionNotFoundError", "WriterLockedError", "StaleWriterError", "RegionCorruptError",
    "NotARegionError", "UnsupportedFormatError", "RegionTruncatedError", "ChecksumMismatchError",
    "RegionReplacedError", "CapacityExceededError", "StorageFullError", "InvalidJsonError",
    "SerializationError", "RegionClosedError", "InvalidRegionNameError", "UnsafePathError", "RegionIOError",
]


class JsonMmapError(Exception):
    """Root of every jsonmmap error (Java: ``JsonMmapException``)."""


class RegionNotFoundError(JsonMmapError):
    """The region file does not exist (or did not appear in time)."""


class WriterLockedError(JsonMmapError):
    """Another writer (in any process, in any language) holds the region.

    :attr:`holder_pid` is the holder's process id as recorded in the lock file, or -1 if unknown.
    """

    def __init__(self, message, holder_pid=-1):
        super().__init__(message)
        self.holder_pid = holder_pid


class StaleWriterError(JsonMmapError):
    """This writer's epoch is no longer the region's: another writer took over, or the region was deleted."""


class RegionCorruptError(JsonMmapError):
    """The file is not a valid region: fields out of range, a committed slot being written, a version mismatch."""


class NotARegionError(RegionCorruptError):
    """The file does not start with the magic ``JSONMMAP`` (a foreign or destroyed file)."""


class UnsupportedFormatError(RegionCorruptError):
    """The file has a format version this package does not read."""


class RegionTruncatedError(RegionCorruptError):
    """The file is shorter than a header, or than the length its header declares."""


class ChecksumMismatchError(RegionCorruptError):
    """A stable slot fails its CRC-32: the bytes were damaged outside the protocol."""


class RegionReplacedError(JsonMmapError):
    """The region was deleted (tombstone) or its path now names another file."""


class CapacityExceededError(JsonMmapError):
    """A document is larger than the writer's maximum capacity or the reader's maximum document size."""


class StorageFullError(JsonMmapError):
    """The file system had no space to grow the region; the previous version stays."""


class InvalidJsonError(JsonMmapError):
    """Text that is not exactly one JSON value, or nested deeper than the reader's limit."""


class SerializationError(JsonMmapError):
    """A value that the json module cannot serialize (nothing was published)."""


class RegionClosedError(JsonMmapError):
    """A reader or writer used after close()."""


class InvalidRegionNameError(JsonMmapError, ValueError):
    """A region name that breaks the naming rule."""


class UnsafePathError(JsonMmapError):
    """A symbolic link, directory or other non-regular file where a region or lock file should be."""


class RegionIOError(JsonMmapError):
    """An operating-system error while opening, mapping, locking or growing a region."""


class PermissionDeniedError(RegionIOError, PermissionError):
    """The operating system refused access to a region, its lock file or its directory; the message names the
    path, its owner and mode, and what to do (a shared directory, group-readable regions)."""
