"""The master: the one process that publishes versions of a region's document."""

import errno
import mmap
import os
import threading
import time

from . import _futex
from . import _layout as L
from ._json import parse, serialize
from .errors import (CapacityExceededError, InvalidJsonError, RegionClosedError, RegionCorruptError, RegionIOError,
                     SerializationError, StaleWriterError, StorageFullError)
from .reader import Status
from .region import (WriterLock, as_region, create_file, create_private_directory, open_nofollow,
                     refuse_non_regular)

DEFAULT_INITIAL_CAPACITY = 64 * 1024
_ZEROS = bytes(1 << 20)
_PAGE = mmap.PAGESIZE
_pack = L.U64.pack_into  # private buffers only (see _layout.store_u64)
_store = L.store_u64
_U64 = L.U64.unpack_from


def _allocate(fd, start, end, name):
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

    :meth:`publish` serializes first, in private memory, so a value that cannot be serialized or is too
    large changes nothing; then it writes the slot readers are not pointed at, seals it with a CRC-32 and
    commits it by one store of the commit word (docs/FORMAT.md 5.4). Documents larger than the slot grow
    the region (up to ``max_capacity``).

    Options (keywords): ``initial_capacity`` (64 KiB), ``max_capacity`` (512 MiB), ``mode`` of created files
    (0o600; e.g. 0o640 for a group of followers; never executable), ``durable`` (msync before publish returns).

    Thread-safe; a context manager; close it to release the region. Use after close raises
    :class:`RegionClosedError`.
    """

    def __init__(self, name, directory=None, *, initial_capacity=DEFAULT_INITIAL_CAPACITY,
                 max_capacity=L.FORMAT_MAX_CAPACITY, mode=0o600, durable=False):
        if not 1 <= max_capacity <= L.FORMAT_MAX_CAPACITY:
            raise ValueError("max capacity must be 1..%d bytes, was %r" % (L.FORMAT_MAX_CAPACITY, max_capacity))
        if not 1 <= initial_capacity <= L.FORMAT_MAX_CAPACITY:
            raise ValueError("initial capacity must be 1..%d bytes, was %r"
                             % (L.FORMAT_MAX_CAPACITY, initial_capacity))
        if mode & ~0o666 or mode & 0o600 != 0o600:
            raise ValueError("mode must give the owner read and write and nobody execute (e.g. 0o600, 0o640),"
                             " was %s" % oct(mode))
        self.region = as_region(name, directory)
        self.initial_capacity = min(initial_capacity, max_capacity)
        self.max_capacity = max_capacity
        self.mode = mode
        self.durable = durable
        self._guard = threading.RLock()
        self._mm = None
        self._fd = -1
        self._header = None  # the header page for futex wake-ups (None: this process cannot wake)
        self._slot_offset = [0, 0]
        self._slot_capacity = [0, 0]
        self._latest_slot = -1
        self._last_version = 0
        self._current = None  # bytes of the last published (or taken-over) version
        region = self.region
        create_private_directory(region.directory)
        refuse_non_regular(region.path, region.name)
        self._lock = WriterLock(region, mode)
        try:
            if not region.exists():
                self._create()
            refuse_non_regular(region.path, region.name)
            fd = open_nofollow(region.path, region.name, os.O_RDWR)
            try:
                declared = L.check_header(fd, region.name)
                self.epoch = _U64(os.pread(fd, 8, L.EPOCH_OFFSET), 0)[0] + 1
                self._fd = fd
                self._file_length = declared
                self._mm = mmap.mmap(fd, declared, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
                self._header = _futex.HeaderPage.map_fd(fd, True)
                self._take_over()
            except BaseException:
                if self._mm is not None:
                    self._mm.close()
                    self._mm = None
                os.close(fd)
                self._fd = -1
                raise
        except OSError as e:
            self._lock.close()
            raise RegionIOError("cannot open region '%s' for writing: %s" % (region.name, e)) from e
        except BaseException:
            self._lock.close()
            raise

    def _create(self):
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
                for s in range(L.SLOT_COUNT):
                    _pack(head, L.slot_field(s, L.PAYLOAD_OFFSET_FIELD), L.HEADER_SIZE + s * capacity)
                    _pack(head, L.slot_field(s, L.CAPACITY_FIELD), capacity)
                os.pwrite(fd, head, 0)
                if self.durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.rename(tmp, region.path)
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

    def _take_over(self):
        """docs/FORMAT.md 5.3: repair what a dead writer left, resume the version sequence, take a new epoch."""
        mm = self._mm
        latest = _U64(mm, L.LATEST_OFFSET)[0]
        deleted = latest == L.TOMBSTONE
        if deleted:
            latest = 0
        max_seen = 0
        for s in range(L.SLOT_COUNT):
            off = _U64(mm, L.slot_field(s, L.PAYLOAD_OFFSET_FIELD))[0]
            cap = _U64(mm, L.slot_field(s, L.CAPACITY_FIELD))[0]
            if L.descriptor_valid(off, cap, 0, self._file_length):
                self._slot_offset[s], self._slot_capacity[s] = off, cap
            else:
                # an out-of-range area is never reused: the next publish into this slot grows a fresh one
                self._slot_offset[s], self._slot_capacity[s] = 0, 0
            seq_at = L.slot_field(s, L.SEQ_FIELD)
            seq = _U64(mm, seq_at)[0]
            if seq & 1:
                # a writer died in the middle of writing this slot; it was never committed
                _store(mm, seq_at, (seq + 1) & 0xFFFFFFFFFFFFFFFF)
            v = _U64(mm, L.slot_field(s, L.VERSION_FIELD))[0]
            if 0 < v <= L.MAX_VERSION:
                max_seen = max(max_seen, v)
        if latest:
            v, s = latest >> 1, latest & 1
            max_seen = max(max_seen, v)
            self._latest_slot = s
            data = self._read_own_slot(s, v)
            if data is not None:
                self._current = data
            else:
                # void the slot (odd, version 0, even) so that it can never pass for a previous version
                seq_at = L.slot_field(s, L.SEQ_FIELD)
                seq = _U64(mm, seq_at)[0] & ~1
                _store(mm, seq_at, seq + 1)
                _store(mm, L.slot_field(s, L.VERSION_FIELD), 0)
                _store(mm, seq_at, seq + 2)
        if max_seen >= L.MAX_VERSION:
            raise RegionCorruptError("region '%s' has a version field of %d, beyond the largest version %d"
                                     % (self.region.name, max_seen, L.MAX_VERSION - 1))
        self._last_version = max_seen
        L.store_i64(mm, L.WRITER_PID_OFFSET, os.getpid())
        _store(mm, L.MAX_CAPACITY_OFFSET, self.max_capacity)
        if deleted:
            _store(mm, L.LATEST_OFFSET, 0)
        # a new writer knows nothing yet about any source the last one mirrored
        _store(mm, L.STATUS_OFFSET, (time.time_ns() // 1000) << 8)
        # the new epoch fences any writer still running on this file (see _commit)
        _store(mm, L.EPOCH_OFFSET, self.epoch)
        if self._header is not None:
            # after the epoch: followers trust the promise only while it names the current epoch
            self._header.promise_wakes(self.epoch)

    def _read_own_slot(self, s, expected):
        """Validates one slot as a reader would (bounds, version, CRC); no other writer can be running."""
        mm = self._mm
        base = L.slot_offset(s)
        (version, offset, capacity, length, crc, published, epoch,
         tag) = L.DESCRIPTOR_BODY.unpack(mm[base + 8:base + 64])
        if version != expected or not L.descriptor_valid(offset, capacity, length, self._file_length):
            return None
        data = mm[offset:offset + length]
        return data if L.seal(version, offset, capacity, length, published, epoch, tag, data) == crc else None

    # ----------------------------------------------------------------------------------------- publishing

    def publish(self, value, tag=0):
        """Serializes ``value`` (anything ``json.dumps`` takes; no NaN/Infinity) and publishes it as the next
        version, which it returns. ``tag`` is any 64-bit number readers see beside the version.

        Raises :class:`SerializationError` (nothing published), :class:`CapacityExceededError` (over
        ``max_capacity``; the previous version stays), :class:`StorageFullError` (growth found the file system
        full; the previous version stays), :class:`StaleWriterError` (another writer took the region over),
        :class:`RegionClosedError`.
        """
        data = serialize(value)
        return self._publish(data, tag)

    def publish_json(self, json_text, tag=0):
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

    def update(self, fn):
        """Publishes ``fn(current)``, where ``current`` is a private copy of the document last published (None
        if nothing yet). Returns the new version."""
        with self._guard:
            return self.publish(fn(self.current()))

    def _check_epoch(self, consequence):
        """Fencing (docs/FORMAT.md 5.3): refuse to write once another writer or a delete moved the epoch."""
        header_epoch = _U64(self._mm, L.EPOCH_OFFSET)[0]
        if header_epoch != self.epoch:
            raise StaleWriterError("this writer of region '%s' has epoch %d but the region now has epoch %d: another"
                                   " writer took it over, or it was deleted; %s"
                                   % (self.region.name, self.epoch, header_epoch, consequence))

    def _publish(self, data, tag):
        if not -(1 << 63) <= tag < (1 << 63):
            raise ValueError("tag must be a 64-bit signed number, was %r" % (tag,))
        with self._guard:
            self._check_open()
            return self._commit(data, tag)

    def _commit(self, data, tag):
        """docs/FORMAT.md 5.4."""
        name = self.region.name
        n = len(data)
        if n > self.max_capacity:
            raise CapacityExceededError("document for region '%s' is %d bytes, over the maximum capacity of %d"
                                        " bytes; version %d stays" % (name, n, self.max_capacity, self._last_version))
        self._check_epoch("nothing was published")
        if self._last_version + 1 >= L.MAX_VERSION:
            raise CapacityExceededError("region '%s' has used every version number" % name)
        t = 0 if self._latest_slot < 0 else 1 - self._latest_slot
        if self._slot_capacity[t] < n:
            self._grow(t, n)
        mm = self._mm
        version = self._last_version + 1
        offset = self._slot_offset[t]
        capacity = self._slot_capacity[t]
        published = time.time_ns() // 1000
        crc = L.seal(version, offset, capacity, n, published, self.epoch, tag, data)

        seq_at = L.slot_offset(t)
        seq = _U64(mm, seq_at)[0] & ~1
        # Each store below is its own call into C, performed in program order; x86-64 keeps stores in order
        # (TSO), which is the store-store fence and the releases of docs/FORMAT.md 5.4 (see README, "Memory
        # ordering"). Readers validate with the sequence and the CRC either way.
        _store(mm, seq_at, seq + 1)
        mm[seq_at + 8:seq_at + 64] = L.DESCRIPTOR_BODY.pack(version, offset, capacity, n, crc, published,
                                                            self.epoch, tag)
        mm[offset:offset + n] = data
        _store(mm, seq_at, seq + 2)
        if self.durable:
            start = offset - offset % _PAGE
            mm.flush(start, offset + n - start)
            mm.flush(0, L.HEADER_SIZE)
        # the commit: one 8-byte store names the new version and its slot
        _store(mm, L.LATEST_OFFSET, L.latest_word(version, t))
        if self._header is not None:
            # no fence in CPython between this store and a load of WAITERS: wake whatever the count says
            self._header.wake_all()
        if self.durable:
            mm.flush(0, L.HEADER_SIZE)
        self._last_version = version
        self._latest_slot = t
        self._current = data
        return version

    def _grow(self, t, needed):
        """docs/FORMAT.md 5.4 step 3: move slot ``t`` to a new, larger area at the end of the file."""
        name = self.region.name
        wanted = max(needed + needed // 2, 2 * self._slot_capacity[t], self.initial_capacity)
        capacity = L.align_payload(max(needed, min(wanted, self.max_capacity)))
        offset = L.align_payload(self._file_length)
        new_length = offset + capacity
        if new_length > L.MAX_FILE_LENGTH:
            raise CapacityExceededError("region '%s' would need a file of %d bytes to hold a %d-byte document, over"
                                        " the %d-byte limit of a mapping; version %d stays"
                                        % (name, new_length, needed, L.MAX_FILE_LENGTH, self._last_version))
        try:
            try:
                _allocate(self._fd, self._file_length, new_length, name)
            except BaseException:
                # give back what was allocated; no reader maps beyond the declared length
                os.ftruncate(self._fd, self._file_length)
                raise
            if self.durable:
                os.fsync(self._fd)
            mm = mmap.mmap(self._fd, new_length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        except StorageFullError as e:
            raise StorageFullError("%s; version %d stays" % (e, self._last_version)) from e.__cause__
        except OSError as e:
            raise RegionIOError("cannot grow region '%s' to %d bytes: %s" % (name, new_length, e)) from e
        old, self._mm = self._mm, mm
        old.close()
        # readers that see the new length find the space allocated and zeroed
        _store(mm, L.FILE_LENGTH_OFFSET, new_length)
        self._file_length = new_length
        self._slot_offset[t] = offset
        self._slot_capacity[t] = capacity

    # ------------------------------------------------------------------------------------------- state

    def set_status(self, flags):
        """Sets the status readers see beside the document (for writers that mirror another source):
        ``flags`` combines :data:`SOURCE_DISCONNECTED` and :data:`SOURCE_INVALID`, 0 when all is well.
        Returns the :data:`Status` stored. Raises :class:`StaleWriterError` if another writer took over."""
        if not 0 <= flags <= L.STATUS_MAX_FLAGS:
            raise ValueError("status flags must be 0..%d, was %r" % (L.STATUS_MAX_FLAGS, flags))
        with self._guard:
            self._check_open()
            self._check_epoch("nothing was written")
            since = time.time_ns() // 1000
            _store(self._mm, L.STATUS_OFFSET, (since << 8) | flags)
            return Status(flags, since)

    def current(self):
        """A private copy of the document last published (or found valid at takeover), or None."""
        with self._guard:
            self._check_open()
            data = self._current
        return None if data is None else parse(data, max_depth=1 << 62)

    def current_bytes(self):
        """The UTF-8 JSON bytes last published, or None."""
        with self._guard:
            self._check_open()
            return self._current

    @property
    def version(self):
        """The last version published (0 if none yet)."""
        return self._last_version

    @property
    def closed(self):
        return self._mm is None

    def _check_open(self):
        if self._mm is None:
            raise RegionClosedError("the writer of region '%s' is closed" % self.region.name)

    def close(self):
        """Releases the region: readers keep the last version; another writer may take over. Idempotent."""
        with self._guard:
            mm, self._mm = self._mm, None
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

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "Writer(%r, epoch %d, version %d%s)" % (self.region.name, self.epoch, self._last_version,
                                                      ", closed" if self.closed else "")
