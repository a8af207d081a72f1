package org.jsonmmap.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jsonmmap.FileMode;
import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;

/**
 * Scenario 6 (needs root): a region created 0600 cannot be opened by another user (a reader JVM run as
 * {@code nobody} through setpriv); with 0640 and a group, a member of the group can read but neither write
 * the file nor open a writer, and a non-member cannot read; a reader's mapping and descriptor are read-only
 * even for the owner.
 */
final class Permissions {
    private final Path base;
    private final String classPath;
    private final Result result;
    private long cases;
    private long readerMappings;
    private long writableMappings;
    private long writableDescriptors;
    private long refused;
    private long readsAllowed;

    private Permissions(Path base, String classPath, Result result) {
        this.base = base;
        this.classPath = classPath;
        this.result = result;
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(6, Run.NAMES[6], "cases");
        long uid = ((Number) Files.getAttribute(Paths.get("/proc/self"), "unix:uid")).longValue();
        if (uid != 0) {
            result.fail("not run: this scenario needs root (setpriv to nobody, groupadd); uid is " + uid);
            return result;
        }
        // a place every user can traverse, with a copy of the class path that 'nobody' can read
        Path base = Files.createTempDirectory(Paths.get("/tmp"), "jsonmmap-rel-perm-");
        String group = "jsonmmaprel" + (ProcessHandle.current().pid() % 100_000);
        boolean groupMade = false;
        try {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
            String cp = shareClassPath(base.resolve("lib"));
            Path regions = base.resolve("regions");
            Files.createDirectory(regions);
            Files.setPosixFilePermissions(regions, PosixFilePermissions.fromString("rwx--x--x"));
            Path logs = base.resolve("logs");
            Files.createDirectory(logs);
            Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
            Permissions p = new Permissions(logs, cp, result);
            if (Util.run(List.of("groupadd", group)) != 0) {
                result.fail("groupadd " + group + " failed");
                return result;
            }
            groupMade = true;

            Region owner = Region.named("private", regions);
            try (RegionWriter w = owner.openWriter()) {
                w.publishJson(Doc.build(1, 1024, false));
            }
            Region shared = Region.named("shared", regions);
            try (RegionWriter w = shared.openWriter(WriterOptions.defaults().withMode(FileMode.of(0640)))) {
                w.publishJson(Doc.build(1, 1024, false));
            }
            Util.run(List.of("chgrp", group, shared.path().toString(), shared.lockPath().toString()));

            p.probe("0600, another user", owner, List.of("--clear-groups"), false);
            p.probe("0640, a member of the group", shared, List.of("--groups=" + group), true);
            p.probe("0640, not a member", shared, List.of("--clear-groups"), false);
            p.probe("0600, the owner (root)", owner, null, true);
            p.probe("0640, the owner (root)", shared, null, true);
            result.ops = p.cases;
            result.figure("cases", p.cases)
                    .figure("file modes", "private " + FileMode.octal(FileMode.bitsOf(Files.getPosixFilePermissions(
                            owner.path()))) + ", shared " + FileMode.octal(FileMode.bitsOf(Files.getPosixFilePermissions(
                            shared.path()))) + " group " + group)
                    .figure("reads refused as expected", p.refused)
                    .figure("reads allowed as expected", p.readsAllowed)
                    .figure("reader mappings seen", p.readerMappings)
                    .figure("writable reader mappings", p.writableMappings)
                    .figure("writable reader descriptors", p.writableDescriptors)
                    .figure("other user", "nobody via setpriv");
        } finally {
            if (groupMade) {
                Util.run(List.of("groupdel", group));
            }
            Util.deleteTree(base);
        }
        return result;
    }

    /** Copies the class path into {@code lib}, readable by everyone; returns the new class path. */
    private static String shareClassPath(Path lib) throws IOException, InterruptedException {
        Files.createDirectories(lib);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Paths.get(entry);
            Path to = lib.resolve(i++ + "-" + from.getFileName());
            Util.run(List.of("cp", "-r", from.toString(), to.toString()));
            entries.add(to.toString());
        }
        Util.run(List.of("chmod", "-R", "a+rX", lib.toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * Runs the probe; {@code groups} null means as root (no setpriv).
     *
     * @param mayRead whether the user should be able to read
     */
    private void probe(String label, Region region, List<String> groups, boolean mayRead) throws Exception {
        cases++;
        List<String> wrapper = new ArrayList<>();
        if (groups != null) {
            wrapper.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup"));
            wrapper.addAll(groups);
            wrapper.add("--");
        }
        try (Child c = Child.start(base, wrapper, classPath, List.of("-XX:-UsePerfData"), PermProbeRole.class,
                region.path().getParent().toString(), region.name())) {
            Integer exit = c.awaitExit(Duration.ofSeconds(60));
            List<String> out = c.output();
            System.out.println("CASE " + label + ": " + out);
            if (exit == null || exit != 0 || c.lastLine("EXIT") == null) {
                result.fail(label + ": the probe JVM failed: exit " + exit + " " + out + " "
                        + Files.readString(c.stderrFile()));
                return;
            }
            String open = c.lastLine("OPEN");
            if (mayRead) {
                if (!open.startsWith("OPEN ok") || !open.contains("intact=true")) {
                    result.fail(label + ": should read, got: " + open);
                }
                if (c.lastLine("MAP") == null) {
                    result.fail(label + ": no mapping of the region seen");
                } else if (open.contains("intact=true")) {
                    readsAllowed++;
                }
            } else if (!open.startsWith("OPEN error")) {
                result.fail(label + ": should be refused, got: " + open);
            } else if (open.startsWith("OPEN error JsonMmapException ")) {
                result.fail(label + ": refused without a specific error: " + open);
            } else {
                refused++;
            }
            for (String l : out) {
                if (l.startsWith("MAP ")) {
                    readerMappings++;
                }
                if (l.startsWith("MAP ") && l.substring(4).contains("w")) {
                    writableMappings++;
                    result.fail(label + ": the reader's mapping is writable: " + l);
                }
                if (l.startsWith("FDFLAGS ") && (Integer.parseInt(l.substring(8).trim(), 8) & 3) != 0) {
                    writableDescriptors++;
                    result.fail(label + ": the reader's descriptor is not read-only: " + l);
                }
            }
            boolean asOther = groups != null;
            if (asOther && !c.lastLine("RAWWRITE").startsWith("RAWWRITE denied")) {
                result.fail(label + ": another user could open the file for writing");
            }
            if (asOther && !c.lastLine("WRITER").startsWith("WRITER error")) {
                result.fail(label + ": another user could open a writer: " + c.lastLine("WRITER"));
            }
        }
    }
}
