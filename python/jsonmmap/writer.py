"""The master: the one process that publishes versions of a region's document."""

import errno
import mmap
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Union

from . import _futex
from . import _layout as L
from ._json import parse, serialize
from ._platform import check_store_order
from .errors import (CapacityExceededError, InvalidJsonError, RegionClosedError, RegionCorruptError, RegionIOError,
                     RegionReplacedError, SerializationError, StaleWriterError, StorageFullError, WriterLockedError)
from .errors import JsonMmapError, from_os_error
from .reader import Status
from ._region import (Region, WriterLock, _pid_alive, as_region, check_trusted, create_file,
                      create_private_directory, open_nofollow, refuse_non_regular)

if TYPE_CHECKING:
    from os import PathLike

DEFAULT_INITIAL_CAPACITY = 64 * 1024
#: How long a publish waits for a slot that a writer which lost its lock file is still writing (FORMAT.md 5.4).
BUSY_SLOT_WAIT = 2.0
_TAKEOVER_ATTEMPTS = 1000
#: Whether this process's compare-and-set is atomic (docs/FORMAT.md 6.5).
HAS_ATOMIC_CAS = L.HAS_ATOMIC_CAS
_cas = L.cas_u64
_ZEROS = bytes(1 << 20)
_PAGE = mmap.PAGESIZE
_pack = L.U64.pack_into  # private buffers only (see _layout.store_u64)
_store = L.store_u64
_U64 = L.U64.unpack_from


def _allocate(fd: int, start: int, end: int, name: str) -> None:
    """Writes zeros over [start, end) with ordinary writes, so the file system allocates every page now: a full
    /dev/shm fails here with StorageFullError instead of with SIGBUS when a mapped page is first touched."""
    pos = start
    try:
        while pos < end:
            pos += os.pwrite(fd, memoryview(_ZEROS)[:min(len(_ZEROS), end - pos)], pos)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFullError("region '%s' cannot grow to %d bytes: no space left on the file system (needed"
                                   " %d more bytes, got %d)" % (name, end, end - start, pos - start)) from e
        raise


class Writer:
    """The writer of a region: ``Writer("cfg")`` or ``Writer("cfg", directory="/srv/regions")``.

    Opening takes the exclusive lock on ``NAME.jmm.lock`` (the same POSIX lock a Java ``RegionWriter`` takes,
    so writers in both languages exclude each other); a second writer fails at once with
    :class:`WriterLockedError` naming the holder's pid. It creates the region if missing (and a missing
    directory, mode 0700), or takes an existing one over: epoch + 1, versions continue from the latest.
    It refuses, with :class:`UnsafePathError` naming path, owner, mode and what to do, a directory others could
    write, a region or lock file with group or other write bits, or one it does not own (docs/FORMAT.md 2).

    :meth:`publish` serializes first, in private memory, so a value that cannot be serialized or is too
    large changes nothing; then it writes the slot readers are not pointed at, seals it with a CRC-32 and
    commits it by one store of the commit word (docs/FORMAT.md 5.4). Documents larger than the slot grow
    the region (up to ``max_capacity``).

    Options (keywords): ``initial_capacity`` (64 KiB), ``max_capacity`` (512 MiB), ``mode`` of created files
    (0o600; e.g. 0o640 for a group of followers; never executable, never writable by group or others),
    ``durable`` (msync before publish returns), ``allow_weak_store_order`` (False: on a CPU without x86-64 store
    order the writer refuses to start with :class:`UnsupportedPlatformError`; see ``jsonmmap._platform`` and
    python/README.md).

    Thread-safe; a context manager; close it to release the region. Use after close raises
    :class:`RegionClosedError`.
    """

    def __init__(self, name: Union[str, Region], directory: "Union[str, PathLike[str], None]" = None, *,
                 initial_capacity: int = DEFAULT_INITIAL_CAPACITY, max_capacity: int = L.FORMAT_MAX_CAPACITY,
                 mode: int = 0o600, durable: bool = False, allow_weak_store_order: bool = False) -> None:
        if not 1 <= max_capacity <= L.FORMAT_MAX_CAPACITY:
            raise ValueError("max capacity must be 1..%d bytes, was %r" % (L.FORMAT_MAX_CAPACITY, max_capacity))
        if not 1 <= initial_capacity <= L.FORMAT_MAX_CAPACITY:
            raise ValueError("initial capacity must be 1..%d bytes, was %r"
                             % (L.FORMAT_MAX_CAPACITY, initial_capacity))
        if mode & ~0o666 or mode & 0o600 != 0o600 or mode & 0o022:
            raise ValueError("mode must give the owner read and write, nobody else write and nobody execute"
                             " (e.g. 0o600, 0o640), was %s" % oct(mode))
        self.region = as_region(name, directory)
        check_store_order(self.region.name, allow_weak_store_order)
        self.initial_capacity = min(initial_capacity, max_capacity)
        self.max_capacity = max_capacity
        self.mode = mode
        self.durable = durable
        self._guard = threading.RLock()
        # None once closed, which _check_open() checks before any use: typed as the open state
        self._mm: mmap.mmap = None  # type: ignore[assignment]
        self._fd = -1
        self._header: Optional[_futex.HeaderPage] = None  # the header page for futex wake-ups (None: cannot wake)
        self._slot_offset: List[int] = [0, 0]
        self._slot_capacity: List[int] = [0, 0]
        self._latest_slot = -1
        self._last_version = 0
        self._current: Optional[bytes] = None  # bytes of the last published (or taken-over) version
        region = self.region
        try:
            create_private_directory(region.directory)
        except OSError as e:
            raise from_os_error(e, "cannot create the directory of region '%s'" % region.name) from e
        refuse_non_regular(region.path, region.name)
        check_trusted(region, for_writing=True)
        self._lock = WriterLock(region, mode)
        self._fenced = False
        self._last_word = 0
        self._prev_epoch = 0
        self._prev_tag = 0
        self._prev_pid = 0
        self._first_holder = 0
        self.epoch = 0
        try:
            # a file marked deleted is never revived: a fresh one replaces it (docs/FORMAT.md 5.2)
            for attempt in range(2):
                if not region.exists():
                    self._create()
                if self._open_and_take_over():
                    break
                if attempt:
                    raise RegionReplacedError("region '%s' was marked deleted again while this writer was creating"
                                              " it; open the writer again" % region.name)
                self._create()
        except JsonMmapError:
            self._lock.close()
            raise
        except OSError as e:
            self._lock.close()
            raise from_os_error(e, "cannot open region '%s' for writing" % region.name) from e
        except BaseException:
            self._lock.close()
            raise

    def _create(self) -> None:
        """docs/FORMAT.md 5.2: build the file under a temporary name, then rename it into place."""
        region = self.region
        capacity = L.align_payload(self.initial_capacity)
        length = L.HEADER_SIZE + 2 * capacity
        tmp = os.path.join(os.path.dirname(region.path),
                           ".%s.tmp-%d-%d" % (os.path.basename(region.path), os.getpid(), time.monotonic_ns()))
        fd = create_file(tmp, region.name, self.mode, exclusive=True)
        try:
            try:
                _allocate(fd, 0, length, region.name)
                head = bytearray(L.HEADER_SIZE)
                _pack(head, L.MAGIC_OFFSET, L.MAGIC)
                L.U32.pack_into(head, L.FORMAT_VERSION_OFFSET, L.FORMAT_VERSION)
                L.U32.pack_into(head, L.HEADER_SIZE_OFFSET, L.HEADER_SIZE)
                L.I64.pack_into(head, L.CREATED_OFFSET, time.time_ns() // 1_000_000)
                _pack(head, L.EPOCH_OFFSET, 0)
                L.I64.pack_into(head, L.WRITER_PID_OFFSET, os.getpid())
                _pack(head, L.MAX_CAPACITY_OFFSET, self.max_capacity)
                _pack(head, L.FILE_LENGTH_OFFSET, length)
                _pack(head, L.RESERVED_LENGTH_OFFSET, length)
                for s in range(L.SLOT_COUNT):
                    _pack(head, L.slot_field(s, L.PAYLOAD_OFFSET_FIELD), L.HEADER_SIZE + s * capacity)
                    _pack(head, L.slot_field(s, L.CAPACITY_FIELD), capacity)
                os.pwrite(fd, head, 0)
                if self.durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.rename(tmp, region.path)  # atomic; over a file marked deleted, if one is there
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        if self.durable:
            dfd = os.open(region.directory, os.O_RDONLY)
            try:
                os.fsync(dfd)
            except OSError:
                pass  # not supported by this file system
            finally:
                os.close(dfd)

    def _open_and_take_over(self) -> bool:
        """Opens the file at the path and takes it over; False if it carries the tombstone."""
        region = self.region
        refuse_non_regular(region.path, region.name)
        fd = open_nofollow(region.path, region.name, os.O_RDWR)
        try:
            declared = L.check_header(fd, region.name)
            self._fd = fd
            self._file_length = declared
            self._mm = mmap.mmap(fd, declared, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
            self._header = _futex.HeaderPage.map_fd(fd, True)
            if self._take_over():
                return True
        except BaseException:
            self._release_file()
            raise
        self._release_file()
        return False

    def _release_file(self) -> None:
        if self._header is not None:
            self._header.close()
            self._header = None
        if self._mm is not None:
            self._mm.close()
            self._mm = None  # type: ignore[assignment]
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _take_over(self) -> bool:
        """docs/FORMAT.md 5.3: look and refuse before changing anything, take a new epoch, fence every earlier
        writer with one compare-and-set of the commit word, then reclaim what a dead previous owner left."""
        mm = self._mm
        name = self.region.name
        for _ in range(_TAKEOVER_ATTEMPTS):
            w = _U64(mm, L.LATEST_OFFSET)[0]
            if w == L.TOMBSTONE:
                return False
            v, s = L.version_of(w), L.slot_of(w)
            if v >= L.MAX_VERSION:
                raise RegionCorruptError("region '%s': the commit word %s names version %d, beyond the largest"
                                         " version %d; the file was left unchanged"
                                         % (name, L.hex64(w), v, L.MAX_VERSION - 1))
            prev_epoch = _U64(mm, L.EPOCH_OFFSET)[0]
            prev_pid = L.I64.unpack_from(mm, L.WRITER_PID_OFFSET)[0]
            header_token = _U64(mm, L.LOCK_TOKEN_OFFSET)[0]
            header_lock_epoch = _U64(mm, L.LOCK_EPOCH_OFFSET)[0]
            latest = self._valid_slot(s, v) if v else None
            e = (prev_epoch + 1) & L.U64_MASK
            if not _cas(mm, L.EPOCH_OFFSET, prev_epoch, e):
                continue
            if not _cas(mm, L.LATEST_OFFSET, w, L.latest_word(v, e, s)):
                now = _U64(mm, L.EPOCH_OFFSET)[0]
                if now != e:
                    raise WriterLockedError("region '%s' was taken over by another writer (epoch %d) while this one"
                                            " (epoch %d) was taking it over; its lock file must have been replaced:"
                                            " only one of them may write" % (name, now, e), -1)
                continue  # a fenced writer committed, or a delete marked the file, meanwhile: look again
            break
        else:
            raise WriterLockedError("region '%s': the commit word kept changing during %d takeover attempts; another"
                                    " process keeps writing the file" % (name, _TAKEOVER_ATTEMPTS), -1)
        self.epoch = e
        self._last_word = L.latest_word(v, e, s)
        self._last_version = v
        self._latest_slot = s if v else -1
        self._prev_epoch = prev_epoch
        self._prev_tag = prev_epoch & L.CLAIMER_MASK
        self._prev_pid = prev_pid
        # the same lock file as the owners since LOCK_EPOCH: we hold it now, so every one of them released it
        same_lock = self._lock.token != 0 and self._lock.token == header_token
        self._first_holder = header_lock_epoch if same_lock and 0 < header_lock_epoch <= prev_epoch else e
        for i in range(L.SLOT_COUNT):
            off = _U64(mm, L.slot_field(i, L.PAYLOAD_OFFSET_FIELD))[0]
            cap = _U64(mm, L.slot_field(i, L.CAPACITY_FIELD))[0]
            if L.area_valid(off, cap, self._file_length):
                self._slot_offset[i], self._slot_capacity[i] = off, cap
            else:
                # an out-of-range area is never reused: the next publish into this slot grows a fresh one
                self._slot_offset[i], self._slot_capacity[i] = 0, 0
            seq = _U64(mm, L.slot_field(i, L.SEQ_FIELD))[0]
            if L.is_writing(seq) and self._abandoned(seq):
                self._void_slot(i, seq)
        if v:
            if latest is not None:
                self._current = latest
            else:
                seq = _U64(mm, L.slot_field(s, L.SEQ_FIELD))[0]
                if not L.is_writing(seq):
                    # void it (claim, version 0, release) so that it can never pass for a previous version
                    self._void_slot(s, seq)
        L.store_i64(mm, L.WRITER_PID_OFFSET, os.getpid())
        _store(mm, L.MAX_CAPACITY_OFFSET, self.max_capacity)
        if not same_lock:
            # a new lock file starts with this epoch: LOCK_EPOCH first, the token after
            _store(mm, L.LOCK_EPOCH_OFFSET, e)
            _store(mm, L.LOCK_TOKEN_OFFSET, self._lock.token)
        self._raise_to(L.RESERVED_LENGTH_OFFSET, self._file_length)
        # a new writer knows nothing yet about any source the last one mirrored
        _store(mm, L.STATUS_OFFSET, (time.time_ns() // 1000) << 8)
        if self._header is not None:
            # after the epoch: followers trust the promise only while it names the current epoch
            self._header.promise_wakes(self.epoch)
        return True

    def _valid_slot(self, s: int, expected: int) -> Optional[bytes]:
        """The payload of slot ``s`` if it is stable, holds ``expected``, lies in the file and passes its CRC."""
        mm = self._mm
        base = L.slot_offset(s)
        seq = _U64(mm, base)[0]
        if L.is_writing(seq):
            return None
        (version, offset, capacity, length, crc, published, epoch,
         tag) = L.DESCRIPTOR_BODY.unpack(mm[base + 8:base + 64])
        if version != expected or not L.descriptor_valid(offset, capacity, length, self._file_length):
            return None
        data = mm[offset:offset + length]
        if _U64(mm, base)[0] != seq:
            return None
        return data if L.seal(version, offset, capacity, length, published, epoch, tag, data) == crc else None

    def _abandoned(self, seq: int) -> bool:
        """Whether the odd ``seq`` is the claim of a writer that can no longer write: one that held the lock file
        we hold now, or the previous owner whose pid is gone, or no writer at all (a damaged file)."""
        claimer = L.claimer_of(seq)
        small = self._prev_epoch <= L.CLAIMER_MASK
        if claimer == 0 or (small and claimer > self._prev_tag):
            return True  # no writer ever had this epoch (epochs only grow; 0 never writes): a damaged file
        if small and (self._first_holder & L.CLAIMER_MASK) <= claimer < (self.epoch & L.CLAIMER_MASK):
            return True
        return claimer == self._prev_tag and self._prev_pid > 0 and not _pid_alive(self._prev_pid)

    def _void_slot(self, i: int, seq: int) -> bool:
        """Claims slot ``i`` from ``seq``, sets VERSION to 0 and releases it: it never passes for a version."""
        mm = self._mm
        seq_at = L.slot_field(i, L.SEQ_FIELD)
        c = L.claim_seq(seq, self.epoch)
        if not _cas(mm, seq_at, seq, c):
            return False
        _store(mm, L.slot_field(i, L.VERSION_FIELD), 0)
        _store(mm, seq_at, L.release_seq(c))
        return True

    def _raise_to(self, offset: int, value: int) -> None:
        mm = self._mm
        while True:
            now = _U64(mm, offset)[0]
            if now >= value or _cas(mm, offset, now, value):
                return

    # ----------------------------------------------------------------------------------------- publishing

    def publish(self, value: Any, tag: int = 0) -> int:
        """Serializes ``value`` (anything ``json.dumps`` takes; no NaN/Infinity) and publishes it as the next
        version, which it returns. ``tag`` is any 64-bit number readers see beside the version.

        Raises :class:`SerializationError` (nothing published), :class:`CapacityExceededError` (over
        ``max_capacity``; the previous version stays), :class:`StorageFullError` (growth found the file system
        full; the previous version stays), :class:`StaleWriterError` (another writer took the region over),
        :class:`RegionClosedError`.
        """
        data = serialize(value)
        return self._publish(data, tag)

    def publish_json(self, json_text: Union[str, bytes, bytearray, memoryview], tag: int = 0) -> int:
        """Publishes JSON text (str, or UTF-8 bytes) after checking it is exactly one JSON value
        (:class:`InvalidJsonError` otherwise; nothing published). Returns the new version."""
        if isinstance(json_text, str):
            try:
                data = json_text.encode("utf-8")
            except UnicodeEncodeError as e:
                raise InvalidJsonError("JSON text for region '%s' cannot be encoded as UTF-8: %s"
                                       % (self.region.name, e)) from None
        else:
            data = bytes(json_text)
        parse(data, max_depth=1 << 62, what="JSON text for region '%s'" % self.region.name)
        return self._publish(data, tag)

    def update(self, fn: Callable[[Any], Any]) -> int:
        """Publishes ``fn(current)``, where ``current`` is a private copy of the document last published (None
        if nothing yet). Returns the new version."""
        with self._guard:
            return self.publish(fn(self.current()))

    def _check_owner(self, consequence: str) -> None:
        """The early fence (docs/FORMAT.md 5.4 step 1): the commit word must still be the one this writer stored
        last; the commit's compare-and-set is the real fence."""
        w = _U64(self._mm, L.LATEST_OFFSET)[0]
        if self._fenced or w != self._last_word:
            self._fenced = True
            raise self._stale(w, consequence)

    def _stale(self, now: int, consequence: str) -> StaleWriterError:
        why = ("the region was deleted" if now == L.TOMBSTONE else
               "another writer took it over (the commit word now names version %d of owner tag %d, this writer's"
               " tag is %d)" % (L.version_of(now), L.owner_of(now), self.epoch & L.OWNER_MASK))
        return StaleWriterError("this writer of region '%s' (epoch %d) no longer owns it: %s; %s"
                                % (self.region.name, self.epoch, why, consequence))

    def _publish(self, data: bytes, tag: int) -> int:
        if not -(1 << 63) <= tag < (1 << 63):
            raise ValueError("tag must be a 64-bit signed number, was %r" % (tag,))
        with self._guard:
            self._check_open()
            return self._commit(data, tag)

    def _commit(self, data: bytes, tag: int) -> int:
        """docs/FORMAT.md 5.4: claim, grow if needed, write, commit by compare-and-set."""
        name = self.region.name
        n = len(data)
        if n > self.max_capacity:
            raise CapacityExceededError("document for region '%s' is %d bytes, over the maximum capacity of %d"
                                        " bytes; version %d stays" % (name, n, self.max_capacity, self._last_version))
        self._check_owner("nothing was published")
        if self._last_version + 1 >= L.MAX_VERSION:
            raise CapacityExceededError("region '%s' has used every version number" % name)
        t = 0 if self._latest_slot < 0 else 1 - self._latest_slot
        claim = self._claim(t)
        seq_at = L.slot_offset(t)
        try:
            if self._slot_capacity[t] < n:
                self._grow(t, n)
        except BaseException:
            _store(self._mm, seq_at, L.release_seq(claim))  # give the slot back unchanged
            raise
        mm = self._mm
        version = self._last_version + 1
        offset = self._slot_offset[t]
        capacity = self._slot_capacity[t]
        published = time.time_ns() // 1000
        crc = L.seal(version, offset, capacity, n, published, self.epoch, tag, data)
        # Each store below is its own call into C, performed in program order; x86-64 keeps stores in order
        # (TSO), which is the release of docs/FORMAT.md 5.4 step 5; the claim's compare-and-set was a full fence.
        mm[seq_at + 8:seq_at + 64] = L.DESCRIPTOR_BODY.pack(version, offset, capacity, n, crc, published,
                                                            self.epoch, tag)
        mm[offset:offset + n] = data
        _store(mm, seq_at, L.release_seq(claim))
        if self.durable:
            start = offset - offset % _PAGE
            mm.flush(start, offset + n - start)
            mm.flush(0, L.HEADER_SIZE)
        # the commit: one compare-and-set from the word this writer stored last
        word = L.latest_word(version, self.epoch, t)
        if not _cas(mm, L.LATEST_OFFSET, self._last_word, word):
            self._fenced = True
            raise self._stale(_U64(mm, L.LATEST_OFFSET)[0], "nothing was published (the version written was"
                                                            " discarded before any reader could see it)")
        if self._header is not None and (not HAS_ATOMIC_CAS or self._header.waiters()):
            # the compare-and-set (a locked instruction) is the full fence before the load of WAITERS; without
            # it CPython has none, so wake whatever the count says (docs/FORMAT.md 6.6)
            self._header.wake_all()
        if self.durable:
            mm.flush(0, L.HEADER_SIZE)
        self._last_word = word
        self._last_version = version
        self._latest_slot = t
        self._current = data
        return version

    def _claim(self, t: int) -> int:
        """docs/FORMAT.md 5.4 step 3: make SEQ[t] odd by compare-and-set; wait while another writer's claim holds
        the slot (a writer that lost its lock file finishing its last write), unless it is proven dead."""
        mm = self._mm
        seq_at = L.slot_offset(t)
        start = time.monotonic()
        pause = 0.00001
        while True:
            seq = _U64(mm, seq_at)[0]
            # the sequence first, the commit word after: a newer owner fences before it claims
            self._check_owner("nothing was published")
            if not L.is_writing(seq):
                c = L.claim_seq(seq, self.epoch)
                if _cas(mm, seq_at, seq, c):
                    return c
                continue
            if self._abandoned(seq):
                self._void_slot(t, seq)
                continue
            waited = time.monotonic() - start
            if waited > BUSY_SLOT_WAIT:
                prev = L.claimer_of(seq) == self._prev_tag
                pid = self._prev_pid if prev else -1
                raise WriterLockedError("region '%s': slot %d is being written by another writer (epoch tag %d%s)"
                                        " that lost its lock file, and it did not finish within %d ms; nothing was"
                                        " published. Stop that process (or wait for it); if it is dead, deleting"
                                        " the region with force clears it"
                                        % (self.region.name, t, L.claimer_of(seq), ", pid %d" % pid if prev else "",
                                           waited * 1000), pid)
            time.sleep(pause)
            pause = min(pause * 2, 0.001)

    def _grow(self, t: int, needed: int) -> None:
        """docs/FORMAT.md 5.4 step 4: claim space at the end (compare-and-set of RESERVED_LENGTH, so two writers
        never allocate over each other), allocate it, map it, raise FILE_LENGTH."""
        name = self.region.name
        wanted = max(needed + needed // 2, 2 * self._slot_capacity[t], self.initial_capacity)
        capacity = L.align_payload(max(needed, min(wanted, self.max_capacity)))
        mm = self._mm
        while True:
            reserved = _U64(mm, L.RESERVED_LENGTH_OFFSET)[0]
            base = max(reserved, _U64(mm, L.FILE_LENGTH_OFFSET)[0])
            if not L.HEADER_SIZE <= base <= L.MAX_FILE_LENGTH:
                raise RegionCorruptError("region '%s': the reserved length %d is outside %d..%d"
                                         % (name, base, L.HEADER_SIZE, L.MAX_FILE_LENGTH))
            offset = L.align_payload(base)
            new_length = offset + capacity
            if new_length > L.MAX_FILE_LENGTH:
                raise CapacityExceededError("region '%s' would need a file of %d bytes to hold a %d-byte document,"
                                            " over the %d-byte limit of a mapping; version %d stays"
                                            % (name, new_length, needed, L.MAX_FILE_LENGTH, self._last_version))
            if _cas(mm, L.RESERVED_LENGTH_OFFSET, reserved, new_length):
                break
        try:
            try:
                _allocate(self._fd, offset, new_length, name)
            except BaseException:
                # give the space back if nobody claimed space after it, and free what was allocated (no reader
                # maps beyond FILE_LENGTH, which is at most offset here)
                if _cas(mm, L.RESERVED_LENGTH_OFFSET, new_length, reserved) and os.fstat(self._fd).st_size > offset:
                    os.ftruncate(self._fd, max(offset, _U64(mm, L.FILE_LENGTH_OFFSET)[0]))
                raise
            if self.durable:
                os.fsync(self._fd)
            if new_length > len(mm):
                new_mm = mmap.mmap(self._fd, new_length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
                old, self._mm = self._mm, new_mm
                old.close()
        except StorageFullError as e:
            raise StorageFullError("%s; version %d stays" % (e, self._last_version)) from e.__cause__
        except JsonMmapError:
            raise
        except OSError as e:
            raise from_os_error(e, "cannot grow region '%s' to %d bytes" % (name, new_length)) from e
        # readers that see the new length find the space allocated and zeroed; it never goes down
        self._raise_to(L.FILE_LENGTH_OFFSET, new_length)
        self._file_length = max(self._file_length, new_length)
        self._slot_offset[t] = offset
        self._slot_capacity[t] = capacity

    # ------------------------------------------------------------------------------------------- state

    def set_status(self, flags: int) -> Status:
        """Sets the status readers see beside the document (for writers that mirror another source):
        ``flags`` combines :data:`SOURCE_DISCONNECTED` and :data:`SOURCE_INVALID`, 0 when all is well.
        Returns the :data:`Status` stored. Raises :class:`StaleWriterError` if another writer took over."""
        if not 0 <= flags <= L.STATUS_MAX_FLAGS:
            raise ValueError("status flags must be 0..%d, was %r" % (L.STATUS_MAX_FLAGS, flags))
        with self._guard:
            self._check_open()
            since = time.time_ns() // 1000
            while True:
                self._check_owner("nothing was written")
                now = _U64(self._mm, L.STATUS_OFFSET)[0]
                if _cas(self._mm, L.STATUS_OFFSET, now, (since << 8) | flags):
                    return Status(flags, since)

    def current(self) -> Any:
        """A private copy of the document last published (or found valid at takeover), or None."""
        with self._guard:
            self._check_open()
            data = self._current
        return None if data is None else parse(data, max_depth=1 << 62)

    def current_bytes(self) -> Optional[bytes]:
        """The UTF-8 JSON bytes last published, or None."""
        with self._guard:
            self._check_open()
            return self._current

    @property
    def version(self) -> int:
        """The last version published (0 if none yet)."""
        return self._last_version

    @property
    def closed(self) -> bool:
        return self._mm is None

    def _check_open(self) -> None:
        if self._mm is None:
            raise RegionClosedError("the writer of region '%s' is closed" % self.region.name)

    def close(self) -> None:
        """Releases the region: readers keep the last version; another writer may take over. Idempotent."""
        with self._guard:
            mm, self._mm = self._mm, None  # type: ignore[assignment]
            if mm is None:
                return
            try:
                if self.durable:
                    mm.flush()
                mm.close()
                if self._header is not None:
                    self._header.close()
                    self._header = None
                os.close(self._fd)
                self._fd = -1
            finally:
                self._lock.close()

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return "Writer(%r, epoch %d, version %d%s)" % (self.region.name, self.epoch, self._last_version,
                                                      ", closed" if self.closed else "")
