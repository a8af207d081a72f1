"""jsonmmap: share one JSON document between processes on one machine through a memory-mapped file.

One writer, many readers, never a torn value. A pure-Python (standard library) implementation of
docs/FORMAT.md, interoperating byte for byte with the Java core (``org.jsonmmap``): the same files, the same
default directory, the same writer lock, the same versions and epochs.

::

    from jsonmmap import Writer, Reader

    with Writer("cfg") as w:              # the master; creates /dev/shm/jsonmmap-USER/cfg.jmm
        w.publish({"db": {"url": "postgres://..."}})

    with Reader("cfg") as r:              # any number of followers, in any process, Python or Java
        config = r.get()                  # a read-only view, parsed once per version
        for change in r.changes():        # each new version (conflated), as Versioned
            ...

See python/README.md for the API, the ``ObjectMmap`` compatibility class and the memory-ordering argument.
"""

from .errors import (CapacityExceededError, ChecksumMismatchError, InvalidJsonError, InvalidRegionNameError,
                     JsonMmapError, NotARegionError, RegionClosedError, RegionCorruptError, RegionIOError,
                     RegionNotFoundError, PermissionDeniedError, RegionReplacedError, RegionTruncatedError,
                     SerializationError, StaleWriterError, StorageFullError, UnsafePathError,
                     UnsupportedFormatError, UnsupportedPlatformError, WriterLockedError)
from ._region import Region, check_name, default_directory, delete, writer_alive
from ._values import JsonArray, JsonObject, JsonValue, thaw, to_json
from .reader import Reader, Status, Versioned
from ._layout import SOURCE_DISCONNECTED, SOURCE_INVALID
from .writer import Writer
from ._compat import ObjectMmap

__all__ = [
    "Writer", "Reader", "Versioned", "Status", "SOURCE_DISCONNECTED", "SOURCE_INVALID", "ObjectMmap", "Region",
    "check_name", "default_directory", "delete", "writer_alive", "JsonObject", "JsonArray", "JsonValue", "thaw",
    "to_json",
    "JsonMmapError", "RegionNotFoundError", "PermissionDeniedError", "WriterLockedError", "StaleWriterError",
    "RegionCorruptError", "NotARegionError", "UnsupportedFormatError", "RegionTruncatedError",
    "ChecksumMismatchError", "RegionReplacedError", "CapacityExceededError", "StorageFullError",
    "InvalidJsonError", "SerializationError", "RegionClosedError", "InvalidRegionNameError", "UnsafePathError",
    "RegionIOError", "UnsupportedPlatformError",
]

__version__ = "0.2.0"
