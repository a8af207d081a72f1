package org.jsonmmap.reliability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.StorageFullException;
import org.jsonmmap.WriterOptions;

/**
 * Scenario 5: the region file truncated, deleted (by another tool and by jsonmmap), replaced or chmod'ed
 * while a writer, two readers and a subscriber (each its own JVM) use it; and the file system full during
 * growth (a 2 MiB tmpfs mounted for the purpose, filled by the growth itself and by a filler file). No JVM
 * may crash; every reader must end with a specific error or keep reading correctly; where the file still
 * exists the previous version must stay readable.
 */
final class FileFaults {
    private final Path work;
    private final Result result;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private long cases;
    private long crashes;
    private long readerInternalErrors;
    private long writerInternalErrors;
    private long prevChecks;
    private long prevReadable;

    private FileFaults(Path work, Result result) {
        this.work = work;
        this.result = result;
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(5, Run.NAMES[5], "fault cases");
        FileFaults f = new FileFaults(work, result);
        for (int rep = 0; rep < b.faultRepeats(); rep++) {
            for (String length : b.quick() ? List.of("0", "page-before-end") : List.of("0", "100", "4096", "page-before-end")) {
                f.liveCase("truncate-" + length, rep);
            }
            f.liveCase("delete-by-other-tool", rep);
            f.liveCase("delete-by-jsonmmap", rep);
            f.liveCase("replace", rep);
            f.liveCase("chmod-000", rep);
            f.fullFileSystem(rep);
        }
        f.crashes += Util.crashLogs(work);
        result.ops = f.cases;
        result.figure("cases", f.cases)
                .figure("JVM crashes (signal exits or hs_err)", f.crashes)
                .figure("InternalError (SIGBUS reported, JVM alive) in readers", f.readerInternalErrors)
                .figure("InternalError in writers", f.writerInternalErrors)
                .figure("previous version readable where the file exists", f.prevReadable + "/" + f.prevChecks)
                .figure("outcomes", f.outcomes.toString().replace(", ", " "));
        result.fail(f.crashes, "JVM crashes");
        return result;
    }

    private void outcome(String what) {
        outcomes.merge(what, 1L, Long::sum);
    }

    /** One fault applied under a live writer, two readers and a subscriber. */
    private void liveCase(String fault, int rep) throws Exception {
        cases++;
        Path dir = Util.ramDirectory(work, "faults");
        Path stop = dir.resolve("stop");
        Region region = Region.named("ff", dir);
        String label = fault + "#" + rep;
        List<Child> readers = new ArrayList<>();
        try (Child writer = Child.start(work, FaultWriterRole.class, dir.toString(), "ff", "60", stop.toString())) {
            if (writer.awaitLine("READY", Duration.ofSeconds(30)) == null) {
                result.fail(label + ": the writer did not start: " + writer.output());
                return;
            }
            for (String mode : List.of("reader", "reader", "subscriber")) {
                Child c = Child.start(work, FaultReaderRole.class, dir.toString(), "ff", "60", stop.toString(), mode);
                readers.add(c);
            }
            for (Child c : readers) {
                if (c.awaitLine("READY", Duration.ofSeconds(30)) == null) {
                    result.fail(label + ": " + c + " did not start: " + c.output());
                    return;
                }
            }
            Thread.sleep(300);
            long versionAtFault;
            try (RegionReader r = region.openReader()) {
                versionAtFault = r.version();
            }
            apply(fault, region);
            Thread.sleep(2_500); // > the readers' default file check interval (1 s)
            Files.writeString(stop, "stop");
            Integer wexit = writer.awaitExit(Duration.ofSeconds(30));
            String wline = writer.lastLine("EXIT");
            if (Child.crashedBySignal(wexit) || wline == null) {
                if (Child.crashedBySignal(wexit)) {
                    crashes++;
                }
                result.fail(label + ": the writer JVM ended without a result: exit " + wexit + " " + writer.output() + " "
                        + firstLine(writer));
            } else {
                writerInternalErrors += Util.figure(wline, "faults", 0);
                outcome("writer " + fault.replaceAll("-\\d+$|-page.*$", "") + ":" + field(wline, "errors")
                        + (Util.figure(wline, "faults", 0) > 0 ? "+InternalError" : ""));
                if (fault.equals("delete-by-jsonmmap") && !field(wline, "errors").contains("StaleWriterException")) {
                    result.fail(label + ": the writer was not fenced after the deletion: " + wline);
                }
            }
            for (Child c : readers) {
                judgeReader(label, fault, c, versionAtFault);
            }
        } finally {
            readers.forEach(Child::close);
            Util.run(List.of("chmod", "-R", "u+rwX", dir.toString()));
            Util.deleteTree(dir);
        }
    }

    private void apply(String fault, Region region) throws IOException {
        Path p = region.path();
        switch (fault) {
            case "delete-by-other-tool":
                Files.delete(p);
                break;
            case "delete-by-jsonmmap":
                region.delete(true);
                break;
            case "replace": {
                Path other = p.resolveSibling("other");
                Files.createDirectory(other);
                Region o = Region.named("ff", other);
                try (RegionWriter w = o.openWriter()) {
                    w.publishJson(Doc.build(1, 64, false));
                }
                Files.move(o.path(), p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                break;
            }
            case "chmod-000":
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
                break;
            default: {
                String len = fault.substring("truncate-".length());
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    long to = len.equals("page-before-end") ? Math.max(4096, (f.length() - 4096) & ~4095L)
                            : Long.parseLong(len);
                    f.setLength(to);
                }
            }
        }
    }

    private void judgeReader(String label, String fault, Child c, long versionAtFault) throws InterruptedException {
        Integer exit = c.awaitExit(Duration.ofSeconds(30));
        String line = c.lastLine("EXIT");
        if (Child.crashedBySignal(exit)) {
            crashes++;
            result.fail(label + ": reader JVM died of a signal: exit " + exit + " " + c.output());
            return;
        }
        if (line == null) {
            result.fail(label + ": reader ended without a result: exit " + exit + " " + c.output() + " " + firstLine(c));
            return;
        }
        String mode = field(line, "mode");
        String error = field(line, "error");
        String prev = field(line, "prev");
        long faults = Util.figure(line, "faults", 0);
        readerInternalErrors += faults;
        outcome(mode + " " + fault.replaceAll("-\\d+$|-page.*$", "") + ":" + error + (faults > 0 ? "+InternalError" : "")
                + (prev.equals("na") ? "" : " prev=" + prev) + (field(line, "reopen").equals("na") ? ""
                : " reopen=" + field(line, "reopen")));
        if (Util.figure(line, "bad", 0) > 0) {
            result.fail(label + ": " + mode + " read a bad value: " + line);
        }
        boolean fileStillThere = fault.equals("replace") || fault.equals("delete-by-other-tool")
                || fault.equals("chmod-000");
        switch (fault) {
            case "chmod-000":
                // nothing to notice: readers keep their descriptor and mapping and keep following the writer
                if (!error.equals("none") || Util.figure(line, "lastVersion", 0) <= versionAtFault) {
                    result.fail(label + ": " + mode + " did not keep reading after chmod 000: " + line);
                }
                break;
            case "delete-by-other-tool":
            case "replace":
                if (!error.equals("RegionReplacedException")) {
                    result.fail(label + ": " + mode + " expected RegionReplacedException: " + line);
                }
                break;
            case "delete-by-jsonmmap":
                if (!error.equals("RegionReplacedException")) {
                    result.fail(label + ": " + mode + " expected RegionReplacedException (deleted): " + line);
                }
                break;
            default:
                if (!error.equals("RegionTruncatedException")) {
                    result.fail(label + ": " + mode + " expected RegionTruncatedException: " + line);
                }
        }
        if (fileStillThere && mode.equals("reader") && !fault.equals("chmod-000")) {
            prevChecks++;
            if (prev.equals("ok")) {
                prevReadable++;
            } else {
                result.fail(label + ": the previous version was not readable through the open reader: " + line);
            }
        }
    }

    private static String firstLine(Child c) {
        try {
            List<String> err = Files.readAllLines(c.stderrFile());
            return err.isEmpty() ? "" : err.get(0);
        } catch (IOException e) {
            return "";
        }
    }

    private static String field(String line, String key) {
        for (String part : line.split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return "?";
    }

    /** The file system fills up during growth: a specific error, the previous version stays, then recovery. */
    private void fullFileSystem(int rep) throws Exception {
        cases++;
        String label = "full-file-system#" + rep;
        Path mount = Files.createTempDirectory(work, "small-fs");
        boolean mounted = Util.run(List.of("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs",
                mount.toString())) == 0;
        if (!mounted) {
            result.note("could not mount a tmpfs (not root?): the full case used a 2 MiB filler on " + mount);
        }
        Path stop = mount.resolve("stop");
        Region region = Region.named("full", mount);
        List<Child> readers = new ArrayList<>();
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(16 * 1024))) {
            w.publishJson(Doc.build(1, 1024, false));
            for (String mode : List.of("reader", "reader", "subscriber")) {
                readers.add(Child.start(work, FaultReaderRole.class, mount.toString(), "full", "60", stop.toString(),
                        mode));
            }
            for (Child c : readers) {
                if (c.awaitLine("READY", Duration.ofSeconds(30)) == null) {
                    result.fail(label + ": " + c + " did not start");
                    return;
                }
            }
            // 1: the growth alone does not fit
            expectFull(label + " growth beyond the file system", w, 1_600_000);
            long v = w.publishJson(Doc.build(w.version() + 1, 1024, false));
            // 2: the growth would fit, but a filler file took the space
            Path filler = mount.resolve("filler");
            fill(filler);
            expectFull(label + " growth with the space taken by a filler", w, 300_000);
            try (RegionReader r = region.openReader()) {
                prevChecks++;
                if (r.version() == v && Doc.check(r.get().orElseThrow(), v) == null) {
                    prevReadable++;
                } else {
                    result.fail(label + ": the previous version " + v + " is not what a reader gets");
                }
            }
            // 3: the space comes back, the same growth succeeds and readers follow it
            Files.delete(filler);
            long grown = w.publishJson(Doc.build(w.version() + 1, 300_000, false));
            Thread.sleep(500);
            Files.writeString(stop, "stop");
            for (Child c : readers) {
                Integer exit = c.awaitExit(Duration.ofSeconds(30));
                String line = c.lastLine("EXIT");
                if (Child.crashedBySignal(exit) || line == null) {
                    if (Child.crashedBySignal(exit)) {
                        crashes++;
                    }
                    result.fail(label + ": reader JVM ended without a result: exit " + exit + " " + firstLine(c));
                    continue;
                }
                readerInternalErrors += Util.figure(line, "faults", 0);
                String error = field(line, "error");
                outcome(field(line, "mode") + " full:" + error);
                if (!error.equals("none") || Util.figure(line, "bad", 0) > 0
                        || Util.figure(line, "lastVersion", 0) != grown) {
                    result.fail(label + ": a reader did not follow cleanly to version " + grown + ": " + line);
                }
            }
            if (!region.verify().isEmpty()) {
                result.fail(label + ": the region does not verify after the full file system: " + region.verify());
            }
        } finally {
            readers.forEach(Child::close);
            if (mounted) {
                Util.run(List.of("umount", "-l", mount.toString()));
            }
            Util.deleteTree(mount);
        }
    }

    private void expectFull(String label, RegionWriter w, int size) {
        long before = w.version();
        try {
            w.publishJson(Doc.build(before + 1, size, false));
            result.fail(label + ": the publish succeeded on a full file system");
        } catch (StorageFullException e) {
            outcome("writer full:StorageFullException");
        } catch (JsonMmapException e) {
            result.fail(label + ": expected StorageFullException, got " + e);
        }
        if (w.version() != before) {
            result.fail(label + ": the version moved from " + before + " to " + w.version() + " on a failed publish");
        }
    }

    /** Writes a file until the file system is full. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1_000; i++) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // the point: no space left
        }
    }
}
