"""Where a region lives (docs/FORMAT.md, section 2), the writer lock (5.1), path safety and deletion (5.5)."""

import errno
import fcntl
import getpass
import os
import re
import stat
import sys
import tempfile
import threading
import time

from . import _layout as L
from .errors import (PermissionDeniedError, RegionCorruptError, RegionIOError, InvalidRegionNameError,
                     UnsafePathError, WriterLockedError)

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


def _per_user_directory():
    """The default per-user directory, whatever JSONMMAP_DIR says (to know when the strict rule applies)."""
    saved = os.environ.pop("JSONMMAP_DIR", None)
    try:
        return os.path.abspath(default_directory())
    finally:
        if saved is not None:
            os.environ["JSONMMAP_DIR"] = saved


def _describe(st):
    try:
        import pwd
        owner = pwd.getpwuid(st.st_uid).pw_name
    except (ImportError, KeyError):
        owner = str(st.st_uid)
    return "owner %s (uid %d), mode %s" % (owner, st.st_uid, "0%03o" % stat.S_IMODE(st.st_mode))


def _writers(mode):
    group, other = mode & 0o020, mode & 0o002
    return "its group and everyone" if group and other else "its group" if group else "everyone"


def check_trusted(region, for_writing):
    """The trust rules of docs/FORMAT.md section 2 (OpenSSH StrictModes, XDG_RUNTIME_DIR), as in Java: checked
    with lstat. The per-user default directory must be the caller's own, not a link, and not group- or
    world-writable; any other directory must not be group- or world-writable; an existing region (and, for a
    writer, lock) file must have no group or other write bit, and a writer must own it."""
    directory = region.directory
    per_user = directory == _per_user_directory()
    try:
        st = os.lstat(directory)
    except FileNotFoundError:
        st = None
    except PermissionError as e:
        raise permission_denied("cannot examine region directory %s" % directory, directory, e) from None
    if st is not None:
        fix = ("remove it (ask root if you cannot) and run again, or set JSONMMAP_DIR to a directory of your own"
               if per_user else "make it writable by its owner only (chmod go-w %s) or use another directory"
               % directory)
        if stat.S_ISLNK(st.st_mode):
            if per_user:
                raise UnsafePathError("the default region directory %s is a symbolic link (%s); jsonmmap does not"
                                      " follow links to decide what to trust: %s" % (directory, _describe(st), fix))
            st = os.stat(directory)
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePathError("region directory %s is not a directory (%s): give a directory"
                                  % (directory, _describe(st)))
        if per_user and st.st_uid != os.geteuid():
            raise UnsafePathError("the default region directory %s belongs to someone else (%s), not to uid %d; it"
                                  " could hold anyone's regions: %s" % (directory, _describe(st), os.geteuid(), fix))
        if st.st_mode & 0o022:
            raise UnsafePathError("region directory %s is writable by %s (%s), so anyone in it could plant or"
                                  " replace a region: %s" % (directory, _writers(st.st_mode), _describe(st), fix))
    files = [(region.path, "region '%s'" % region.name)]
    if for_writing:
        files.append((region.lock_path, "the lock file of region '%s'" % region.name))
    for path, what in files:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        except PermissionError as e:
            raise permission_denied("cannot examine %s at %s" % (what, path), path, e) from None
        if not stat.S_ISREG(st.st_mode):
            continue  # refuse_non_regular reports links and other kinds of files
        if st.st_mode & 0o022:
            raise UnsafePathError("%s: %s is writable by %s (%s), so its content cannot be trusted: if you wrote"
                                  " it, chmod go-w %s (a region's mode never has write bits for group or others);"
                                  " otherwise delete it" % (what, path, _writers(st.st_mode), _describe(st), path))
        if for_writing and st.st_uid != os.geteuid():
            raise UnsafePathError("%s: %s belongs to someone else (%s); a writer writes only files it owns" %
                                  (what, path, _describe(st)))


def permission_denied(action, path, error):
    """A PermissionDeniedError naming the path (or the nearest directory above it that can be seen), its owner
    and mode, and how a multi-user set-up gives readers access."""
    p = os.path.abspath(path)
    shown = p
    q = p
    while True:
        try:
            shown = "%s (%s)" % (q, _describe(os.lstat(q)))
            if q != p:
                shown += ", the nearest directory above %s that can be seen" % p
            break
        except OSError:
            parent = os.path.dirname(q)
            if parent == q:
                break
            q = parent
    return PermissionDeniedError("%s: permission denied on %s; readers running as another user need read access to"
                                 " the region file and search (x) access to its directory: put regions in a shared"
                                 " directory (e.g. group-owned, mode 0750) and publish with mode 0640 (see README,"
                                 " 'Several users')" % (action, shown))


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

# Linux drops every fcntl lock a process holds on a file when the process closes *any* descriptor of that
# file. So nothing in a process that holds a lock may open its lock file again: this registry refuses a
# second writer (and answers liveness probes) without opening the file.
_HELD = set()
_HELD_GUARD = threading.Lock()
_LOCK_ATTEMPTS = 5


def _key(lock_path):
    return os.path.realpath(os.path.abspath(lock_path))


def _read_pid(fd):
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text)
    except (OSError, ValueError):
        return -1


class WriterLock:
    """The writer's exclusive POSIX lock (``fcntl.lockf``, i.e. ``F_SETLK`` ``F_WRLCK`` over the whole file)
    on ``NAME.jmm.lock``. It excludes Java writers too: ``FileChannel.tryLock()`` is the same lock."""

    def __init__(self, region, mode):
        self._key = _key(region.lock_path)
        me = os.getpid()
        with _HELD_GUARD:
            if self._key in _HELD:
                raise WriterLockedError("region '%s' already has a writer in this process (pid %d); close it"
                                        " first, only one writer may hold a region" % (region.name, me), me)
            _HELD.add(self._key)
        fd = -1
        try:
            refuse_non_regular(region.lock_path, region.name)
            fd = create_file(region.lock_path, region.name, mode, exclusive=False)
            for attempt in range(_LOCK_ATTEMPTS):
                if attempt:
                    time.sleep(0.01)  # a liveness probe (another process's `stat`) holds a shared lock briefly
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as e:
                    if e.errno not in (errno.EACCES, errno.EAGAIN):
                        raise
            else:
                holder = _read_pid(fd)
                raise WriterLockedError("region '%s' already has a writer: pid %s holds %s"
                                        % (region.name, holder if holder > 0 else "unknown", region.lock_path),
                                        holder)
            os.ftruncate(fd, 0)
            os.pwrite(fd, ("%d\n" % me).encode("ascii"), 0)
            self._fd = fd
        except BaseException as e:
            if fd >= 0:
                os.close(fd)
            with _HELD_GUARD:
                _HELD.discard(self._key)
            if isinstance(e, OSError):
                raise RegionIOError("cannot lock region '%s' for writing: %s" % (region.name, e)) from e
            raise

    def close(self):
        """Releases the lock (idempotent)."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            try:
                os.close(fd)  # closing the descriptor drops the lock
            finally:
                with _HELD_GUARD:
                    _HELD.discard(self._key)


def recorded_pid(lock_path):
    """The pid the last writer wrote into the lock file, or -1."""
    if _key(lock_path) in _HELD:
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
    """Whether a writer (any process, any language) holds the region now: in this process the registry
    answers; elsewhere a shared lock is tried for an instant (docs/FORMAT.md 5.1, liveness probe)."""
    region = as_region(region)
    if _key(region.lock_path) in _HELD:
        return True
    try:
        fd = os.open(region.lock_path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return False
    except OSError:
        pid = recorded_pid(region.lock_path)
        return pid > 0 and _pid_alive(pid)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EAGAIN):
                return True
            raise
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def delete(region, directory=None, force=False):
    """Deletes a region file and its lock file (docs/FORMAT.md 5.5): refused while a writer is alive unless
    ``force``. Marks the file deleted first (epoch + 1, tombstone), so open readers fail with
    :class:`RegionReplacedError` and a forced-out writer with :class:`StaleWriterError`.

    Returns True if a region file was deleted, False if there was none.
    """
    region = as_region(region, directory)
    if os.path.islink(region.path):
        raise UnsafePathError("region '%s': %s is a symbolic link; jsonmmap does not follow links (expected a"
                              " regular file or nothing)" % (region.name, region.path))
    if not force and writer_alive(region):
        pid = recorded_pid(region.lock_path)
        raise WriterLockedError("region '%s' has a live writer (pid %d); stop it first or delete with force"
                                % (region.name, pid), pid)
    if not region.exists():
        _delete_lock_if_free(region, force)
        return False
    _mark_deleted(region)
    try:
        os.unlink(region.path)
    except FileNotFoundError:
        return False
    _delete_lock_if_free(region, force)
    return True


def _delete_lock_if_free(region, force):
    if force or not writer_alive(region):
        try:
            os.unlink(region.lock_path)
        except FileNotFoundError:
            pass


def _mark_deleted(region):
    import mmap
    try:
        fd = open_nofollow(region.path, region.name, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        try:
            L.check_header(fd, region.name)
        except RegionCorruptError:
            return  # not a readable region: nothing to mark; deleting it is still what was asked
        with mmap.mmap(fd, L.HEADER_SIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE) as mm:
            epoch = L.U64.unpack_from(mm, L.EPOCH_OFFSET)[0]
            L.store_u64(mm, L.EPOCH_OFFSET, epoch + 1)
            L.store_u64(mm, L.LATEST_OFFSET, L.TOMBSTONE)
    finally:
        os.close(fd)
