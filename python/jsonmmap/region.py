"""Where a region lives (docs/FORMAT.md, section 2), the writer lock (5.1), path safety and deletion (5.5)."""

import errno
import fcntl
import getpass
import os
import re
import stat
import struct
import sys
import tempfile
import threading
import time

from . import _layout as L
from .errors import (RegionCorruptError, RegionIOError, InvalidRegionNameError, UnsafePathError,
                     WriterLockedError)

NAME_RULE = "a region name is 1 to 128 characters from A-Z a-z 0-9 . _ - and is not '.' or '..'"
_NAME = re.compile(r"[A-Za-z0-9._-]{1,128}\Z")
_BAD_USER_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def check_name(name):
    """Raises :class:`InvalidRegionNameError` stating the rule and what was wrong."""
    if not isinstance(name, str) or not _NAME.match(name) or name in (".", ".."):
        if not isinstance(name, str):
            shown, why = repr(name), " (not a str)"
        else:
            shown = "'%s'" % name
            if name == "":
                why = " (it is empty)"
            elif len(name) > 128:
                why = " (it has %d characters)" % len(name)
            elif name in (".", ".."):
                why = ""
            else:
                bad = next(c for c in name if not _NAME.match(c))
                why = " (it contains %s)" % ("'%s'" % bad if 32 <= ord(bad) <= 126 else "U+%04X" % ord(bad))
        raise InvalidRegionNameError("invalid region name %s%s: %s" % (shown, why, NAME_RULE))


def default_directory():
    """``$JSONMMAP_DIR`` if set and non-empty; else ``/dev/shm/jsonmmap-USER`` on Linux when writable;
    else ``TMPDIR/jsonmmap-USER`` (docs/FORMAT.md, section 2). Not created by this call."""
    env = os.environ.get("JSONMMAP_DIR")
    if env:
        return env
    try:
        user = getpass.getuser()
    except Exception:  # no login name (containers): the same fallback as Java's user.name
        user = "user"
    user = _BAD_USER_CHARS.sub("_", user)
    if sys.platform.startswith("linux") and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return os.path.join("/dev/shm", "jsonmmap-" + user)
    return os.path.join(tempfile.gettempdir(), "jsonmmap-" + user)


class Region:
    """A region: a name in a directory, or an explicit file path. An immutable value; holds no open file.

    ``Region("cfg")`` is ``DEFAULT_DIR/cfg.jmm``; ``Region("cfg", directory="/srv/x")`` is ``/srv/x/cfg.jmm``;
    ``Region.at("/some/file")`` is that file (lock file ``/some/file.lock``).
    """

    __slots__ = ("name", "path")

    def __init__(self, name, directory=None):
        check_name(name)
        directory = default_directory() if directory is None else os.fspath(directory)
        self.name = name
        self.path = os.path.join(directory, name + L.REGION_SUFFIX)

    @classmethod
    def at(cls, path):
        path = os.fspath(path)
        base = os.path.basename(path) or path
        r = cls.__new__(cls)
        r.name = base[:-len(L.REGION_SUFFIX)] if base.endswith(L.REGION_SUFFIX) else base
        r.path = path
        return r

    @property
    def lock_path(self):
        return self.path + L.LOCK_SUFFIX

    @property
    def directory(self):
        return os.path.dirname(os.path.abspath(self.path))

    def exists(self):
        return os.path.lexists(self.path)

    def __eq__(self, other):
        return isinstance(other, Region) and other.path == self.path

    def __hash__(self):
        return hash(self.path)

    def __repr__(self):
        return "Region(%r at %r)" % (self.name, self.path)


def as_region(name_or_region, directory=None):
    if isinstance(name_or_region, Region):
        return name_or_region
    return Region(name_or_region, directory)


# ---------------------------------------------------------------------------------------------- path safety

def refuse_non_regular(path, name):
    """Refuses a symbolic link, a directory or any other non-regular file at ``path`` (nothing there is fine)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePathError("region '%s': %s is a symbolic link; jsonmmap does not follow links (expected a"
                              " regular file or nothing)" % (name, path))
    if not stat.S_ISREG(st.st_mode):
        what = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise UnsafePathError("region '%s': %s is %s (expected a region file)" % (name, path, what))


def open_nofollow(path, name, flags, mode=0o600):
    """os.open with O_NOFOLLOW; a link at the path is an UnsafePathError, not a confusing ELOOP."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise UnsafePathError("region '%s': %s is a symbolic link; jsonmmap does not follow links" % (name, path))
        if e.errno == errno.EISDIR:
            raise UnsafePathError("region '%s': %s is a directory (expected a region file)" % (name, path))
        raise


def create_private_directory(directory):
    """Creates a missing region directory (and parents) with mode 0700."""
    if os.path.isdir(directory):
        return
    parent = os.path.dirname(os.path.abspath(directory))
    if parent and not os.path.isdir(parent):
        os.makedirs(parent, exist_ok=True)
    try:
        os.mkdir(directory, 0o700)
        os.chmod(directory, 0o700)
    except FileExistsError:
        if not os.path.isdir(directory):
            raise


def create_file(path, name, mode, exclusive):
    """Opens ``path`` read-write, creating it with exactly ``mode`` (whatever the umask); never follows a link."""
    flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    try:
        fd = open_nofollow(path, name, flags | os.O_EXCL, mode)
        os.fchmod(fd, mode)
        return fd
    except FileExistsError:
        if exclusive:
            raise
    return open_nofollow(path, name, os.O_RDWR, mode)


# ------------------------------------------------------------------------------------------------ the lock

# The writer lock (docs/FORMAT.md 5.1). An open-file-description lock (F_OFD_SETLK) where Linux and Python offer
# it: unlike a POSIX lock it is not dropped when this process closes another descriptor of the lock file, and it
# conflicts with the POSIX lock a Java writer takes, so writers in both languages exclude each other. Elsewhere
# lockf (a POSIX lock), whose weakness the registry below guards against: nothing in a process that holds a lock
# opens its lock file again. The registry is keyed by device and inode, not by path: a bind mount, a symbolic
# link to the directory or a hard link reach the same file by another path.
_HELD = set()
_HELD_GUARD = threading.Lock()
_LOCK_ATTEMPTS = 5
_IDENTITY_ATTEMPTS = 20
#: Lock files are always 0600, whatever the region's mode: only their owner can open them (docs/FORMAT.md 2).
LOCK_FILE_MODE = 0o600
# struct flock on 64-bit Linux: l_type, l_whence (short), l_start, l_len (off_t), l_pid (pid_t), padded to 32
_FLOCK = struct.Struct("@hhqqi4x")
_OFD = sys.platform.startswith("linux") and hasattr(fcntl, "F_OFD_SETLK") and struct.calcsize("@q") == 8
_PROC_LOCKS = "/proc/locks"


def _identity(path):
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _content(fd):
    try:
        return os.pread(fd, 64, 0).decode("ascii", "replace").split()
    except OSError:
        return []


def _read_pid(fd):
    fields = _content(fd)
    try:
        return int(fields[0])
    except (IndexError, ValueError):
        return -1


def _read_token(fd):
    fields = _content(fd)
    try:
        return int(fields[1], 16) if len(fields) > 1 else 0
    except ValueError:
        return 0


def _try_lock(fd):
    """Tries the exclusive lock once; False if another process (or open file description) holds it."""
    try:
        if _OFD:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _FLOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
        else:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise


class WriterLock:
    """The writer's exclusive lock on ``NAME.jmm.lock`` (docs/FORMAT.md 5.1). After locking it checks that the
    file it locked is still the file at the lock path (same device and inode) and starts again if not: a lock
    on a file that was deleted or replaced excludes nobody. It writes ``PID TOKEN`` into the file, ``TOKEN``
    being the file's own token (kept, or drawn if the file has none). ``for_delete`` takes the lock without
    writing into the file."""

    def __init__(self, region, mode=None, for_delete=False):
        me = os.getpid()
        self._fd = -1
        self._key = None
        self.token = 0
        for _ in range(_IDENTITY_ATTEMPTS):
            refuse_non_regular(region.lock_path, region.name)
            before = _identity(region.lock_path)
            with _HELD_GUARD:
                if before is not None and before in _HELD:
                    raise WriterLockedError("region '%s' already has a writer in this process (pid %d); close it"
                                            " first, only one writer may hold a region" % (region.name, me), me)
            fd = -1
            try:
                fd = create_file(region.lock_path, region.name, LOCK_FILE_MODE, exclusive=False)
                for attempt in range(_LOCK_ATTEMPTS):
                    if attempt:
                        time.sleep(0.01)  # a probe without /proc/locks may hold a shared lock for an instant
                    if _try_lock(fd):
                        break
                else:
                    holder = holder_pid(region)
                    if holder is None or holder <= 0:
                        holder = _read_pid(fd)
                    raise WriterLockedError("region '%s' already has a writer: pid %s holds %s"
                                            % (region.name, holder if holder > 0 else "unknown", region.lock_path),
                                            holder)
                st = os.fstat(fd)
                key = (st.st_dev, st.st_ino)
                if _identity(region.lock_path) != key:
                    os.close(fd)  # the file we locked was deleted or replaced meanwhile: lock the one there now
                    fd = -1
                    continue
                with _HELD_GUARD:
                    if key in _HELD:
                        raise WriterLockedError("region '%s' already has a writer in this process (pid %d)"
                                                % (region.name, me), me)
                    _HELD.add(key)
                self._key = key
                token = _read_token(fd)
                if not for_delete:
                    # the file's token names this lock file for its whole life: kept, or drawn by its creator
                    token = token or (int.from_bytes(os.urandom(8), "little") | 1)
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, ("%d %x\n" % (me, token)).encode("ascii"), 0)
                self.token = token
                self._fd = fd
                return
            except FileNotFoundError:
                # the lock file was deleted between its creation and our open: start again
                if fd >= 0 and self._fd != fd:
                    os.close(fd)
                continue
            except BaseException as e:
                if fd >= 0 and self._fd != fd:
                    os.close(fd)
                if self._key is not None:
                    with _HELD_GUARD:
                        _HELD.discard(self._key)
                    self._key = None
                if isinstance(e, OSError):
                    raise RegionIOError("cannot lock region '%s' for writing: %s" % (region.name, e)) from e
                raise
        raise RegionIOError("cannot lock region '%s': its lock file %s was deleted or replaced %d times while this"
                            " writer was locking it; something keeps removing it"
                            % (region.name, region.lock_path, _IDENTITY_ATTEMPTS))

    def close(self):
        """Releases the lock (idempotent)."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            try:
                os.close(fd)  # closing the descriptor drops the lock
            finally:
                with _HELD_GUARD:
                    _HELD.discard(self._key)


def _dev_id(st):
    return "%02x:%02x:%d" % (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)


def holder_pid(region):
    """The liveness probe (docs/FORMAT.md 5.1), which takes no lock, so no reader can block a writer with it:
    None if no writer holds the region's lock file, else the holder's pid (-1 when the kernel does not say).
    In this process the registry answers; else the kernel's lock table /proc/locks; else F_OFD_GETLK/F_GETLK."""
    region = as_region(region)
    try:
        st = os.stat(region.lock_path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if (st.st_dev, st.st_ino) in _HELD:
        return os.getpid()
    refuse_non_regular(region.lock_path, region.name)
    try:
        with open(_PROC_LOCKS, "r", encoding="ascii", errors="replace") as f:
            table = f.read().splitlines()
    except OSError:
        table = None
    if table is not None:
        ident = _dev_id(st)
        for line in table:
            fields = line.split()
            # "1: POSIX  ADVISORY  WRITE 1234 00:2d:5678 0 EOF"; a waiter's line has "->" in field 1
            if len(fields) >= 6 and fields[1] != "->" and fields[3] == "WRITE" and fields[5] == ident:
                try:
                    pid = int(fields[4])
                except ValueError:
                    pid = -1
                return pid if pid > 0 else -1
        return None
    try:
        fd = os.open(region.lock_path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError:
        pid = recorded_pid(region.lock_path)
        return pid if pid > 0 and _pid_alive(pid) else None
    try:
        cmd = fcntl.F_OFD_GETLK if _OFD else fcntl.F_GETLK
        res = fcntl.fcntl(fd, cmd, _FLOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
        l_type, _, _, _, l_pid = _FLOCK.unpack(res)
        if l_type == fcntl.F_UNLCK:
            return None
        return l_pid if l_pid > 0 else -1
    finally:
        os.close(fd)


def recorded_pid(lock_path):
    """The pid of the writer holding the lock file (the kernel's word, else what it wrote into it), or -1."""
    ident = _identity(lock_path)
    if ident is not None and ident in _HELD:
        return os.getpid()
    try:
        fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return -1
    try:
        return _read_pid(fd)
    finally:
        os.close(fd)


def writer_alive(region):
    """Whether a writer (any process, any language) holds the region now (docs/FORMAT.md 5.1, liveness probe)."""
    return holder_pid(region) is not None


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def delete(region, directory=None, force=False):
    """Deletes a region file and its lock file (docs/FORMAT.md 5.5). Without ``force`` it takes the writer lock
    itself for the whole deletion and refuses, naming the holder, while a writer holds it. It moves the file
    away from the path, marks it deleted (epoch + 1, tombstone, by compare-and-set: no in-flight publish can
    overwrite it), so open readers fail with :class:`RegionReplacedError` and a forced-out writer with
    :class:`StaleWriterError`, then unlinks it.

    Returns True if a region file was deleted, False if there was none.
    """
    region = as_region(region, directory)
    if os.path.islink(region.path):
        raise UnsafePathError("region '%s': %s is a symbolic link; jsonmmap does not follow links (expected a"
                              " regular file or nothing)" % (region.name, region.path))
    if not region.exists() and not os.path.lexists(region.lock_path):
        return False
    held = None
    try:
        try:
            held = WriterLock(region, for_delete=True)
        except WriterLockedError as e:
            if not force:
                pid = e.holder_pid
                raise WriterLockedError("region '%s' has a live writer (pid %s); stop it first or delete with force"
                                        % (region.name, pid if pid and pid > 0 else "unknown"), pid) from None
        may_unlink_lock = held is not None or force
        moved = os.path.join(region.directory, ".%s.deleted-%d-%d"
                             % (os.path.basename(region.path), os.getpid(), time.monotonic_ns()))
        try:
            # whatever file is at the path at this instant is the one marked and unlinked
            os.rename(region.path, moved)
        except FileNotFoundError:
            _unlink_lock(region, may_unlink_lock)
            return False
        _mark_deleted(moved, region.name)
        try:
            os.unlink(moved)
        except FileNotFoundError:
            pass
        _unlink_lock(region, may_unlink_lock)
        return True
    finally:
        if held is not None:
            held.close()


def _unlink_lock(region, may):
    if may:
        try:
            os.unlink(region.lock_path)
        except FileNotFoundError:
            pass


def _mark_deleted(path, name):
    import mmap
    try:
        fd = open_nofollow(path, name, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        try:
            L.check_header(fd, name)
        except RegionCorruptError:
            return  # not a readable region: nothing to mark; deleting it is still what was asked
        with mmap.mmap(fd, L.HEADER_SIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE) as mm:
            while True:
                epoch = L.U64.unpack_from(mm, L.EPOCH_OFFSET)[0]
                if L.cas_u64(mm, L.EPOCH_OFFSET, epoch, (epoch + 1) & L.U64_MASK):
                    break
            while True:
                w = L.U64.unpack_from(mm, L.LATEST_OFFSET)[0]
                if w == L.TOMBSTONE or L.cas_u64(mm, L.LATEST_OFFSET, w, L.TOMBSTONE):
                    break
    finally:
        os.close(fd)
