package org.jsonmmap.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.jsonmmap.Region;
import org.jsonmmap.WriterLockedException;

/**
 * Scenario 8: a writer's ownership under attack (docs/FORMAT.md 5.1 to 5.5), with real processes.
 *
 * <ol>
 *   <li><b>Lock-deletion race</b>: two writer processes take turns owning one region while the scenario
 *   deletes the lock file every ~100 ms (a tmp cleaner, a careless {@code rm *.lock}); each deletion lets the
 *   waiting writer take over while the other is publishing 16 to 256 KiB documents. A long-lived and a fresh
 *   reader check every document. Zero versions with two documents (across readers), zero going back, zero
 *   torn, zero read errors, and every fenced writer told ({@code fenced == sessions - 1}).</li>
 *   <li><b>Delete race</b>: writer sessions against a loop of plain deletes: zero publishes into an unlinked
 *   file.</li>
 *   <li><b>Forced-delete race</b>: a writer publishing and a reader reading when {@code delete(true)} runs:
 *   zero publishes and zero reads that began after it returned succeed.</li>
 *   <li><b>Alias path</b>: a writer probed in its own process through a symbolic link to its directory (and,
 *   as root, a bind mount) keeps its lock: another process still cannot open a writer.</li>
 * </ol>
 */
final class OwnershipRaces {
    private OwnershipRaces() {
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(8, Run.NAMES[8], "takeovers");
        Path dir = Util.ramDirectory(work, "races");
        try {
            takeoverRace(b, work, dir, result);
            deleteRace(b, work, dir, result);
            forcedDeleteRace(b, work, dir, result);
            aliasPaths(work, dir, result);
        } finally {
            Util.deleteTree(dir);
        }
        return result;
    }

    private static void takeoverRace(Budget b, Path work, Path dir, Result result) throws Exception {
        int seconds = b.raceSeconds();
        String name = "race";
        Region region = Region.named(name, dir);
        List<Child> writers = new ArrayList<>();
        List<Child> readers = new ArrayList<>();
        Path stop = dir.resolve("race-stop");
        String max = Integer.toString(seconds + 120);
        for (int i = 0; i < 2; i++) {
            writers.add(Child.start(work, RaceWriterRole.class, dir.toString(), name, max, "w" + i, stop.toString()));
        }
        long startBy = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(region.path()) && System.nanoTime() < startBy) {
            Util.sleep(5);
        }
        String[] modes = {"long", "fresh"};
        for (String mode : modes) {
            readers.add(Child.start(work, RaceReaderRole.class, dir.toString(), name, max, mode,
                    work.resolve("versions-" + mode + ".txt").toString(), stop.toString()));
        }
        for (Child c : readers) {
            c.awaitLine("READY", Duration.ofSeconds(120));
        }
        // the race itself: delete the lock file every ~100 ms for the race's seconds, counted from the moment every
        // process runs (a loaded machine starts JVMs slowly); then 2 s more, so that every writer that was taken
        // over has published (and been told) once more; then stop everybody
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long deletions = 0;
        SplittableRandom random = new SplittableRandom(8);
        while (System.nanoTime() < end) {
            Util.sleep(70 + random.nextInt(60));
            if (Files.deleteIfExists(region.lockPath())) {
                deletions++;
            }
        }
        Util.sleep(2_000);
        Files.createFile(stop);
        Tally sums = sumResults(writers, "writer", result, (w, line) -> {
            result.fail(Util.figure(line, "busy", 0), "writer " + w.label() + " gave up on a busy slot");
            result.fail(Util.figure(line, "errors", 0), "writer " + w.label() + " failed: " + firstLine(w, "ERROR"));
        }, "sessions", "fenced", "published");
        long sessions = sums.get("sessions");
        long fenced = sums.get("fenced");
        long published = sums.get("published");
        if (fenced != sessions - 1) {
            result.fail("of " + sessions + " writer sessions, " + fenced + " were told they were fenced; expected "
                    + (sessions - 1) + " (all but the last owner's)");
        }
        Map<Long, String> all = new HashMap<>();
        long conflicts = 0;
        long reads = 0;
        for (int i = 0; i < readers.size(); i++) {
            Child r = readers.get(i);
            String line = r.awaitLine("RESULT", Duration.ofSeconds(60));
            if (line == null) {
                result.fail("reader " + modes[i] + " gave no result");
                continue;
            }
            reads += Util.figure(line, "reads", 0);
            result.fail(Util.figure(line, "bad", 0), modes[i] + " reader: torn or wrong documents: " + firstLine(r, "BAD"));
            result.fail(Util.figure(line, "backwards", 0), modes[i] + " reader: versions going back");
            result.fail(Util.figure(line, "errors", 0), modes[i] + " reader: read errors: " + firstLine(r, "ERROR"));
            for (String l : Files.readAllLines(work.resolve("versions-" + modes[i] + ".txt"))) {
                String[] f = l.split(" ");
                String before = all.putIfAbsent(Long.parseLong(f[0]), f[1]);
                if (before != null && !before.equals(f[1])) {
                    conflicts++;
                    if (conflicts <= 5) {
                        System.out.println("CONFLICT version " + f[0] + ": " + before + " and " + f[1]);
                    }
                }
            }
        }
        result.fail(conflicts, "versions read as two different documents");
        long takeovers = sessions - 1;
        if (takeovers < Math.max(5, seconds * 3L)) {
            result.fail("only " + takeovers + " takeovers in " + seconds + " s (" + deletions + " lock deletions):"
                    + " the race did not happen often enough to prove anything");
        }
        result.ops += takeovers;
        result.figure("raceSeconds", seconds).figure("lockDeletions", deletions).figure("takeovers", takeovers)
                .figure("fenced", fenced).figure("published", published).figure("reads", reads)
                .figure("versionsSeen", all.size()).figure("conflicts", conflicts);
        for (Child c : writers) {
            c.kill();
        }
        for (Child c : readers) {
            c.kill();
        }
    }

    private static void deleteRace(Budget b, Path work, Path dir, Result result) throws Exception {
        int seconds = b.deleteRaceSeconds();
        Region region = Region.named("deleted", dir);
        List<Child> writers = new ArrayList<>();
        Path stop = dir.resolve("delete-stop");
        for (int i = 0; i < 2; i++) {
            writers.add(Child.start(work, SessionWriterRole.class, dir.toString(), "deleted", Integer.toString(seconds + 120),
                    stop.toString()));
        }
        for (Child w : writers) {
            w.awaitLine("READY", Duration.ofSeconds(120));
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long deletes = 0;
        long refused = 0;
        while (System.nanoTime() < end) {
            try {
                if (region.delete()) {
                    deletes++;
                }
            } catch (WriterLockedException e) {
                refused++;
            }
        }
        Files.createFile(stop);
        long sessions = sumResults(writers, "session writer", result, (w, line) -> {
            result.fail(Util.figure(line, "unlinked", 0), "publishes that succeeded into an unlinked file: "
                    + firstLine(w, "UNLINKED"));
            result.fail(Util.figure(line, "errors", 0), "session writer failed: " + firstLine(w, "ERROR"));
            w.kill();
        }, "sessions").get("sessions");
        if (deletes < 5 || sessions < 5) {
            result.fail("the delete race hardly happened: " + deletes + " deletes, " + sessions + " sessions");
        }
        result.figure("deleteRaceSeconds", seconds).figure("deletes", deletes).figure("deletesRefused", refused)
                .figure("writerSessions", sessions);
    }

    private static void forcedDeleteRace(Budget b, Path work, Path dir, Result result) throws Exception {
        int trials = b.forcedDeleteTrials();
        Region region = Region.named("forced", dir);
        Path markers = Files.createDirectories(dir.resolve("markers"));
        Child writer = Child.start(work, ForcedDeleteRole.class, "writer", dir.toString(), "forced",
                Integer.toString(trials), markers.toString());
        Child reader = Child.start(work, ForcedDeleteRole.class, "reader", dir.toString(), "forced",
                Integer.toString(trials), markers.toString());
        SplittableRandom random = new SplittableRandom(88);
        int done = 0;
        for (int n = 0; n < trials; n++) {
            Files.createFile(markers.resolve("go-" + n));
            if (writer.awaitLine("OPEN " + n, Duration.ofSeconds(60)) == null
                    || reader.awaitLine("READING " + n, Duration.ofSeconds(60)) == null) {
                result.fail("trial " + n + ": the writer or the reader did not start: " + firstLine(writer, "ERROR")
                        + " / " + firstLine(reader, "ERROR"));
                break;
            }
            Util.sleep(5 + random.nextInt(45));
            region.delete(true);
            Files.createFile(markers.resolve("deleted-" + n));
            if (writer.awaitLine("FENCED " + n, Duration.ofSeconds(60)) == null) {
                result.fail("trial " + n + ": the writer was not told: " + firstLine(writer, "ERROR"));
                break;
            }
            if (reader.awaitLine("GONE " + n, Duration.ofSeconds(60)) == null) {
                result.fail("trial " + n + ": the reader was not told: " + firstLine(reader, "ERROR"));
                break;
            }
            done++;
        }
        for (Child c : List.of(writer, reader)) {
            String line = c.awaitLine("RESULT", Duration.ofSeconds(60));
            result.fail(Util.figure(line, "after", 0), c.label() + ": publishes or reads that succeeded after the"
                    + " forced delete returned: " + firstLine(c, "PUBLISHED-AFTER") + firstLine(c, "READ-AFTER"));
            result.fail(Util.figure(line, "errors", 0), c.label() + ": " + firstLine(c, "ERROR"));
            c.kill();
        }
        result.figure("forcedDeleteTrials", done);
    }

    private static void aliasPaths(Path work, Path dir, Result result) throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, real);
        checkAlias(work, real, link, "symbolic link", result);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Path bind = Files.createDirectories(dir.resolve("bind"));
            if (Util.run(List.of("mount", "--bind", real.toString(), bind.toString())) != 0) {
                result.fail("mount --bind failed (root)");
                return;
            }
            try {
                checkAlias(work, real, bind, "bind mount", result);
            } finally {
                Util.run(List.of("umount", "-l", bind.toString()));
            }
            result.figure("aliases", "symlink+bind");
        } else {
            result.note("not root: the bind-mount alias was not tried");
            result.figure("aliases", "symlink");
        }
    }

    private static void checkAlias(Path work, Path real, Path alias, String kind, Result result)
            throws IOException, InterruptedException {
        String name = "alias-" + kind.replace(' ', '-');
        Child holder = Child.start(work, AliasHolderRole.class, real.toString(), alias.toString(), name);
        String probed = holder.awaitLine("PROBED", Duration.ofSeconds(60));
        if (probed == null) {
            result.fail(kind + ": the holder did not probe: " + holder.output());
            holder.kill();
            return;
        }
        result.fail(Util.figure(probed, "problems", 0), kind + ": " + firstLine(holder, "PROBLEM"));
        Child contender = Child.start(work, AliasContenderRole.class, name, real.toString(), alias.toString());
        String line = contender.awaitLine("RESULT", Duration.ofSeconds(60));
        if (Util.figure(line, "opened", 1) != 0 || Util.figure(line, "refused", 0) != 2) {
            result.fail(kind + ": after probes through the alias another process could open a writer: " + line + " "
                    + firstLine(contender, "OPENED"));
        }
        holder.sendLine("go");
        if (holder.awaitLine("PUBLISHED 2", Duration.ofSeconds(60)) == null) {
            result.fail(kind + ": the holder could not publish after the probes: " + holder.output());
        }
        holder.kill();
        contender.kill();
    }

    /** What the scenario checks in one writer's {@code RESULT} line. */
    @FunctionalInterface
    private interface ResultCheck {
        void check(Child writer, String line) throws InterruptedException;
    }

    /**
     * Waits for each writer's {@code RESULT} line (the writer goes on running), fails {@code result} for a writer
     * that gives none, runs {@code check} on each line given and returns the sums of the figures {@code names}.
     */
    private static Tally sumResults(List<Child> writers, String role, Result result, ResultCheck check,
            String... names) throws InterruptedException {
        Tally sums = new Tally(names);
        for (Child w : writers) {
            String line = w.awaitLine("RESULT", Duration.ofSeconds(60));
            if (line == null) {
                result.fail(role + " " + w.label() + " gave no result");
                continue;
            }
            sums.addFigures(line);
            check.check(w, line);
        }
        return sums;
    }

    private static String firstLine(Child c, String prefix) {
        for (String l : c.output()) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        return "";
    }
}
