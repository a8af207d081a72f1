"""``python -m jsonmmap``: ``get``, ``watch`` and ``stat`` for shell scripts, as the Java tool prints them.

The same arguments, output and exit codes as ``bin/jsonmmap get|watch|stat`` (the Java command-line tool),
without starting a JVM: about 0.07 s of CPU a call instead of about 0.42 s (docs/BENCHMARKS.md).
"""

import argparse
import json
import os
import re
import stat as _stat
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, TextIO

from . import _layout as L
from ._region import Region
from .errors import (CapacityExceededError, InvalidJsonError, InvalidRegionNameError, JsonMmapError,
                     RegionCorruptError, RegionNotFoundError, RegionReplacedError, StaleWriterError,
                     WriterLockedError)
from .reader import Reader

OK, FAILURE, USAGE, NOT_FOUND, CORRUPT, LOCKED, TIMEOUT, INVALID_JSON, TOO_LARGE, INTERRUPTED = \
    0, 1, 2, 3, 4, 5, 6, 7, 8, 130

EXIT_CODES = """exit codes:
    0  success
    1  failure (I/O error, file system full, ...)
    2  usage error (bad option, argument or region name)
    3  region not found, or no value (at that pointer)
    4  region corrupt
    5  region held by a running writer
    6  timed out (--wait, --timeout)
  130  interrupted (Ctrl-C)"""


class CliError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _duration(text: str) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError("'%s' is not a duration: use e.g. 500ms, 10s, 2m, 1h" % text)
    return float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}[m.group(2)]


def _region(name: str, directory: Optional[str]) -> Region:
    """A NAME is a region name in the directory; anything with a '/' is a path (as in the Java tool)."""
    if "/" in name:
        return Region.at(name)
    return Region(name, directory)


def _pointer(pointer: Optional[str]) -> Optional[List[str]]:
    if pointer is None:
        return None
    if pointer and not pointer.startswith("/"):
        raise CliError(USAGE, "invalid JSON Pointer '%s': it must be empty or start with '/' (e.g. /db/url)"
                       % pointer)
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


_MISSING = object()


def _at(tree: Any, tokens: List[str]) -> Any:
    for t in tokens:
        if isinstance(tree, dict):
            tree = tree.get(t, _MISSING)
        elif isinstance(tree, list) and re.fullmatch(r"0|[1-9][0-9]*", t) and int(t) < len(tree):
            tree = tree[int(t)]
        else:
            return _MISSING
        if tree is _MISSING:
            return _MISSING
    return tree


def _render(reader: Reader, tokens: Optional[List[str]], with_version: bool, pretty: bool) -> Any:
    """(version, text) of the latest version, or None if nothing was published; text is None when nothing is
    at the pointer. The whole document is printed exactly as published; a part is written by Python's json."""
    snap = reader.snapshot_bytes()
    if snap is None:
        return None
    data: bytes = snap.value
    if tokens is None and not pretty:
        text: Optional[str] = data.decode("utf-8")
    else:
        tree = json.loads(data)
        part = tree if tokens is None else _at(tree, tokens)
        if part is _MISSING:
            text = None
        else:
            text = json.dumps(part, ensure_ascii=False, indent=2 if pretty else None,
                              separators=None if pretty else (",", ":"))
    if text is not None and with_version:
        text = '{"version":%d,"value":%s}' % (snap.version, text)
    return snap.version, text


def _open(region: Region, wait: Optional[float]) -> Reader:
    if wait is None:
        return Reader(region)
    deadline = time.monotonic() + wait
    try:
        reader = Reader.await_creation(region, wait)
    except RegionNotFoundError:
        raise CliError(TIMEOUT, "region '%s' did not appear within %gs (no file %s)"
                       % (region.name, wait, region.path)) from None
    if reader.await_change(0, max(0.0, deadline - time.monotonic())) is None:
        reader.close()
        raise CliError(TIMEOUT, "region '%s' exists but held no value within %gs" % (region.name, wait))
    return reader


def cmd_get(args: argparse.Namespace, out: TextIO) -> int:
    tokens = _pointer(args.pointer)
    region = _region(args.name, args.dir)
    with _open(region, args.wait) as reader:
        rendered = _render(reader, tokens, args.version, args.pretty)
        if rendered is None:
            raise CliError(NOT_FOUND, "region '%s' holds no value yet: nothing was published (use --wait to wait"
                           " for one)" % region.name)
        version, text = rendered
        if text is None:
            raise CliError(NOT_FOUND, "region '%s' version %d has nothing at pointer '%s'"
                           % (region.name, version, args.pointer))
        out.write(text + "\n")
    return OK


def cmd_watch(args: argparse.Namespace, out: TextIO) -> int:
    if args.count is not None and args.count < 1:
        raise CliError(USAGE, "--count must be at least 1, was %d" % args.count)
    tokens = _pointer(args.pointer)
    region = _region(args.name, args.dir)
    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    printed = 0
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            reader = Reader.await_creation(region, 1e9 if left is None else left)
        except RegionNotFoundError:
            raise CliError(TIMEOUT, "timed out after %gs: region '%s' did not appear, %d lines printed"
                           % (args.timeout, region.name, printed)) from None
        last = 0
        try:
            with reader:
                while True:
                    if reader.version() > last:
                        rendered = _render(reader, tokens, args.with_version, False)
                        if rendered is not None and rendered[0] > last:
                            last = rendered[0]
                            if rendered[1] is not None:
                                try:
                                    out.write(rendered[1] + "\n")
                                    out.flush()
                                except BrokenPipeError:
                                    return OK  # the reader of our output went away (e.g. '| head -1')
                                printed += 1
                                if args.count is not None and printed >= args.count:
                                    return OK
                        continue
                    if deadline is not None and time.monotonic() >= deadline:
                        raise CliError(TIMEOUT, "timed out after %gs with %d lines printed"
                                       % (args.timeout, printed))
                    step = 60.0 if deadline is None else min(60.0, deadline - time.monotonic())
                    reader.await_change(last, max(0.0, step))
        except RegionReplacedError:
            continue  # deleted or replaced: follow the next file at the same path, from its first version


def _iso_micros(micros: int) -> str:
    import datetime
    t = datetime.datetime.fromtimestamp(micros // 1_000_000, tz=datetime.timezone.utc)
    frac = micros % 1_000_000
    base = t.strftime("%Y-%m-%dT%H:%M:%S")
    if frac == 0:
        return base + "Z"
    if frac % 1000 == 0:
        return "%s.%03dZ" % (base, frac // 1000)
    return "%s.%06dZ" % (base, frac)


def _ago(micros: int) -> str:
    seconds = time.time() - micros / 1e6
    if seconds < 0:
        return "in the future by %.3fs" % -seconds
    if seconds < 60:
        return "%.3fs ago" % seconds
    if seconds < 3600:
        return "%dm %ds ago" % (seconds // 60, seconds % 60)
    return "%dh %dm ago" % (seconds // 3600, seconds % 3600 // 60)


def cmd_stat(args: argparse.Namespace, out: TextIO) -> int:
    region = _region(args.name, args.dir)
    with Reader(region) as reader:
        info = reader.info()
        mode = "%04o" % _stat.S_IMODE(os.stat(region.path).st_mode)
    status = info["status"]
    published = info["published_micros"]
    created = _iso_micros(info["created_millis"] * 1000)
    if args.json:
        o = {
            "name": info["name"], "path": os.path.abspath(info["path"]), "version": info["version"],
            "size": info["length"], "capacity": info["capacity"], "fileLength": info["file_length"],
            "epoch": info["epoch"], "writerPid": info["writer_pid"], "writerAlive": info["writer_alive"],
            "created": created, "lastPublish": None if published is None else _iso_micros(published),
            "tag": info["tag"], "formatVersion": info["format_version"], "mode": mode,
            "status": {"flags": status.flags,
                       "sourceDisconnected": bool(status.flags & L.SOURCE_DISCONNECTED),
                       "sourceInvalid": bool(status.flags & L.SOURCE_INVALID),
                       "since": _iso_micros(status.since_micros)},
            "serve": _serving(region.path, info),
        }
        out.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
        return OK
    rows = [
        ("region", info["name"]), ("path", os.path.abspath(info["path"])),
        ("version", "0 (nothing published yet)" if info["version"] == 0 else str(info["version"])),
        ("size", "%d bytes" % info["length"]), ("capacity", "%d bytes" % info["capacity"]),
        ("file length", "%d bytes" % info["file_length"]), ("epoch", str(info["epoch"])),
        ("writer", "pid %d%s" % (info["writer_pid"], ", alive" if info["writer_alive"] else ", not running")),
        ("last publish", "never" if published is None else "%s (%s)" % (_iso_micros(published), _ago(published))),
        ("created", created), ("format", str(info["format_version"])), ("mode", mode),
    ]
    if status.flags:
        rows.append(("source", "%s%s since %s (%s)" % (
            "disconnected" if status.flags & L.SOURCE_DISCONNECTED else "connected",
            ", holds an invalid value" if status.flags & L.SOURCE_INVALID else "",
            _iso_micros(status.since_micros), _ago(status.since_micros))))
    for key, value in rows:
        out.write("%-13s %s\n" % (key, value))
    return OK


def _serving(path: str, info: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """What a running ``jsonmmap serve`` serves: its sidecar ``NAME.jmm.serve`` (written by the Java tool), shown
    only while its pid is the region's live writer, as ``stat --json``'s ``serve`` member (else None)."""
    try:
        with open(path + ".serve", "rb") as f:
            state = json.loads(f.read(65536))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not info["writer_alive"] or state.get("pid") != info["writer_pid"]:
        return None
    return state


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="the region directory (default: $JSONMMAP_DIR, else /dev/shm/jsonmmap-USER)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an error")
    p = argparse.ArgumentParser(prog="python -m jsonmmap", parents=[common],
                                description="Read jsonmmap regions from shell scripts (the read commands of the"
                                            " Java tool bin/jsonmmap, with the same output and exit codes).",
                                epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def region_command(name: str, run: Callable[[argparse.Namespace, TextIO], int], summary: str,
                       description: str) -> argparse.ArgumentParser:
        """A command on region NAME: the common options, the NAME argument and the exit codes in its help."""
        c = sub.add_parser(name, parents=[common], epilog=EXIT_CODES,
                           formatter_class=argparse.RawDescriptionHelpFormatter, help=summary, description=description)
        c.add_argument("name", metavar="NAME", help="the region (a name, or a path if it contains '/')")
        c.set_defaults(run=run)
        return c

    g = region_command("get", cmd_get, "print the current document",
                       "Print the current document of region NAME as compact JSON (exactly as published).")
    g.add_argument("-p", "--pointer", metavar="POINTER",
                   help="print only the part at this JSON Pointer, e.g. /db/url (exit code 3 if nothing is there)")
    g.add_argument("--pretty", action="store_true", help="indent the output")
    g.add_argument("--version", action="store_true", help='print the version too, as {"version":N,"value":...}')
    g.add_argument("-w", "--wait", metavar="DURATION", type=_duration,
                   help="wait up to DURATION (e.g. 500ms, 10s, 2m) for the region to exist and hold a value")

    w = region_command("watch", cmd_watch, "print the current document and each new version (NDJSON)",
                       "Print the current document of region NAME and then each new version, one compact JSON"
                       " line each, until interrupted. Versions published faster than they can be printed may be"
                       " skipped; the latest one is always printed. A region that does not exist yet is waited"
                       " for; one that is deleted and created again is followed.")
    w.add_argument("-p", "--pointer", metavar="POINTER",
                   help="print only the part at this JSON Pointer (versions with nothing there are not printed)")
    w.add_argument("--with-version", action="store_true", help='print each line as {"version":N,"value":...}')
    w.add_argument("-n", "--count", metavar="N", type=int, help="stop after printing N lines")
    w.add_argument("-t", "--timeout", metavar="DURATION", type=_duration,
                   help="stop after DURATION, e.g. 30s; exit code 6 unless --count lines were printed by then")

    s = region_command("stat", cmd_stat, "show the region's version, size, writer...",
                       "Show region NAME: version, size, capacity, epoch, writer pid and whether it is alive, time"
                       " of the last publish, file mode.")
    s.add_argument("--json", action="store_true", help="print one JSON object instead of aligned text")
    return p


def _exit_code(e: BaseException) -> int:
    if isinstance(e, CliError):
        return e.code
    if isinstance(e, (RegionNotFoundError, RegionReplacedError)):
        return NOT_FOUND
    if isinstance(e, RegionCorruptError):
        return CORRUPT
    if isinstance(e, (WriterLockedError, StaleWriterError)):
        return LOCKED
    if isinstance(e, InvalidJsonError):
        return INVALID_JSON
    if isinstance(e, CapacityExceededError):
        return TOO_LARGE
    if isinstance(e, InvalidRegionNameError):
        return USAGE
    return FAILURE


def main(argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None) -> int:
    """Runs one command; returns its exit code (prints errors to stderr as ``jsonmmap: message``)."""
    args = _parser().parse_args(argv)
    args.dir = getattr(args, "dir", None)
    debug = getattr(args, "debug", False)
    try:
        code: int = args.run(args, out if out is not None else sys.stdout)
        return code
    except KeyboardInterrupt:
        return INTERRUPTED
    except (JsonMmapError, CliError) as e:
        if debug:
            import traceback
            traceback.print_exc()
        else:
            sys.stderr.write("jsonmmap: %s\n" % e)
        return _exit_code(e)
    except OSError as e:
        if debug:
            raise
        sys.stderr.write("jsonmmap: %s\n" % e)
        return FAILURE
