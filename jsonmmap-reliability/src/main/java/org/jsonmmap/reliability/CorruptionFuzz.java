package org.jsonmmap.reliability;

import static org.jsonmmap.internal.RegionLayout.CACHE_LINE;
import static org.jsonmmap.internal.RegionLayout.CAPACITY_FIELD;
import static org.jsonmmap.internal.RegionLayout.CREATED_OFFSET;
import static org.jsonmmap.internal.RegionLayout.CRC_FIELD;
import static org.jsonmmap.internal.RegionLayout.EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION_OFFSET;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LENGTH_FIELD;
import static org.jsonmmap.internal.RegionLayout.MAGIC_OFFSET;
import static org.jsonmmap.internal.RegionLayout.MAX_CAPACITY_OFFSET;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_OFFSET_FIELD;
import static org.jsonmmap.internal.RegionLayout.PUBLISHED_FIELD;
import static org.jsonmmap.internal.RegionLayout.SEQ_FIELD;
import static org.jsonmmap.internal.RegionLayout.SIZE_OF_LONG;
import static org.jsonmmap.internal.RegionLayout.SLOT_COUNT;
import static org.jsonmmap.internal.RegionLayout.SLOT_EPOCH_FIELD;
import static org.jsonmmap.internal.RegionLayout.STATUS_OFFSET;
import static org.jsonmmap.internal.RegionLayout.TAG_FIELD;
import static org.jsonmmap.internal.RegionLayout.VERSION_FIELD;
import static org.jsonmmap.internal.RegionLayout.WRITER_PID_OFFSET;
import static org.jsonmmap.internal.RegionLayout.slotField;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;

/**
 * Scenario 4: mutated region files (a flip of every bit of every header field, truncation at every offset
 * of the file, absurd values in every header field, wrong magic, foreign files, empty files, directories,
 * symbolic links and FIFOs where a region should be, then random mutations) opened by a reader,
 * {@code verify} (the CLI's, sampled, when it is built; else {@link Region#verify()} in-process) and a writer
 * taking over. Every case must end in a value that was published or a specific jsonmmap error: no other
 * exception, no hang, no value that was never published, no write through a link.
 */
final class CorruptionFuzz {
    private static final String NAME = "fuzz";
    private static final List<String> PUBLISHED = List.of("{\"v\":1,\"s\":\"first\"}", "{\"v\":2,\"s\":\"second ✓\"}");
    private static final Set<String> PUBLISHED_SET = Set.copyOf(PUBLISHED);
    private static final long CASE_TIMEOUT_SECONDS = 5;

    /** One case: a name and what to put at the region path. */
    record Case(String label, Setup setup) {
    }

    /** Puts the case's file (or directory, link, FIFO) at the region path. */
    interface Setup {
        void apply(Path regionPath) throws Exception;
    }

    /** How one case ended. */
    enum Outcome { ACCEPTED, CLEAR_ERROR, UNCLASSIFIED, CRASH, WRONG_VALUE, HANG }

    private final Path work;
    private final Path repo;
    private final byte[] valid;
    private final Map<String, Long> errorClasses = new TreeMap<>();
    private final Result result;
    private Path dir;
    private final List<Path> abandoned = new ArrayList<>();
    private long cliRuns;
    private long cliDisagreements;

    private CorruptionFuzz(Path work, Path repo, byte[] valid, Result result) {
        this.work = work;
        this.repo = repo;
        this.valid = valid;
        this.result = result;
    }

    static Result run(Budget b, Path work, Path repo) throws Exception {
        Result result = new Result(4, Run.NAMES[4], "cases");
        Path seedDir = Util.ramDirectory(work, "fuzz-seed");
        byte[] valid;
        try (RegionWriter w = Region.named(NAME, seedDir).openWriter(WriterOptions.defaults().withInitialCapacity(256))) {
            for (String doc : PUBLISHED) {
                w.publishJson(doc);
            }
        }
        valid = Files.readAllBytes(Region.named(NAME, seedDir).path());
        Util.deleteTree(seedDir);
        CorruptionFuzz fuzz = new CorruptionFuzz(work, repo, valid, result);
        String cliMode = System.getenv().getOrDefault("RELIABILITY_CLI", "auto");
        Path jar = repo.resolve("jsonmmap-cli/target/jsonmmap.jar");
        Path cli = repo.resolve("bin/jsonmmap");
        boolean useCli = !cliMode.equals("never") && Files.isRegularFile(jar) && Files.isExecutable(cli);
        if (useCli) {
            // a private copy of bin/jsonmmap and its jar: a rebuild of the CLI during the run cannot disturb it
            Path copy = work.resolve("cli");
            Files.createDirectories(copy.resolve("bin"));
            Files.createDirectories(copy.resolve("jsonmmap-cli/target"));
            Files.copy(cli, copy.resolve("bin/jsonmmap"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(jar, copy.resolve("jsonmmap-cli/target/jsonmmap.jar"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            cli = copy.resolve("bin/jsonmmap");
        }
        if (cliMode.equals("require") && !useCli) {
            result.fail("RELIABILITY_CLI=require but " + jar + " is not built");
        }
        List<Case> cases = fuzz.cases(b);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        long[] counts = new long[Outcome.values().length];
        long deadline = System.nanoTime() + (b.timeLimitSeconds(4) - 45) * 1_000_000_000L;
        int done = 0;
        try {
            fuzz.dir = Util.ramDirectory(work, "fuzz");
            for (int i = 0; i < cases.size() && System.nanoTime() < deadline; i++) {
                Case c = cases.get(i);
                boolean withCli = useCli && (i % b.cliEvery() == 0 || c.label().startsWith("path:"));
                Outcome o = fuzz.runCase(pool, c, withCli ? cli : null);
                counts[o.ordinal()]++;
                done++;
            }
        } finally {
            pool.shutdownNow();
            Util.deleteTree(fuzz.dir);
            fuzz.abandoned.forEach(Util::deleteTree);
        }
        result.ops = done;
        result.figure("cases", done)
                .figure("accepted (a published value, or repaired by takeover)", counts[Outcome.ACCEPTED.ordinal()])
                .figure("clear errors", counts[Outcome.CLEAR_ERROR.ordinal()])
                .figure("crashes", counts[Outcome.CRASH.ordinal()])
                .figure("hangs", counts[Outcome.HANG.ordinal()])
                .figure("unclassified exceptions", counts[Outcome.UNCLASSIFIED.ordinal()])
                .figure("never-published values", counts[Outcome.WRONG_VALUE.ordinal()])
                .figure("verify", useCli ? "CLI bin/jsonmmap verify on " + fuzz.cliRuns + " sampled cases (every "
                        + b.cliEvery() + "th and every path case) + Region.verify() in-process on all"
                        : "Region.verify() in-process (CLI jar not built)")
                .figure("CLI disagreements", fuzz.cliDisagreements)
                .figure("errors by type", fuzz.errorClasses.toString().replace(", ", " "));
        if (done < b.fuzzCases()) {
            result.fail("only " + done + " of " + b.fuzzCases() + " cases within the time limit");
        }
        return result;
    }

    /** The cases: systematic ones first, then random mutations up to the budget (quick mode samples). */
    private List<Case> cases(Budget b) {
        List<Case> systematic = new ArrayList<>();
        // a flip of every bit of the used header (fields, reserved words between them, both slot descriptors, status
        // and the reserved word after it)
        for (int at = 0; at < STATUS_OFFSET + 2 * SIZE_OF_LONG; at++) {
            for (int bit = 0; bit < 8; bit++) {
                int a = at;
                int bb = bit;
                systematic.add(new Case("flip " + at + "." + bit, p -> write(p, flip(valid, a, bb))));
            }
        }
        // truncation at every offset of the header and the payload areas
        for (int len = 0; len <= valid.length; len++) {
            int l = len;
            systematic.add(new Case("truncate " + len, p -> write(p, Arrays.copyOf(valid, l))));
        }
        // absurd values in every 8-byte field, and every 4-byte field
        long[] absurd = {0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 4095L, 4096L, 4097L, (1L << 31) - 1, 1L << 31,
            1L << 32, valid.length + 64L, 3L};
        // the header's 8-byte fields (and the reserved word after the file length), then each slot's
        int[] longFields = {MAGIC_OFFSET, CREATED_OFFSET, EPOCH_OFFSET, WRITER_PID_OFFSET, MAX_CAPACITY_OFFSET,
            FILE_LENGTH_OFFSET, FILE_LENGTH_OFFSET + SIZE_OF_LONG, LATEST_OFFSET, STATUS_OFFSET};
        List<Integer> fields = new ArrayList<>();
        for (int f : longFields) {
            fields.add(f);
        }
        for (int s = 0; s < SLOT_COUNT; s++) {
            for (int field : new int[] {SEQ_FIELD, VERSION_FIELD, PAYLOAD_OFFSET_FIELD, CAPACITY_FIELD, PUBLISHED_FIELD,
                SLOT_EPOCH_FIELD, TAG_FIELD}) {
                fields.add(slotField(s, field));
            }
        }
        for (int f : fields) {
            for (long v : absurd) {
                systematic.add(new Case("long@" + f + "=" + v, p -> write(p, putLong(valid, f, v))));
            }
        }
        int[] intFields = {FORMAT_VERSION_OFFSET, HEADER_SIZE_OFFSET, slotField(0, LENGTH_FIELD), slotField(0, CRC_FIELD),
            slotField(1, LENGTH_FIELD), slotField(1, CRC_FIELD)};
        int[] absurdInts = {0, -1, 1, 2, 4095, 4097, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int f : intFields) {
            for (int v : absurdInts) {
                systematic.add(new Case("int@" + f + "=" + v, p -> write(p, putInt(valid, f, v))));
            }
        }
        // wrong magic
        for (String magic : new String[] {"JSONMMAX", "jsonmmap", "PAMMNOSJ", "\0\0\0\0\0\0\0\0", "JSONMMA", "SQLite f",
            "\u007fELF\2\1\1\0", "PK\3\4\0\0\0\0"}) {
            byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
            systematic.add(new Case("magic " + magic.trim(), p -> {
                byte[] out = valid.clone();
                Arrays.fill(out, MAGIC_OFFSET, MAGIC_OFFSET + SIZE_OF_LONG, (byte) 0);
                System.arraycopy(m, 0, out, MAGIC_OFFSET, m.length);
                write(p, out);
            }));
        }
        // foreign files
        systematic.add(new Case("foreign: empty file", p -> write(p, new byte[0])));
        systematic.add(new Case("foreign: JSON text", p -> write(p, PUBLISHED.get(0).getBytes(StandardCharsets.UTF_8))));
        systematic.add(new Case("foreign: zeros of a region's size", p -> write(p, new byte[valid.length])));
        systematic.add(new Case("foreign: ones of a region's size", p -> {
            byte[] ff = new byte[valid.length];
            Arrays.fill(ff, (byte) -1);
            write(p, ff);
        }));
        systematic.add(new Case("foreign: magic only", p -> write(p, Arrays.copyOf(valid, MAGIC_OFFSET + SIZE_OF_LONG))));
        systematic.add(new Case("foreign: header only", p -> write(p, Arrays.copyOf(valid, HEADER_SIZE))));
        for (String f : new String[] {"/bin/true", "/etc/passwd", "/etc/hostname"}) {
            if (Files.isReadable(Paths.get(f))) {
                systematic.add(new Case("foreign: " + f, p -> write(p, Files.readAllBytes(Paths.get(f)))));
            }
        }
        SplittableRandom junk = new SplittableRandom(4L);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[junk.nextInt(i < 100 ? 100 : 10_000)];
            junk.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= SIZE_OF_LONG) {
                System.arraycopy(valid, MAGIC_OFFSET, bytes, 0, SIZE_OF_LONG); // right magic, junk after it
            }
            systematic.add(new Case("foreign: random " + bytes.length + " bytes", p -> write(p, bytes)));
        }
        // things that are not regular files where a region should be
        systematic.add(new Case("path: directory", Files::createDirectory));
        systematic.add(new Case("path: directory with files", p -> {
            Files.createDirectory(p);
            write(p.resolve("x"), valid);
        }));
        systematic.add(new Case("path: symlink to a valid region", p -> {
            Path target = p.resolveSibling("target.bin");
            write(target, valid);
            Files.createSymbolicLink(p, target);
        }));
        systematic.add(new Case("path: dangling symlink", p -> Files.createSymbolicLink(p, p.resolveSibling("nowhere.bin"))));
        systematic.add(new Case("path: symlink to a directory", p -> {
            Path target = p.resolveSibling("target.d");
            Files.createDirectory(target);
            Files.createSymbolicLink(p, target);
        }));
        systematic.add(new Case("path: symlink to /dev/zero", p -> Files.createSymbolicLink(p, Paths.get("/dev/zero"))));
        systematic.add(new Case("path: FIFO", p -> Util.run(List.of("mkfifo", p.toString()))));
        systematic.add(new Case("path: lock file is a directory", p -> {
            write(p, valid);
            Files.createDirectory(lockOf(p));
        }));
        systematic.add(new Case("path: lock file is a symlink", p -> {
            write(p, valid);
            Files.createSymbolicLink(lockOf(p), p.resolveSibling("lock-target"));
        }));
        systematic.add(new Case("path: lock file is a FIFO", p -> {
            write(p, valid);
            Util.run(List.of("mkfifo", lockOf(p).toString()));
        }));
        systematic.add(new Case("path: no file at all", p -> { }));

        List<Case> cases = new ArrayList<>();
        if (b.quick()) {
            // every path case, and a sample of the rest
            int step = Math.max(1, systematic.size() / Math.max(1, b.fuzzCases() - 200));
            for (int i = 0; i < systematic.size(); i++) {
                if (i % step == 0 || systematic.get(i).label().startsWith("path:")) {
                    cases.add(systematic.get(i));
                }
            }
        } else {
            cases.addAll(systematic);
        }
        SplittableRandom random = new SplittableRandom(20261127L);
        while (cases.size() < b.fuzzCases()) {
            long seed = random.nextLong();
            cases.add(new Case("random #" + seed, p -> write(p, randomMutation(valid, new SplittableRandom(seed)))));
        }
        return cases;
    }

    /** 1 to 8 mutations: bit flips anywhere, absurd 8-byte values, truncation, zeroed ranges. */
    static byte[] randomMutation(byte[] in, SplittableRandom r) {
        byte[] out = in.clone();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(5)) {
                case 0: {
                    int at = r.nextInt(out.length);
                    out[at] ^= (byte) (1 << r.nextInt(8));
                    break;
                }
                case 1: {
                    // an aligned 8-byte word of the used header
                    int at = r.nextInt(STATUS_OFFSET + CACHE_LINE) & ~(SIZE_OF_LONG - 1);
                    out = putLong(out, Math.min(at, out.length - 8), r.nextLong());
                    break;
                }
                case 2: {
                    int at = HEADER_SIZE + r.nextInt(Math.max(1, out.length - HEADER_SIZE));
                    out[at] ^= (byte) (1 << r.nextInt(8));
                    break;
                }
                case 3: {
                    int from = r.nextInt(out.length);
                    Arrays.fill(out, from, Math.min(out.length, from + 1 + r.nextInt(64)), (byte) 0);
                    break;
                }
                default:
                    if (r.nextInt(4) == 0) {
                        out = Arrays.copyOf(out, 8 + r.nextInt(out.length - 8));
                        return out;
                    }
            }
        }
        return out;
    }

    private static byte[] flip(byte[] in, int at, int bit) {
        byte[] out = in.clone();
        out[at] ^= (byte) (1 << bit);
        return out;
    }

    static byte[] putLong(byte[] in, int at, long v) {
        byte[] out = in.clone();
        for (int k = 0; k < 8; k++) {
            out[at + k] = (byte) (v >>> (8 * k));
        }
        return out;
    }

    private static byte[] putInt(byte[] in, int at, int v) {
        byte[] out = in.clone();
        for (int k = 0; k < 4; k++) {
            out[at + k] = (byte) (v >>> (8 * k));
        }
        return out;
    }

    private static void write(Path p, byte[] bytes) throws IOException {
        Files.write(p, bytes);
    }

    private static Path lockOf(Path regionPath) {
        return regionPath.resolveSibling(regionPath.getFileName() + ".lock");
    }

    private Outcome runCase(ExecutorService pool, Case c, Path cli) throws Exception {
        Util.deleteTree(dir);
        Files.createDirectories(dir);
        Region region = Region.named(NAME, dir);
        c.setup().apply(region.path());
        Future<Outcome> f = pool.submit(() -> exercise(c, region, cli));
        try {
            Outcome o = f.get(CASE_TIMEOUT_SECONDS + (cli == null ? 0 : 15), TimeUnit.SECONDS);
            if (o != Outcome.ACCEPTED && o != Outcome.CLEAR_ERROR) {
                result.failures++;
            }
            return o;
        } catch (TimeoutException e) {
            f.cancel(true);
            result.fail("hang: " + c.label());
            abandoned.add(dir);
            dir = Util.ramDirectory(work, "fuzz"); // the hung thread keeps the old one
            return Outcome.HANG;
        }
    }

    /** Runs verify, the CLI, a reader and a writer on the case; the worst outcome. */
    private Outcome exercise(Case c, Region region, Path cli) {
        Outcome worst = Outcome.ACCEPTED;
        byte[] linkTarget = readLinkTarget(region.path());
        // verify, in-process
        Boolean healthy = null;
        try {
            healthy = region.verify().isEmpty();
        } catch (Throwable e) {
            worst = worse(worst, classify(c, "verify", e));
        }
        if (cli != null) {
            worst = worse(worst, cliVerify(c, cli, healthy));
        }
        // a reader
        try (RegionReader r = region.openReader()) {
            if (r.snapshot().isPresent()) {
                String text = r.text().orElseThrow();
                if (!PUBLISHED_SET.contains(text)) {
                    report("never-published value from a reader on " + c.label() + ": " + Doc.abbreviate(text));
                    return Outcome.WRONG_VALUE;
                }
            }
            r.info();
            r.checkFile();
        } catch (Throwable e) {
            worst = worse(worst, classify(c, "reader", e));
        }
        // a writer taking over
        String next = "{\"fuzz\":\"" + c.label().replace('"', '\'').replace('\\', '/') + "\"}";
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(256))) {
            w.publishJson(next);
            try (RegionReader r = region.openReader()) {
                String text = r.text().orElse("<none>");
                if (!text.equals(next)) {
                    report("after the takeover on " + c.label() + " a reader sees " + Doc.abbreviate(text));
                    return Outcome.WRONG_VALUE;
                }
            }
        } catch (Throwable e) {
            worst = worse(worst, classify(c, "writer", e));
        }
        if (linkTarget != null && !Arrays.equals(linkTarget, readLinkTarget(region.path()))) {
            report("the target of the symbolic link was changed through the link on " + c.label());
            return Outcome.WRONG_VALUE;
        }
        return worst;
    }

    private static byte[] readLinkTarget(Path p) {
        try {
            if (Files.isSymbolicLink(p)) {
                Path t = Files.readSymbolicLink(p);
                return Files.isRegularFile(t) ? Files.readAllBytes(t) : new byte[0];
            }
        } catch (IOException e) {
            return new byte[0];
        }
        return null;
    }

    private Outcome cliVerify(Case c, Path cli, Boolean healthy) {
        cliRuns++;
        try (Child p = Child.command(work, "cli-verify",
                List.of(cli.toString(), "--dir", dir.toString(), "verify", NAME))) {
            Integer exit = p.awaitExit(Duration.ofSeconds(12));
            if (exit == null) {
                report("hang: CLI verify on " + c.label());
                return Outcome.HANG;
            }
            String err = Files.readString(p.stderrFile());
            Files.deleteIfExists(p.stderrFile());
            if (Child.crashedBySignal(exit) || err.contains("\tat ") || err.contains("Exception in thread")) {
                report("CLI verify crashed on " + c.label() + ": exit " + exit + " " + Doc.abbreviate(err));
                return Outcome.CRASH;
            }
            if (healthy != null && healthy != (exit == 0)) {
                cliDisagreements++;
                report("CLI verify exit " + exit + " but Region.verify() says " + (healthy ? "healthy" : "unhealthy")
                        + " on " + c.label());
                return Outcome.UNCLASSIFIED;
            }
            count(exit == 0 ? "cli:healthy" : "cli:exit" + exit);
            return exit == 0 ? Outcome.ACCEPTED : Outcome.CLEAR_ERROR;
        } catch (IOException | InterruptedException e) {
            report("cannot run the CLI: " + e);
            return Outcome.UNCLASSIFIED;
        }
    }

    private Outcome classify(Case c, String step, Throwable e) {
        if (e instanceof JsonMmapException) {
            if (e.getClass() == JsonMmapException.class || e.getMessage() == null || e.getMessage().isBlank()) {
                report("unclassified " + step + " error on " + c.label() + ": " + e);
                return Outcome.UNCLASSIFIED;
            }
            count(e.getClass().getSimpleName());
            return Outcome.CLEAR_ERROR;
        }
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        report(step + " crashed on " + c.label() + ": " + sw.toString().replace('\n', ' '));
        return Outcome.CRASH;
    }

    /** A bad case, printed for the log; counted once per case by {@link #runCase}. */
    private void report(String why) {
        System.out.println("FAILURE " + why);
        result.note(why);
    }

    private synchronized void count(String what) {
        errorClasses.merge(what, 1L, Long::sum);
    }

    private static Outcome worse(Outcome a, Outcome b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
