package org.jsonmmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The one entry point of every child JVM of the cross-process figures ({@link CrossProcessRoles},
 * {@link PeerRoles}, {@link FutexRoles}). Most roles are one of two kinds and take the same arguments, parsed
 * here once: a paced writer ({@code ROLE DIR PERIOD_NANOS [OUT]}) publishes every period until the reader is
 * done, and a sampling reader ({@code ROLE DIR WARMUP SAMPLES OUT}) records that many samples after a warm-up.
 * The few roles of another shape parse their own arguments in {@link CrossProcessRoles#main}.
 */
final class Roles {
    /** A writer that publishes every period until {@code done} appears; {@code out} is null when not given. */
    @FunctionalInterface
    interface PacedWriter {
        void run(Path dir, long periodNanos, Path out) throws Exception;
    }

    /** A reader that records {@code samples} samples after {@code warmup} and writes its figures to {@code out}. */
    @FunctionalInterface
    interface SamplingReader {
        void run(Path dir, int warmup, int samples, Path out) throws Exception;
    }

    private static final Map<String, PacedWriter> WRITERS = Map.of(
            "ours-writer", CrossProcessRoles::oursWriter,
            "seqlock-writer", (dir, period, out) -> CrossProcessRoles.seqlockWriter(dir, period),
            "raw-writer", PeerRoles::rawWriter,
            "chronicle-writer", (dir, period, out) -> PeerRoles.chronicleWriter(dir, period),
            "agrona-writer", (dir, period, out) -> PeerRoles.agronaWriter(dir, period),
            "futex-floor-writer", FutexRoles::floorWriter);

    private static final Map<String, SamplingReader> READERS = Map.of(
            "seqlock-reader", CrossProcessRoles::seqlockReader,
            "raw-reader", PeerRoles::rawReader,
            "chronicle-reader", PeerRoles::chronicleReader,
            "agrona-reader", PeerRoles::agronaReader,
            "futex-floor-waiter", FutexRoles::floorWaiter,
            "futex-await-reader", FutexRoles::awaitReader);

    private Roles() {
    }

    /**
     * Runs one role.
     *
     * @param args the role's name, the shared scratch directory, then the role's own arguments
     * @throws Exception if the role fails
     */
    static void main(String[] args) throws Exception {
        String role = args[0];
        Path dir = Path.of(args[1]);
        PacedWriter writer = WRITERS.get(role);
        SamplingReader reader = READERS.get(role);
        if (writer != null) {
            writer.run(dir, Long.parseLong(args[2]), args.length > 3 ? Path.of(args[3]) : null);
        } else if (reader != null) {
            reader.run(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
        } else {
            CrossProcessRoles.main(args);
        }
    }

    /** One paced publish: {@code tag} is System.nanoTime() taken just before, {@code round} counts from 0. */
    @FunctionalInterface
    interface TaggedPublish {
        void publish(long tag, long round) throws Exception;
    }

    /**
     * The paced writer's loop: waits for the reader's {@code ready-0}, then publishes once every period until the
     * reader creates {@code done}.
     */
    static void everyPeriodUntilDone(Path dir, long periodNanos, TaggedPublish publish) throws Exception {
        CrossProcess.waitForFile(dir.resolve("ready-0"));
        Path done = dir.resolve("done");
        long next = System.nanoTime();
        for (long round = 0; !Files.exists(done); round++) {
            next = pace(next, periodNanos);
            publish.publish(System.nanoTime(), round);
        }
    }

    /** Sleeps until the next period starts; a late wake-up starts the next period from now (no bursts). */
    static long pace(long next, long periodNanos) {
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
            return next;
        }
        return System.nanoTime();
    }
}
