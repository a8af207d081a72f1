"""The follower: reads the latest complete version of a region through a read-only mapping."""

import errno
import mmap
import os
import stat
import threading
import time
from typing import (TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, NamedTuple, Optional, Type, TypeVar,
                    Union, overload)

from . import _futex
from . import _layout as L
from ._json import DEFAULT_MAX_DEPTH, parse
from ._values import view
from .errors import (CapacityExceededError, ChecksumMismatchError, JsonMmapError, RegionClosedError,
                     RegionCorruptError, RegionIOError, RegionNotFoundError, RegionReplacedError,
                     RegionTruncatedError, UnsafePathError, from_os_error)
from ._region import (Region, as_region, check_trusted, open_nofollow, permission_denied, refuse_non_regular,
                      writer_alive)

if TYPE_CHECKING:
    from os import PathLike

T = TypeVar("T")

MAX_ATTEMPTS = 1_000_000
# How often a reader that is about to blame the file (the commit word did not move) looks again first.
# On x86-64 the first look is already final; on weakly ordered CPUs, where CPython has no acquire loads,
# a look that raced with the writer's stores becoming visible settles on the next one (docs/FORMAT.md 6.3).
BLAME_CONFIRMATIONS = 3

class Versioned(NamedTuple):
    """One published version: ``value`` is the document (a read-only view, a private copy, a typed value, or
    its bytes from :meth:`Reader.snapshot_bytes`), ``epoch`` the writer epoch that published it,
    ``published_micros`` the writer's wall clock in microseconds since the Unix epoch, ``tag`` the
    application tag (0 = none)."""
    version: int
    value: Any
    epoch: int
    published_micros: int
    tag: int


class Status(NamedTuple):
    """The writer's status word (docs/FORMAT.md 3.1): ``flags`` combines :data:`SOURCE_DISCONNECTED` and
    :data:`SOURCE_INVALID` (0: all well or never set); ``since_micros`` is when the writer set them."""
    flags: int
    since_micros: int

_U64 = L.U64.unpack_from


class _Copy:
    """One version as this reader copied and validated it."""
    __slots__ = ("word", "version", "data", "epoch", "published", "tag", "length", "capacity", "depth_ok",
                 "view", "typed")

    def __init__(self, word: int, version: int, data: Optional[bytes], epoch: int, published: int, tag: int,
                 length: int, capacity: int) -> None:
        self.word = word
        self.version = version
        self.data = data
        self.epoch = epoch
        self.published = published
        self.tag = tag
        self.length = length
        self.capacity = capacity
        self.depth_ok = False
        self.view: Any = _UNSET  # the read-only view of the parsed document, built on first use
        self.typed: Optional[Dict[Any, Any]] = None  # deeply immutable typed values, per type


_UNSET: Any = object()


class _What:
    """ "region 'cfg' version 3", formatted only if an error message needs it."""
    __slots__ = ("name", "version")

    def __init__(self, name: str, version: int) -> None:
        self.name = name
        self.version = version

    def __str__(self) -> str:
        return "region '%s' version %d" % (self.name, self.version)


_NONE = _Copy(0, 0, None, 0, 0, 0, 0, 0)


class Reader:
    """A follower of a region: ``Reader("cfg")`` or ``Reader("cfg", directory="/srv/regions")``.

    Whatever the interleaving with the writer (Python or Java), a reader returns a complete version that was
    published, never a torn, partial or mixed one, and never waits for a writer that is in the middle of a
    write: it copies the slot the commit word names, checks that the slot's sequence did not move while it
    copied, and checks the slot's CRC-32 (docs/FORMAT.md 6.2 and 6.3). A damaged file raises an error; a
    reader never falls back to an older value.

    Cost: :meth:`version` is one size check (``lseek``, so that a file truncated by another program raises
    :class:`RegionTruncatedError` instead of killing the process with SIGBUS) and one load from the mapping.
    :meth:`get` copies, checks and parses each version once; when nothing changed it is that version check
    and returns the value it built for the version: a read-only view (:class:`JsonObject`,
    :class:`JsonArray`) that every caller shares and no caller can change. ``get(copy=True)`` parses a
    private mutable copy; ``get(SomeDataclass)`` reads the document as a typed value.

    Options (keywords): ``max_document_bytes`` (default 512 MiB: a larger document raises
    :class:`CapacityExceededError`), ``max_depth`` (default 1000 nested arrays/objects: deeper raises
    :class:`InvalidJsonError`), ``file_check_interval`` (seconds, default 1.0: how often :meth:`await_change`
    checks that the path still names the mapped file).

    Raises on open: :class:`RegionNotFoundError`, :class:`UnsafePathError` (also for a directory or region file
    that others could write: the trust rules of docs/FORMAT.md 2), :class:`PermissionDeniedError` (naming the
    owner and mode of what was refused), :class:`NotARegionError`, :class:`UnsupportedFormatError`,
    :class:`RegionTruncatedError`, :class:`RegionCorruptError`.
    A reader is thread-safe and a context manager; use after :meth:`close` raises :class:`RegionClosedError`.
    """

    def __init__(self, name: Union[str, Region], directory: "Union[str, PathLike[str], None]" = None, *,
                 max_document_bytes: int = L.FORMAT_MAX_CAPACITY, max_depth: int = DEFAULT_MAX_DEPTH,
                 file_check_interval: float = 1.0) -> None:
        if max_document_bytes < 1:
            raise ValueError("max_document_bytes must be at least 1, was %r" % (max_document_bytes,))
        if max_depth < 1:
            raise ValueError("max_depth must be at least 1, was %r" % (max_depth,))
        if file_check_interval < 0.001:
            raise ValueError("file_check_interval must be at least 0.001 s, was %r" % (file_check_interval,))
        self.region = as_region(name, directory)
        self.max_document_bytes = max_document_bytes
        self.max_depth = max_depth
        self.file_check_interval = file_check_interval
        self._guard = threading.RLock()
        self._current = _NONE
        # None once closed, which _check_open() checks before any use: typed as the open state
        self._mm: mmap.mmap = None  # type: ignore[assignment]
        self._fd = -1
        self._header: Optional[_futex.HeaderPage] = None  # the header page for futex waits (None: none here)
        self._header_tried = False  # made on the first wait that may sleep
        name = self.region.name
        path = self.region.path
        refuse_non_regular(path, name)
        check_trusted(self.region, for_writing=False)
        try:
            fd = open_nofollow(path, name, os.O_RDONLY)
        except JsonMmapError:
            raise
        except FileNotFoundError:
            raise RegionNotFoundError("region '%s' does not exist (no file %s)" % (name, path), errno.ENOENT,
                                      path) from None
        except PermissionError as e:
            raise permission_denied("cannot open region '%s'" % name, path, e) from None
        except OSError as e:
            raise from_os_error(e, "cannot open region '%s' at %s" % (name, path)) from e
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise UnsafePathError("region '%s': %s is not a regular file (expected a region file)" % (name, path))
            self._identity = (st.st_dev, st.st_ino)
            declared = L.check_header(fd, name)
            # read-only and shared: a reader can never write the file (PROT_READ, MAP_SHARED)
            self._mm = mmap.mmap(fd, declared, access=mmap.ACCESS_READ)
        except JsonMmapError:
            os.close(fd)
            raise
        except OSError as e:
            os.close(fd)
            raise from_os_error(e, "cannot map region '%s'" % name) from e
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    @classmethod
    def await_creation(cls, name: Union[str, Region], timeout: float,
                       directory: "Union[str, PathLike[str], None]" = None, **options: Any) -> "Reader":
        """Waits (polling, up to ``timeout`` seconds) until the region file exists, then opens a reader.

        Raises :class:`RegionNotFoundError` if it did not appear in time.
        """
        region = as_region(name, directory)
        deadline = time.monotonic() + timeout
        pause = 0.0001
        while True:
            if region.exists():
                try:
                    return cls(region, **options)
                except RegionNotFoundError:
                    pass  # deleted between the check and the open: keep waiting
            left = deadline - time.monotonic()
            if left <= 0:
                raise RegionNotFoundError("region '%s' did not appear within %s s (no file %s)"
                                          % (region.name, timeout, region.path))
            time.sleep(min(left, pause))
            pause = min(pause * 2, 0.01)

    # ------------------------------------------------------------------------------------------ reading

    def version(self) -> int:
        """The version the commit word names now (0 if nothing was published yet): one load, the cheap test
        for "did anything change". Raises :class:`RegionReplacedError` if the region was deleted."""
        w = self._latest()
        if w == L.TOMBSTONE:
            raise self._deleted()
        return L.version_of(w)

    @overload
    def get(self, cls: None = None, /, *, default: Any = None, copy: bool = False) -> Any: ...

    @overload
    def get(self, cls: Type[T], /, *, default: Any = None, copy: bool = False) -> T: ...

    def get(self, cls: Any = None, /, *, default: Any = None, copy: bool = False) -> Any:
        """The latest document, or ``default`` if nothing was published yet.

        ``get()``: a read-only view (:class:`JsonObject`, :class:`JsonArray`, or a scalar) built once per
        version and shared by every caller; when nothing changed this is a version check (well under a
        microsecond). ``get(copy=True)``: a private copy of plain dicts and lists, parsed for this call.
        ``get(Config)``: the document as a dataclass, TypedDict or typing type (python/README.md: missing
        fields and type mismatches raise :class:`SerializationError` with the JSON Pointer of the field);
        deeply immutable types (frozen dataclasses of scalars and tuples) are built once per version and shared,
        others are built for each call.

        (A published JSON ``null`` is returned as ``None``; :meth:`version` or :meth:`snapshot` tell it apart
        from "nothing yet".) Raises :class:`RegionCorruptError` (or a subclass) if the latest version fails
        validation, :class:`CapacityExceededError` / :class:`InvalidJsonError` over this reader's limits,
        :class:`RegionReplacedError` if the region was deleted.
        """
        c = self._current
        if c.word != self._latest():
            c = self._reload()
        if c.data is None:
            return default
        if cls is None and not copy:
            value = c.view
            return value if value is not _UNSET else self._view(c)
        return self._value(c, cls, copy)

    def snapshot(self, cls: Any = None, /, *, copy: bool = False) -> Optional[Versioned]:
        """The latest version as :class:`Versioned` (its value as :meth:`get` gives it for the same ``cls`` and
        ``copy``), or None if nothing was published yet."""
        c = self._refresh()
        if c.data is None:
            return None
        if cls is None and not copy:
            value = c.view
            if value is _UNSET:
                value = self._view(c)
        else:
            value = self._value(c, cls, copy)
        return Versioned(c.version, value, c.epoch, c.published, c.tag)

    def changes(self, timeout: Optional[float] = None, *, since: int = 0, cls: Any = None,
                copy: bool = False) -> Iterator[Versioned]:
        """Iterates over the region's versions as :class:`Versioned` snapshots, newest first and conflated:
        the current version (if newer than ``since``), then each time the region changes, the latest version
        (versions published in between are skipped; the last one seen is always the latest).

        ``for v in reader.changes(): apply(v.value)``. Ends when no new version arrives for ``timeout``
        seconds (None: never). Waits with :meth:`await_change`. Raises what :meth:`snapshot` and
        :meth:`await_change` raise (a deleted or replaced region ends it with :class:`RegionReplacedError`).
        """
        from ._changes import changes
        return changes(self, timeout, since, cls, copy)

    def achanges(self, timeout: Optional[float] = None, *, since: int = 0, cls: Any = None, copy: bool = False,
                 max_poll: float = 0.01) -> AsyncIterator[Versioned]:
        """:meth:`changes` for asyncio: ``async for v in reader.achanges(): ...``.

        It never blocks the event loop and starts no thread: it checks the version (one load) and sleeps with
        ``asyncio.sleep``, backing off from 0.5 ms to ``max_poll`` seconds (default 10 ms) while nothing
        changes, so a change is seen within ``max_poll`` and an idle follower wakes at most 1/``max_poll``
        times a second. It checks the file every ``file_check_interval`` like :meth:`await_change`.
        """
        from ._changes import achanges
        return achanges(self, timeout, since, cls, copy, max_poll)

    def snapshot_bytes(self) -> Optional[Versioned]:
        """The latest version as :data:`Versioned` whose value is the validated UTF-8 JSON bytes, unparsed."""
        c = self._valid(self._refresh())
        if c.data is None:
            return None
        return Versioned(c.version, c.data, c.epoch, c.published, c.tag)

    def bytes(self) -> Optional[bytes]:
        """The latest document's UTF-8 JSON bytes as the writer published them, or None. Like :meth:`text`,
        only a payload that passed the same validation as :meth:`get` (docs/FORMAT.md 3.3, checked once per
        version) is handed out: :class:`InvalidJsonError` otherwise, as in Java."""
        return self._valid(self._refresh()).data

    def text(self) -> Optional[str]:
        """The latest document's JSON text, or None (validated as :meth:`bytes` says)."""
        data = self._valid(self._refresh()).data
        return None if data is None else data.decode("utf-8")

    def await_change(self, since_version: int, timeout: float) -> Optional[int]:
        """Waits until the region holds a version newer than ``since_version`` (0 waits for the first one).

        Returns the newer version, or None after ``timeout`` seconds. Sleeps on the commit word's futex when
        the writer promises to wake (docs/FORMAT.md, "Waiting"), else polls with a back-off (up to 1 ms
        between looks) and checks every ``file_check_interval`` that the file was not deleted, replaced or
        truncated (:class:`RegionReplacedError`, :class:`RegionTruncatedError`).
        """
        now = time.monotonic()
        deadline = now + timeout
        next_check = now + self.file_check_interval
        pause = 0.0
        looks = 0
        while True:
            w = self._word()
            v = L.version_of(w)
            if v > since_version:
                return v
            now = time.monotonic()
            if now >= deadline:
                return None
            if now >= next_check:
                self.check_file()
                next_check = now + self.file_check_interval
            looks += 1
            header = self._futex_header() if looks > 2 else None
            if header is not None and header.wake_promised():
                # the writer wakes us after its next commit: sleep in the kernel until then (docs/FORMAT.md)
                header.sleep_while_unchanged(w, min(deadline, next_check) - now)
                continue
            if pause:
                time.sleep(min(pause, deadline - now))
            pause = min(max(pause * 2, 0.00002), 0.001)

    def _word(self) -> int:
        """The commit word; raises if closed or deleted."""
        w = self._latest()  # raises if closed
        if w == L.TOMBSTONE:
            raise self._deleted()
        return w

    def _futex_header(self) -> Optional[_futex.HeaderPage]:
        """The header page mapped for futex waits, made on the first wait (None: no futex here)."""
        if not self._header_tried:
            with self._guard:
                if not self._header_tried and self._mm is not None:
                    self._header = _futex.HeaderPage.open(self.region.path, self._fd)
                    self._header_tried = True
        return self._header

    def check_file(self) -> None:
        """Raises if the path no longer names the mapped file (:class:`RegionReplacedError`), if the file is
        shorter than its header says (:class:`RegionTruncatedError`), or if it was deleted (tombstone)."""
        self._latest()  # open, and not shorter than the mapping (before anything touches the mapping)
        try:
            st = os.lstat(self.region.path)
        except FileNotFoundError:
            raise RegionReplacedError("region '%s' was deleted: %s no longer exists"
                                      % (self.region.name, self.region.path)) from None
        if (st.st_dev, st.st_ino) != self._identity:
            raise RegionReplacedError("region '%s' was replaced: %s is now another file; reopen the reader to"
                                      " follow it" % (self.region.name, self.region.path))
        declared = _U64(self._mm, L.FILE_LENGTH_OFFSET)[0]
        size = os.fstat(self._fd).st_size
        if size < declared:
            raise L.truncated(self.region.name, declared, size)
        if self._latest() == L.TOMBSTONE:
            raise self._deleted()

    def status(self) -> Status:
        """The :data:`Status` the writer sets beside the document (for mirrored regions such as the ZooKeeper
        bridge: whether its source is reachable and valid, and since when). One load."""
        self._latest()  # open, and not truncated
        word = _U64(self._mm, L.STATUS_OFFSET)[0]
        return Status(word & L.STATUS_MAX_FLAGS, word >> 8)

    def info(self) -> Dict[str, Any]:
        """What the region holds now, from its header and the latest descriptor (the document is not parsed)."""
        with self._guard:
            c = self._refresh()
            mm = self._mm
            return {
                "name": self.region.name, "path": self.region.path, "format_version": L.FORMAT_VERSION,
                "version": c.version, "length": c.length, "capacity": c.capacity,
                "file_length": _U64(mm, L.FILE_LENGTH_OFFSET)[0], "epoch": _U64(mm, L.EPOCH_OFFSET)[0],
                "writer_pid": L.I64.unpack_from(mm, L.WRITER_PID_OFFSET)[0],
                "writer_alive": writer_alive(self.region),
                "created_millis": L.I64.unpack_from(mm, L.CREATED_OFFSET)[0],
                "published_micros": c.published if c.version else None, "tag": c.tag,
                "status": self.status(),
            }

    # --------------------------------------------------------------------------------------- protocol

    def _latest(self) -> int:
        mm = self._mm
        if mm is None:
            raise self._closed()
        # CPython cannot survive the SIGBUS of a load from a page the file no longer has: check the size first
        # (lseek to the end returns it, a third of the cost of fstat). A truncation racing with this very load
        # can still fault; nothing in CPython can prevent that (docs/FORMAT.md 6.4).
        try:
            size = os.lseek(self._fd, 0, os.SEEK_END)
        except OSError:
            self._check_open()
            raise
        if size < len(mm):
            raise RegionTruncatedError("region '%s' was truncated under a live reader: the header said %d bytes"
                                       " when it was mapped, the file has %d" % (self.region.name, len(mm), size))
        return int(_U64(mm, L.LATEST_OFFSET)[0])

    def _valid(self, c: _Copy) -> _Copy:
        """``c`` once its payload passed :meth:`get`'s validation (exactly one JSON value, UTF-8 without a
        byte-order mark, within ``max_depth``): a full parse the first time, remembered in ``depth_ok`` (and,
        when :meth:`get` parsed it first, already known). Raises :class:`InvalidJsonError` otherwise."""
        if c.data is not None and not c.depth_ok:
            self._parse(c)
        return c

    def _parse(self, c: _Copy) -> Any:
        if c.depth_ok:
            return parse(c.data, max_depth=1 << 62)  # type: ignore[arg-type]  # data is set when parsed
        value = parse(c.data, self.max_depth, _What(self.region.name, c.version))  # type: ignore[arg-type]
        c.depth_ok = True
        return value

    def _view(self, c: _Copy) -> Any:
        """Parses ``c`` once and keeps its read-only view (a race of two first readers parses twice, harmless)."""
        value = c.view
        if value is _UNSET:
            if c.depth_ok:
                tree = parse(c.data, 1 << 62)  # type: ignore[arg-type]  # data is set for a published version
            else:
                tree = parse(c.data, self.max_depth, _What(self.region.name, c.version))  # type: ignore[arg-type]
                c.depth_ok = True
            value = view(tree)
            c.view = value
        return value

    def _value(self, c: _Copy, cls: Any, copy: bool) -> Any:
        if cls is None:
            return self._parse(c)
        from ._binding import bind, shareable  # imported on first use: dataclasses and inspect are slow to load
        if not copy and c.typed is not None:
            try:
                return c.typed[cls]
            except (KeyError, TypeError):
                pass
        tree = self._view(c)
        what = "region '%s' version %d" % (self.region.name, c.version)
        value = bind(getattr(tree, "_tree", tree), cls, what)
        if not copy and shareable(cls):
            if c.typed is None:
                c.typed = {}
            c.typed[cls] = value
        return value

    def _refresh(self) -> _Copy:
        c = self._current
        if c.word == self._latest() and c.word != L.TOMBSTONE:
            return c
        return self._reload()

    def _reload(self) -> _Copy:
        with self._guard:
            self._check_open()
            c = self._read_latest()
            self._current = c
            return c

    def _read_latest(self) -> _Copy:
        """docs/FORMAT.md 6.2, with the Python notes of 6.3: copy, then validate the copy (sequence unchanged,
        VERSION equal to the commit word's, descriptor in range, CRC-32 of the copied fields and payload).
        Retries when the writer moved on; blames the file only when the commit word still names the version."""
        name = self.region.name
        blamed_word, blamed = None, 0
        for _ in range(MAX_ATTEMPTS):
            mm = self._mm
            w = _U64(mm, L.LATEST_OFFSET)[0]
            if w == L.TOMBSTONE:
                raise self._deleted()
            v, t = L.version_of(w), L.slot_of(w)  # bits 1..16 are the owner's tag: a reader ignores them
            if v == 0:
                return _Copy(w, 0, None, 0, 0, 0, 0, 0)
            seq_at = L.slot_offset(t)
            s1 = _U64(mm, seq_at)[0]
            error: Optional[JsonMmapError] = None
            data = b""
            if s1 & 1:
                error = RegionCorruptError(
                    "region '%s': slot %d, named by the commit word for version %d, is marked as being written"
                    " (sequence %d is odd); a committed slot is never written" % (name, t, v, s1))
            else:
                # one copy of the whole descriptor after SEQ (a memcpy); every field is then read from the copy
                (version, offset, capacity, length, crc, published, epoch,
                 tag) = L.DESCRIPTOR_BODY.unpack(mm[seq_at + 8:seq_at + 64])
                file_length = _U64(mm, L.FILE_LENGTH_OFFSET)[0]
                if version != v:
                    error = RegionCorruptError("region '%s': slot %d holds version %d but the commit word names"
                                               " version %d" % (name, t, version, v))
                elif not L.descriptor_valid(offset, capacity, length, file_length) \
                        or file_length > L.MAX_FILE_LENGTH:
                    error = RegionCorruptError(
                        "region '%s': slot %d is out of range: payload offset %d, capacity %d, length %d, expected"
                        " offset >= %d (a multiple of %d) and length <= capacity and offset + capacity <= file"
                        " length %d" % (name, t, offset, capacity, length, L.HEADER_SIZE, L.PAYLOAD_ALIGNMENT,
                                        file_length))
                elif length > self.max_document_bytes:
                    error = CapacityExceededError("region '%s' version %d is %d bytes, over this reader's limit of"
                                                  " %d bytes" % (name, v, length, self.max_document_bytes))
                else:
                    if offset + length > len(mm):
                        mm = self._remap(file_length)
                    # else: the caller's _latest() found the file no shorter than the mapping just before
                    data = mm[offset:offset + length]
                if _U64(mm, seq_at)[0] != s1:
                    continue  # the writer reused the slot while we copied: a newer version exists
                if error is None and L.seal(version, offset, capacity, length, published, epoch, tag, data) != crc:
                    error = ChecksumMismatchError(
                        "region '%s' version %d fails its checksum: stored CRC-32 0x%08x, computed 0x%08x over %d"
                        " bytes at offset %d" % (name, v, crc, L.seal(version, offset, capacity, length, published,
                                                                      epoch, tag, data), length, offset))
            if error is None:
                return _Copy(w, v, data, epoch, published, tag, length, capacity)
            if _U64(mm, L.LATEST_OFFSET)[0] != w:
                continue  # the writer committed meanwhile: the problem was a race, not the file
            if blamed_word == w and blamed >= BLAME_CONFIRMATIONS:
                raise error
            if blamed_word != w:
                blamed_word, blamed = w, 0
            blamed += 1
            time.sleep(0.0002 * blamed)
        raise JsonMmapError("region '%s': no stable read after %d attempts; something other than one writer is"
                            " changing the file" % (name, MAX_ATTEMPTS))

    def _remap(self, file_length: int) -> mmap.mmap:
        """Maps the file again, larger, after the writer grew it."""
        size = os.fstat(self._fd).st_size
        if size < file_length:
            raise L.truncated(self.region.name, file_length, size)
        try:
            mm = mmap.mmap(self._fd, file_length, access=mmap.ACCESS_READ)
        except OSError as e:
            raise RegionIOError("cannot map region '%s' to its new length %d: %s"
                                % (self.region.name, file_length, e)) from e
        old, self._mm = self._mm, mm
        old.close()
        return mm

    def _deleted(self) -> RegionReplacedError:
        return RegionReplacedError("region '%s' was deleted (its file is marked deleted)" % self.region.name)

    def _check_open(self) -> None:
        if self._mm is None:
            raise self._closed()

    def _closed(self) -> RegionClosedError:
        return RegionClosedError("the reader of region '%s' is closed" % self.region.name)

    # --------------------------------------------------------------------------------------- lifecycle

    @property
    def closed(self) -> bool:
        return self._mm is None

    def close(self) -> None:
        """Unmaps the file and closes it. Idempotent."""
        with self._guard:
            mm, self._mm = self._mm, None  # type: ignore[assignment]
            self._current = _NONE
            header, self._header = self._header, None
            self._header_tried = True  # closed: never made again
            if header is not None:
                header.close()
            if mm is not None:
                mm.close()
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        return "Reader(%r%s)" % (self.region.name, ", closed" if self.closed else "")
