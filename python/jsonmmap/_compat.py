"""``ObjectMmap``: the origin's API (a Python 2 module that shared JSON through a named mmap), on jsonmmap.

Users of the origin switch by changing one import::

    from jsonmmap import ObjectMmap          # was: from jsonmmap import ObjectMmap (the origin module)
    mm = ObjectMmap(-1, 1024 * 1024, access=mmap.ACCESS_WRITE, tagname='share_mmap')   # master
    mm.jsonwrite(config)
    mm = ObjectMmap(-1, 1024 * 1024, access=mmap.ACCESS_READ, tagname='share_mmap')    # follower
    mm.jsonread_follower()

Differences from the origin (see python/README.md):

- ``tagname`` is a region name (``A-Z a-z 0-9 . _ -``, 1..128), resolved in the default directory
  (``$JSONMMAP_DIR``, else ``/dev/shm/jsonmmap-USER``) exactly as the Java core resolves it; ``length`` is the
  initial capacity of the master's region, and a larger document grows it instead of failing.
- A follower never returns a torn document, and no method swallows an error: a failure raises a subclass of
  :class:`JsonMmapError` instead of returning ``False`` or a stale object.
- Only one master per region (across processes and languages): a second one raises :class:`WriterLockedError`.
- A follower opened before the master created the region raises :class:`RegionNotFoundError`, unless
  ``wait`` (seconds) is given.
- ``jsonwrite`` returns the new version (a positive int, so truthy like the origin's ``True``).
- ``ObjectMmap`` is not an ``mmap.mmap`` subclass: ``seek``/``read``/``write``... are gone.
"""

import mmap as _mmap
from typing import TYPE_CHECKING, Any, Optional, Union

from .reader import Reader
from .writer import Writer

if TYPE_CHECKING:
    from os import PathLike


class ObjectMmap:
    """A master (``access=mmap.ACCESS_WRITE``) or follower (``access=mmap.ACCESS_READ``) of region ``tagname``."""

    def __init__(self, fileno: int = -1, length: int = 1024, access: int = _mmap.ACCESS_WRITE,
                 tagname: str = "share_mmap", *, directory: "Union[str, PathLike[str], None]" = None,
                 wait: Optional[float] = None, allow_weak_store_order: bool = False) -> None:
        if fileno != -1:
            raise ValueError("ObjectMmap shares a named region, not a file descriptor: pass fileno=-1 (was %r)"
                             % (fileno,))
        if access not in (_mmap.ACCESS_WRITE, _mmap.ACCESS_READ, _mmap.ACCESS_DEFAULT):
            raise ValueError("access must be mmap.ACCESS_WRITE (the master) or mmap.ACCESS_READ (a follower),"
                             " was %r" % (access,))
        if not isinstance(length, int) or length < 1:
            raise ValueError("length (the initial capacity) must be a positive int, was %r" % (length,))
        self.length = length
        self.access = access
        self.tagname = tagname
        self.obj: Any = None
        self._writer: Optional[Writer] = None
        self._reader: Optional[Reader]
        if access == _mmap.ACCESS_READ:
            if wait is None:
                self._reader = Reader(tagname, directory)
            else:
                self._reader = Reader.await_creation(tagname, wait, directory)
        else:
            self._writer = Writer(tagname, directory, initial_capacity=length,
                                  allow_weak_store_order=allow_weak_store_order)
            self._reader = None

    def jsonwrite(self, obj: Any) -> int:
        """Publishes ``obj`` (anything ``json.dumps`` takes) as the next version; returns that version.

        Raises :class:`SerializationError`, :class:`CapacityExceededError`, :class:`StorageFullError`... instead of
        returning False; on a follower it raises :class:`PermissionError` (the origin raised TypeError from mmap).
        """
        if self._writer is None:
            raise PermissionError("ObjectMmap '%s' was opened with access=mmap.ACCESS_READ (a follower); only the"
                                  " master (access=mmap.ACCESS_WRITE) may jsonwrite" % self.tagname)
        version = self._writer.publish(obj)
        self.obj = obj
        return version

    def jsonread_master(self) -> Any:
        """The master: a private copy of the document it last wrote (None if nothing yet). A follower: the
        latest document, as :meth:`jsonread_follower`."""
        if self._writer is None:
            return self.jsonread_follower()
        return self._writer.current()

    def jsonread_follower(self) -> Any:
        """The latest complete document as a fresh Python value (dicts and lists the caller may change, as the
        origin returned), or None if nothing was published yet. For the shared read-only value parsed once
        per version, use :class:`Reader`'s ``get()``."""
        if self._reader is None:
            assert self._writer is not None
            self._reader = Reader(self._writer.region)
        value = self._reader.get(copy=True)
        self.obj = value
        return value

    @property
    def version(self) -> int:
        """The latest version (0 if nothing was published yet)."""
        if self._writer is not None:
            return self._writer.version
        assert self._reader is not None
        return self._reader.version()

    def close(self) -> None:
        """Closes the reader and releases the master's region. Idempotent."""
        if self._reader is not None:
            self._reader.close()
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> "ObjectMmap":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
