package org.jsonmmap.cli.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.DocumentValidator;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonDocuments;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Violation;

import tools.jackson.databind.JsonNode;

/**
 * The master behind {@code jsonmmap serve}: publishes one JSON file into a region it holds, then follows
 * the file and republishes it when it changed, until stopped.
 *
 * <p>Each load reads the whole file and decides, in this order: missing, not a regular file, larger than
 * the maximum, not one JSON value, against the schema — any of these keeps the region's version, sets the
 * region's status word to {@link RegionStatus#SOURCE_INVALID} (its since-time is the first refusal) and
 * records why in the sidecar. A good file is published with {@link RegionWriter#publishJsonIfChanged}: the
 * same bytes as the current version, or the same JSON tree with other spacing or member order, make no new
 * version, so followers are not woken for nothing. A good file after a refused one clears the status.
 * One line on the output per event. Not thread-safe: {@link #run()} is the one loop; {@link #reload()} and
 * {@link #stop(String)} may be called from any thread (signal handlers).
 */
public final class Server {
    /** Quiet time after a file event before the file is read, so that one save is read once. */
    static final Duration SETTLE = Duration.ofMillis(50);
    private static final Duration MAX_SETTLE = Duration.ofSeconds(1);

    private enum Kind { FILE, RELOAD, STOP }

    private record Event(Kind kind, String detail) {
    }

    private final RegionWriter writer;
    private final Path file;
    private final long maxBytes;
    private final DocumentValidator validator;
    private final Duration poll;
    private final PrintWriter out;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServeState state;
    private FileFollower.Fingerprint seen = FileFollower.Fingerprint.MISSING;
    private boolean invalid;
    private Instant invalidSince;

    /**
     * @param writer the region's writer, held for as long as the server runs (the caller closes it)
     * @param file the source file
     * @param schema the schema file the validator was made from (for the sidecar), or null
     * @param validator checks every good-JSON file before it is published, or null
     * @param maxBytes largest file accepted
     * @param poll interval of the fingerprint check that backs up change events
     * @param out where the one line per event goes
     */
    public Server(RegionWriter writer, Path file, Path schema, DocumentValidator validator, long maxBytes, Duration poll,
                  PrintWriter out) {
        this.writer = writer;
        this.file = file.toAbsolutePath().normalize();
        this.validator = validator;
        this.maxBytes = maxBytes;
        this.poll = poll;
        this.out = out;
        this.state = new ServeState(ProcessHandle.current().pid(), this.file.toString(),
                schema == null ? null : schema.toAbsolutePath().normalize().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), writer.version(), null, null);
    }

    /** Asks the loop to read the file now (SIGHUP). Safe from any thread. */
    public void reload() {
        events.add(new Event(Kind.RELOAD, "SIGHUP"));
    }

    /**
     * Asks the loop to stop. Safe from any thread.
     *
     * @param why e.g. "SIGTERM"; {@link #run()} returns it
     */
    public void stop(String why) {
        events.add(new Event(Kind.STOP, why));
    }

    /**
     * Publishes the file, then follows it until {@link #stop(String)}.
     *
     * @return the reason given to {@link #stop(String)}
     * @throws IOException if the file's directory cannot be watched
     * @throws InterruptedException if the thread is interrupted
     */
    public String run() throws IOException, InterruptedException {
        log("serving " + file + " as region '" + writer.region().name() + "' (pid " + state.pid() + ", epoch "
                + writer.epoch() + ", region at " + (writer.version() == 0 ? "no version yet" : "v" + writer.version())
                + ")");
        try (FileFollower follower = new FileFollower(file, what -> events.add(new Event(Kind.FILE, what)))) {
            load("start");
            while (true) {
                Event e = events.poll(poll.toNanos(), TimeUnit.NANOSECONDS);
                if (e == null) {
                    FileFollower.Fingerprint now = FileFollower.fingerprint(file);
                    if (!now.equals(seen)) {
                        load("interval check: " + now.differenceFrom(seen));
                    }
                    continue;
                }
                switch (e.kind()) {
                    case STOP:
                        return e.detail();
                    case RELOAD:
                        load(e.detail());
                        break;
                    default:
                        String stop = settle();
                        if (stop != null) {
                            return stop;
                        }
                        load(e.detail());
                        break;
                }
            }
        } finally {
            ServeState.remove(writer.region(), state.pid());
        }
    }

    /** Waits until no file event came for {@link #SETTLE}; returns a stop reason if one arrives meanwhile. */
    private String settle() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            Event next = events.poll(SETTLE.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                return null;
            }
            if (next.kind() == Kind.STOP) {
                return next.detail();
            }
        }
        return null;
    }

    /** Reads the file and publishes it, or keeps the last good version and says why. */
    void load(String cause) {
        String name = file.getFileName().toString();
        FileFollower.Fingerprint before = FileFollower.fingerprint(file);
        seen = before;
        if (!before.exists()) {
            refuse(name + " is missing", cause);
            return;
        }
        if (!Files.isRegularFile(file)) {
            // a FIFO or a device would block the read, a directory cannot be read
            refuse(name + " is not a regular file", cause);
            return;
        }
        if (before.size() > maxBytes) {
            refuse(name + " is too large: " + before.size() + " bytes, over the maximum of " + maxBytes, cause);
            return;
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            // at most one byte more than allowed: a file that grew after the size check costs no more memory
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            refuse(name + " is missing", cause);
            return;
        } catch (IOException e) {
            refuse("cannot read " + name + ": " + e.getMessage(), cause);
            return;
        }
        if (bytes.length > maxBytes) {
            refuse(name + " is too large: more than " + maxBytes + " bytes, the maximum", cause);
            return;
        }
        JsonNode tree;
        try {
            tree = JsonDocuments.parse(bytes);
        } catch (InvalidJsonException e) {
            String detail = oneLine(e.getMessage());
            refuse(name + " is not valid JSON: " + (detail.startsWith("not valid JSON: ")
                    ? detail.substring("not valid JSON: ".length()) : detail), cause);
            return;
        }
        if (validator != null) {
            List<Violation> violations = validator.validate(tree);
            if (!violations.isEmpty()) {
                StringBuilder b = new StringBuilder(name).append(" breaks the schema (").append(violations.size())
                        .append(violations.size() == 1 ? " violation" : " violations").append("): ");
                for (int i = 0; i < violations.size(); i++) {
                    b.append(i == 0 ? "" : "; ").append(oneLine(violations.get(i).toString()));
                }
                refuse(b.toString(), cause);
                return;
            }
        }
        long previous = writer.version();
        long version;
        try {
            version = writer.publishJsonIfChanged(bytes);
        } catch (CapacityExceededException e) {
            refuse(name + " is too large: " + oneLine(e.getMessage()), cause);
            return;
        }
        String line;
        if (version > previous) {
            line = "published v" + version + " (" + bytes.length + " bytes; " + cause + ")";
        } else {
            boolean sameBytes = writer.currentBytes().map(b -> Arrays.equals(b, bytes)).orElse(false);
            line = "unchanged v" + version + " (" + (sameBytes ? "same bytes" : "same JSON, only spacing or member order differ")
                    + "; " + cause + ")";
        }
        if (invalid) {
            writer.setStatus(0);
            line += "; source valid again (invalid since " + invalidSince + ")";
            invalid = false;
            invalidSince = null;
        }
        state = state.good(version);
        record();
        log(line);
    }

    private void refuse(String why, String cause) {
        if (!invalid) {
            invalidSince = writer.setStatus(RegionStatus.SOURCE_INVALID).since();
            invalid = true;
        }
        state = state.invalid(invalidSince, why);
        record();
        long v = writer.version();
        log((v == 0 ? "kept nothing (no version yet)" : "kept v" + v) + ": " + why + " (" + cause
                + "); source invalid since " + invalidSince);
    }

    private void record() {
        try {
            state.write(writer.region());
        } catch (IOException e) {
            log("cannot record the serve state in " + ServeState.sidecar(writer.region()) + ": " + e.getMessage()
                    + " (stat will not show it; serving goes on)");
        }
    }

    private void log(String line) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        out.flush();
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replace('\n', ' ').replace('\r', ' ').replaceAll(" {2,}", " ").trim();
    }
}
