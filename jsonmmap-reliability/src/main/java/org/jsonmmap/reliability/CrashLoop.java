package org.jsonmmap.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Versioned;

import tools.jackson.databind.JsonNode;

/**
 * Scenario 2: kill -9 the writer at random moments, over and over; after each kill a new writer takes over.
 * The writers publish durably, on a disk directory, documents of random sizes whose maximum doubles with
 * each life of a chain of lives (1 KiB to 512 KiB), so that the first publishes of every life grow the file:
 * kills land during publishes and during growth. After each kill the region must still hold at least the
 * last acknowledged version, intact; every takeover must have a strictly greater epoch and continue the
 * version sequence. Two lanes run side by side (two cores), each followed by a reader process that checks
 * every document it gets.
 */
final class CrashLoop {
    private static final int LANES = 2;

    private final Budget b;
    private final Path work;
    private final Path dir;
    private final Result result;
    private final long timeLimit;

    /** The counters of one lane. */
    private static final class Lane {
        final int id;
        long kills;
        long takeovers;
        long lost;
        long invalidAfterKill;
        long epochNotIncreasing;
        long versionNotContinued;
        long failedTakeovers;
        long startMillis;
        int chains;

        Lane(int id) {
            this.id = id;
        }
    }

    private CrashLoop(Budget b, Path work, Path dir, Result result) {
        this.b = b;
        this.work = work;
        this.dir = dir;
        this.result = result;
        this.timeLimit = System.nanoTime() + (b.timeLimitSeconds(2) - 60) * 1_000_000_000L;
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(2, Run.NAMES[2], "kills");
        Path dir = Files.createTempDirectory(work, "regions");
        Path stop = work.resolve("stop-readers");
        CrashLoop loop = new CrashLoop(b, work, dir, result);
        List<Child> readers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        try {
            for (int i = 0; i < LANES; i++) {
                readers.add(Child.start(work, CrashReaderRole.class, dir.toString(), "crash" + i, stop.toString(),
                        Integer.toString(b.timeLimitSeconds(2))));
            }
            List<Future<Lane>> lanes = new ArrayList<>();
            for (int i = 0; i < LANES; i++) {
                int id = i;
                int kills = b.crashKills() / LANES + (i < b.crashKills() % LANES ? 1 : 0);
                lanes.add(pool.submit(() -> loop.lane(id, kills)));
            }
            Lane sum = new Lane(-1);
            for (Future<Lane> f : lanes) {
                Lane l = f.get();
                sum.kills += l.kills;
                sum.takeovers += l.takeovers;
                sum.lost += l.lost;
                sum.invalidAfterKill += l.invalidAfterKill;
                sum.epochNotIncreasing += l.epochNotIncreasing;
                sum.versionNotContinued += l.versionNotContinued;
                sum.failedTakeovers += l.failedTakeovers;
                sum.startMillis += l.startMillis;
                sum.chains += l.chains;
            }
            Files.createFile(stop);
            Tally readerSum = new Tally("checked", "bad", "backwards", "errors");
            long readersWithInvalid = 0;
            for (Child r : readers) {
                String res = r.awaitResult(Duration.ofSeconds(30), result);
                if (res == null) {
                    continue;
                }
                readerSum.addFigures(res);
                if (Util.figure(res, "bad", 0) + Util.figure(res, "backwards", 0) + Util.figure(res, "errors", 0) > 0) {
                    readersWithInvalid++;
                }
            }
            result.ops = sum.kills;
            result.figure("kills", sum.kills)
                    .figure("takeovers", sum.takeovers)
                    .figure("failed takeovers", sum.failedTakeovers)
                    .figure("acknowledged durable versions lost", sum.lost)
                    .figure("invalid value after a kill", sum.invalidAfterKill)
                    .figure("readers that saw an invalid value", readersWithInvalid)
                    .figure("reader documents checked", readerSum.get("checked"))
                    .figure("epochs not strictly increasing", sum.epochNotIncreasing)
                    .figure("version sequence not continued", sum.versionNotContinued)
                    .figure("regions (chains of " + b.crashLivesPerChain() + " lives, " + LANES + " lanes)", sum.chains)
                    .figure("mean writer start ms", sum.startMillis / Math.max(1, sum.kills));
            result.fail(readerSum.get("bad") + readerSum.get("backwards"), "readers saw a torn, mixed or backward value");
            result.fail(readerSum.get("errors"), "reader errors while writers were killed");
            if (sum.kills < b.crashKills()) {
                result.fail("only " + sum.kills + " of " + b.crashKills() + " kills within the time limit");
            }
            result.fail(Util.crashLogs(work), "JVM crash logs");
        } finally {
            pool.shutdownNow();
            readers.forEach(Child::close);
        }
        Util.deleteTree(dir);
        return result;
    }

    private Lane lane(int id, int killsWanted) throws Exception {
        Lane lane = new Lane(id);
        SplittableRandom random = new SplittableRandom(20261127L + id);
        long lastAcked = 0;
        long lastEpoch = 0;
        int chain = -1;
        for (int k = 0; k < killsWanted && System.nanoTime() < timeLimit; k++) {
            int life = k % b.crashLivesPerChain();
            if (life == 0) {
                chain++;
                lane.chains++;
                lastAcked = 0;
                lastEpoch = 0;
            }
            String name = "crash" + id + "-" + chain;
            String where = "lane " + id + " region " + name + " life " + life;
            int maxSize = Math.min(1 << 20, 1024 << life);
            long t0 = System.nanoTime();
            String writerLabel;
            try (Child w = Child.start(work, List.of(), System.getProperty("java.class.path"),
                    List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"), CrashWriterRole.class, dir.toString(), name,
                    Integer.toString(maxSize), Long.toString(random.nextLong()))) {
                writerLabel = w.label();
                String ready = w.awaitLine("READY", Duration.ofSeconds(30));
                if (ready == null) {
                    lane.failedTakeovers++;
                    result.fail(where + ": the new writer did not take over: " + w.output());
                    continue;
                }
                lane.startMillis += (System.nanoTime() - t0) / 1_000_000;
                if (life > 0) {
                    lane.takeovers++;
                }
                long epoch = Util.figure(ready, "epoch", -1);
                long version = Util.figure(ready, "version", -1);
                if (epoch <= lastEpoch) {
                    lane.epochNotIncreasing++;
                    result.fail(where + ": epoch " + epoch + " after " + lastEpoch);
                }
                if (version < lastAcked) {
                    lane.versionNotContinued++;
                    result.fail(where + ": took over at version " + version + ", " + lastAcked + " had been acknowledged");
                }
                lastEpoch = epoch;
                // a random moment: often right away (the first publishes grow the file), else later
                int delay = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(b.crashMaxDelayMillis());
                Thread.sleep(delay);
                w.kill();
                lane.kills++;
                String acked = w.lastLine("C ");
                if (acked != null) {
                    lastAcked = Math.max(lastAcked, Long.parseLong(acked.substring(2).trim()));
                }
                if (w.lastLine("ERROR") != null) {
                    result.fail(where + ": the writer failed: " + w.lastLine("ERROR"));
                }
                Files.deleteIfExists(w.stderrFile());
            }
            Files.deleteIfExists(work.resolve(writerLabel + ".out")); // a line per publish: not worth keeping
            // what the next reader finds: at least the acknowledged version, intact
            try (RegionReader r = Region.named(name, dir).openReader()) {
                Optional<Versioned<JsonNode>> s = r.snapshot();
                long v = s.map(Versioned::version).orElse(0L);
                if (v < lastAcked) {
                    lane.lost++;
                    result.fail(where + ": acknowledged version " + lastAcked + " lost, the region holds " + v);
                }
                if (s.isPresent()) {
                    String problem = Doc.check(s.get().value(), v);
                    if (problem != null) {
                        lane.invalidAfterKill++;
                        result.fail(where + ": " + problem);
                    }
                }
            } catch (JsonMmapException e) {
                lane.invalidAfterKill++;
                result.fail(where + ": reading after the kill failed: " + e);
            }
            // the last kill of a chain is followed by a takeover too, and the region must verify clean
            if (life == b.crashLivesPerChain() - 1 || k == killsWanted - 1) {
                Region region = Region.named(name, dir);
                try (RegionWriter w = region.openWriter()) {
                    if (w.epoch() <= lastEpoch) {
                        lane.epochNotIncreasing++;
                        result.fail(where + ": final takeover epoch " + w.epoch() + " after " + lastEpoch);
                    }
                    w.publishJson(Doc.build(w.version() + 1, 64, true));
                    lane.takeovers++;
                } catch (JsonMmapException e) {
                    lane.failedTakeovers++;
                    result.fail("final takeover of " + region.name() + " failed: " + e);
                }
                List<String> problems = region.verify();
                if (!problems.isEmpty()) {
                    result.fail(region.name() + " does not verify: " + problems);
                }
            }
        }
        return lane;
    }
}
