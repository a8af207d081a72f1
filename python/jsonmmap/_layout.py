"""Every offset of the region file (docs/FORMAT.md, section 3), and the checks shared by reader and writer.

::

    0        8       12      16        24      32          40            48           56           64
    | MAGIC  | FORMAT| HSIZE | CREATED | EPOCH | WRITER_PID| MAX_CAPACITY | FILE_LENGTH | LOCK_TOKEN |
    64 LATEST = version << 17 | owner << 1 | slot  (version 0 = nothing yet, all ones = deleted)      128
    128 slot descriptor 0 (64 bytes)    192 slot descriptor 1 (64 bytes)
    256 STATUS = since_micros << 8 | flags      264 RESERVED_LENGTH      272 LOCK_EPOCH      280..320 reserved
    320 WAITERS (u32)      328 WAKER_EPOCH      336..4096 reserved
    descriptor: +0 SEQ = count << 33 | claimer << 1 | writing  +8 VERSION  +16 PAYLOAD_OFFSET  +24 CAPACITY
                +32 LENGTH(u32)  +36 CRC(u32)  +40 PUBLISHED  +48 SLOT_EPOCH  +56 TAG
"""

import ctypes
import ctypes.util
import mmap
import os
import struct
import warnings
import zlib
from typing import Any, Union

from .errors import (NotARegionError, RegionCorruptError, RegionTruncatedError, UnsupportedFormatError)

_Buffer = Union[bytearray, memoryview, mmap.mmap]

SIZE_OF_INT = 4
SIZE_OF_LONG = 8

MAGIC = 0x50414D4D4E4F534A  # b"JSONMMAP" read as a little-endian u64
FORMAT_VERSION = 2

MAGIC_OFFSET = 0
FORMAT_VERSION_OFFSET = MAGIC_OFFSET + SIZE_OF_LONG
HEADER_SIZE_OFFSET = FORMAT_VERSION_OFFSET + SIZE_OF_INT
CREATED_OFFSET = HEADER_SIZE_OFFSET + SIZE_OF_INT
EPOCH_OFFSET = CREATED_OFFSET + SIZE_OF_LONG
WRITER_PID_OFFSET = EPOCH_OFFSET + SIZE_OF_LONG
MAX_CAPACITY_OFFSET = WRITER_PID_OFFSET + SIZE_OF_LONG
FILE_LENGTH_OFFSET = MAX_CAPACITY_OFFSET + SIZE_OF_LONG
#: The token of the lock file the owner holds (written by its creator, kept by later holders; FORMAT.md 5.1, 5.3).
LOCK_TOKEN_OFFSET = FILE_LENGTH_OFFSET + SIZE_OF_LONG

CACHE_LINE = 64
LATEST_OFFSET = CACHE_LINE
SLOT_COUNT = 2
SLOTS_OFFSET = 2 * CACHE_LINE
SLOT_DESCRIPTOR_SIZE = CACHE_LINE

SEQ_FIELD = 0
VERSION_FIELD = SEQ_FIELD + SIZE_OF_LONG
PAYLOAD_OFFSET_FIELD = VERSION_FIELD + SIZE_OF_LONG
CAPACITY_FIELD = PAYLOAD_OFFSET_FIELD + SIZE_OF_LONG
LENGTH_FIELD = CAPACITY_FIELD + SIZE_OF_LONG
CRC_FIELD = LENGTH_FIELD + SIZE_OF_INT
PUBLISHED_FIELD = CRC_FIELD + SIZE_OF_INT
SLOT_EPOCH_FIELD = PUBLISHED_FIELD + SIZE_OF_LONG
TAG_FIELD = SLOT_EPOCH_FIELD + SIZE_OF_LONG

#: The writer's status word: ``(since_micros << 8) | flags`` (docs/FORMAT.md, section 3.1).
STATUS_OFFSET = SLOTS_OFFSET + SLOT_COUNT * SLOT_DESCRIPTOR_SIZE
#: The end of the space growths have claimed (compare-and-set, docs/FORMAT.md 5.4).
RESERVED_LENGTH_OFFSET = STATUS_OFFSET + SIZE_OF_LONG
#: The first epoch that held the lock file named by LOCK_TOKEN (docs/FORMAT.md 5.3).
LOCK_EPOCH_OFFSET = RESERVED_LENGTH_OFFSET + SIZE_OF_LONG
#: Status flags: the mirrored source is unreachable / holds a value the writer refused.
SOURCE_DISCONNECTED = 1
SOURCE_INVALID = 2
STATUS_MAX_FLAGS = 0xFF

#: Readers asleep on the commit word's futex (u32, changed only by atomic add; docs/FORMAT.md "Waiting").
WAITERS_OFFSET = STATUS_OFFSET + CACHE_LINE
#: Epoch of the writer that promises to wake waiters after every commit (0: none).
WAKER_EPOCH_OFFSET = WAITERS_OFFSET + SIZE_OF_LONG
#: The futex word: the low 32 bits of the commit word (little-endian, so at the same offset).
FUTEX_WORD_OFFSET = LATEST_OFFSET

HEADER_SIZE = 4096
PAYLOAD_ALIGNMENT = 64
MAX_FILE_LENGTH = 2 ** 31 - 1
TOMBSTONE = 2 ** 64 - 1
U64_MASK = 2 ** 64 - 1
#: The commit word: version << 17 | owner << 1 | slot; owner = the low 16 bits of the owner's epoch.
OWNER_BITS = 16
OWNER_MASK = (1 << OWNER_BITS) - 1
VERSION_SHIFT = OWNER_BITS + 1
#: Versions a writer may publish are 1 .. MAX_VERSION - 1 (docs/FORMAT.md, section 4).
MAX_VERSION = 2 ** 47 - 1
#: SEQ: count << 33 | claimer << 1 | writing; claimer = the low 32 bits of the claimer's epoch.
CLAIMER_MASK = 2 ** 32 - 1
COUNT_SHIFT = 33
#: Largest document: 512 MiB (docs/FORMAT.md, section 7).
FORMAT_MAX_CAPACITY = 512 * 1024 * 1024

REGION_SUFFIX = ".jmm"
LOCK_SUFFIX = ".lock"

# The whole descriptor after SEQ, as stored: VERSION, PAYLOAD_OFFSET, CAPACITY, LENGTH, CRC, PUBLISHED,
# SLOT_EPOCH, TAG.
DESCRIPTOR_BODY = struct.Struct("<QQQIIqQq")
# The 52 bytes the CRC covers before the payload (the descriptor without SEQ and CRC).
SEAL_FIELDS = struct.Struct("<QQQIqQq")
U64 = struct.Struct("<Q")
I64 = struct.Struct("<q")
U32 = struct.Struct("<I")


def store_u64(mapping: _Buffer, offset: int, value: int) -> None:
    """One aligned 8-byte store into a writable mapping (a C ``uint64_t`` assignment through ctypes).

    Never ``struct.pack_into`` on shared memory: it zeroes the target bytes before it writes them, so a
    concurrent reader could see 0 in the commit word or a sequence (docs/FORMAT.md 6.3).
    """
    ctypes.c_uint64.from_buffer(mapping, offset).value = value


def store_i64(mapping: _Buffer, offset: int, value: int) -> None:
    """Like :func:`store_u64` for a signed field."""
    ctypes.c_int64.from_buffer(mapping, offset).value = value


def slot_offset(slot: int) -> int:
    """Offset of the descriptor of ``slot``."""
    return SLOTS_OFFSET + slot * SLOT_DESCRIPTOR_SIZE


def slot_field(slot: int, field: int) -> int:
    """Offset of ``field`` in the descriptor of ``slot``."""
    return slot_offset(slot) + field


def latest_word(version: int, epoch: int, slot: int) -> int:
    """The commit word naming ``version`` in ``slot``, owned by the writer with ``epoch``."""
    return (version << VERSION_SHIFT) | ((epoch & OWNER_MASK) << 1) | slot


def version_of(word: int) -> int:
    return word >> VERSION_SHIFT


def slot_of(word: int) -> int:
    return word & 1


def owner_of(word: int) -> int:
    return (word >> 1) & OWNER_MASK


def is_writing(seq: int) -> bool:
    return seq & 1 == 1


def claimer_of(seq: int) -> int:
    return (seq >> 1) & CLAIMER_MASK


def claim_seq(seq: int, epoch: int) -> int:
    """The odd SEQ with which the writer with ``epoch`` claims a slot whose SEQ is ``seq``."""
    return ((((seq >> COUNT_SHIFT) + 1) << COUNT_SHIFT) | ((epoch & CLAIMER_MASK) << 1) | 1) & U64_MASK


def release_seq(claim: int) -> int:
    return claim & ~1


def align_payload(n: int) -> int:
    """Rounds up to the payload alignment (64)."""
    return (n + PAYLOAD_ALIGNMENT - 1) & -PAYLOAD_ALIGNMENT


def seal(version: int, offset: int, capacity: int, length: int, published: int, epoch: int, tag: int,
         payload: bytes) -> int:
    """The CRC-32 (zlib's) of the 52 descriptor bytes followed by the payload (docs/FORMAT.md, 3.3)."""
    head = SEAL_FIELDS.pack(version, offset, capacity, length, published, epoch, tag)
    return zlib.crc32(payload, zlib.crc32(head)) & 0xFFFFFFFF


def area_valid(offset: int, capacity: int, file_length: int) -> bool:
    """A payload area inside the file (docs/FORMAT.md 3.2), in the form that cannot wrap in any language:
    ``offset <= file_length``, then ``capacity <= file_length - offset`` (Python ints do not wrap, but the
    check is written as every implementation must write it)."""
    return (HEADER_SIZE <= file_length <= MAX_FILE_LENGTH and HEADER_SIZE <= offset <= file_length
            and offset % PAYLOAD_ALIGNMENT == 0 and 0 <= capacity <= file_length - offset)


def descriptor_valid(offset: int, capacity: int, length: int, file_length: int) -> bool:
    """The validity rule of docs/FORMAT.md, 3.2."""
    return area_valid(offset, capacity, file_length) and 0 <= length <= capacity


def hex64(v: int) -> str:
    return "0x%016x" % v


def truncated(name: str, declared: int, actual: int) -> RegionTruncatedError:
    return RegionTruncatedError("region '%s' is truncated: header says %d bytes, file has %d"
                                % (name, declared, actual))


def check_header(fd: int, name: str) -> int:
    """Checks the fixed header with ordinary reads, in the order of docs/FORMAT.md 6.1 step 2.

    Returns the file length the header declares.
    """
    # the header first, the size after: the file only grows, and a writer extends it before it publishes the
    # new FILE_LENGTH, so a size taken after reading FILE_LENGTH is never smaller unless the file was truncated
    head = os.pread(fd, 64, 0)
    if len(head) < 8:
        raise RegionTruncatedError("region '%s' is truncated: the file has %d bytes, a region has at least %d"
                                   " (a header)" % (name, len(head), HEADER_SIZE))
    magic = U64.unpack_from(head, MAGIC_OFFSET)[0]
    if magic != MAGIC:
        raise NotARegionError("'%s' is not a jsonmmap region: its first 8 bytes are %s, expected the magic %s"
                              " (\"JSONMMAP\")" % (name, hex64(magic), hex64(MAGIC)))
    if len(head) < 64:
        raise RegionTruncatedError("region '%s' is truncated: the file has %d bytes, a region has at least %d"
                                   " (a header)" % (name, len(head), HEADER_SIZE))
    fmt = U32.unpack_from(head, FORMAT_VERSION_OFFSET)[0]
    if fmt != FORMAT_VERSION:
        raise UnsupportedFormatError("region '%s' has format version %d, this jsonmmap reads format version %d%s"
                                     % (name, fmt, FORMAT_VERSION,
                                        "; format 1 (before the writer ownership fence) is neither read nor written:"
                                        " stop its writer, delete the region (jsonmmap rm) and publish again"
                                        if fmt == 1 else ""))
    header_size = U32.unpack_from(head, HEADER_SIZE_OFFSET)[0]
    if header_size != HEADER_SIZE:
        raise RegionCorruptError("region '%s' has a header size field of %d, expected %d"
                                 % (name, header_size, HEADER_SIZE))
    declared = U64.unpack_from(head, FILE_LENGTH_OFFSET)[0]
    if declared < HEADER_SIZE or declared > MAX_FILE_LENGTH:
        raise RegionCorruptError("region '%s' declares a file length of %d bytes, expected %d..%d"
                                 % (name, declared, HEADER_SIZE, MAX_FILE_LENGTH))
    size = os.fstat(fd).st_size
    if size < declared:
        raise truncated(name, declared, size)
    return int(declared)


# ------------------------------------------------------------------------------------------- compare-and-set

def _load_libatomic() -> Any:
    for name in ("libatomic.so.1", ctypes.util.find_library("atomic")):
        if not name:
            continue
        try:
            fn = ctypes.CDLL(name).__atomic_compare_exchange_8
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_int, ctypes.c_int]
        fn.restype = ctypes.c_bool
        return fn
    return None


_CAS = _load_libatomic()
_SEQ_CST = 5
#: Whether compare-and-set on the mapping is atomic (GCC's libatomic found), docs/FORMAT.md 6.5.
HAS_ATOMIC_CAS = _CAS is not None
_warned = False


def cas_u64(mapping: _Buffer, offset: int, expected: int, desired: int) -> bool:
    """Atomically stores ``desired`` at ``offset`` if the u64 there is ``expected`` (a full fence); returns
    whether it did. Through libatomic's ``__atomic_compare_exchange_8`` (a ``lock cmpxchg`` on x86-64, the
    instruction the JVM uses). Without libatomic: load, compare, store, which is not atomic (6.5)."""
    global _warned
    cell = ctypes.c_uint64.from_buffer(mapping, offset)
    try:
        if _CAS is not None:
            exp = ctypes.c_uint64(expected)
            return bool(_CAS(ctypes.addressof(cell), ctypes.addressof(exp), desired, _SEQ_CST, _SEQ_CST))
        if not _warned:
            _warned = True
            warnings.warn("libatomic.so.1 not found: the jsonmmap Python writer's compare-and-set is not atomic"
                          " (docs/FORMAT.md 6.5)", RuntimeWarning, stacklevel=3)
        if cell.value != expected:
            return False
        cell.value = desired
        return True
    finally:
        del cell
