package org.jsonmmap.reliability;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Subscription;
import org.jsonmmap.Versioned;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Child main: a soak reader ({@code reader}: a tight loop of {@link RegionReader#snapshot()}, with every 64th
 * read through the raw text) or subscriber ({@code subscriber}: {@link RegionReader#subscribe}). It follows
 * the rounds of {@link SoakWriterRole}, checks every new document it gets ({@link Doc#check}) and that
 * versions never go back, and ends a round when the final document arrives. Args: dir prefix rounds
 * roundSeconds mode. Prints {@code READY r} when its reader is open, {@code ROUND r ...}, and
 * {@code RESULT reads=R checked=C bad=B backwards=K errors=E lost=L}.
 */
public final class SoakReaderRole {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Tally tally = new Tally("reads", "checked", "bad", "backwards", "errors", "lost");

    private SoakReaderRole() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        String prefix = args[1];
        int rounds = Integer.parseInt(args[2]);
        long roundSeconds = Long.parseLong(args[3]);
        boolean subscriber = args[4].equals("subscriber");
        SoakReaderRole role = new SoakReaderRole();
        for (int round = 0; round < rounds; round++) {
            Region region = Region.named(prefix + "-" + round, Paths.get(dir));
            try (RegionReader r = region.awaitCreation(Duration.ofSeconds(roundSeconds + 60))) {
                System.out.println("READY " + round);
                System.out.flush();
                long deadline = System.nanoTime() + (roundSeconds + 30) * 1_000_000_000L;
                long fin = subscriber ? role.subscribe(r, deadline) : role.read(r, deadline);
                if (fin == 0) {
                    role.tally.increment("lost");
                }
                System.out.println("ROUND " + round + " final=" + (fin == 0 ? "lost" : Long.toString(fin)));
            } catch (JsonMmapException e) {
                role.tally.increment("errors");
                role.tally.increment("lost");
                System.out.println("ERROR round " + round + ": " + e);
                System.out.println("ROUND " + round + " final=lost");
                e.printStackTrace();
            }
        }
        System.out.println(role.tally.resultLine());
        System.exit(0);
    }

    /** Reads until the final document; returns its version, or 0 at the deadline. */
    private long read(RegionReader r, long deadline) throws InterruptedException {
        ReadCheck check = new ReadCheck(tally);
        Versioned<JsonNode> last = null;
        long i = 0;
        while (System.nanoTime() < deadline) {
            i++;
            try {
                if (i % 64 == 0) {
                    Optional<String> text = r.text();
                    tally.increment("reads");
                    if (text.isPresent()) {
                        tally.increment("checked");
                        String problem = Doc.check(MAPPER.readTree(text.get()), 0);
                        if (problem != null) {
                            check.bad("text read: " + problem);
                        }
                    }
                    continue;
                }
                Optional<Versioned<JsonNode>> s = r.snapshot();
                tally.increment("reads");
                if (s.isEmpty() || s.get() == last) {
                    continue; // nothing yet, or the very object already checked (the one-load fast path)
                }
                last = s.get();
                check.check(last.version(), last.value());
                if (Doc.isLast(last.value())) {
                    return last.version();
                }
            } catch (JsonMmapException e) {
                tally.increment("errors");
                System.out.println("ERROR " + e);
                Thread.sleep(10);
            }
        }
        return 0;
    }

    /** Subscribes until the final document arrives; returns its version, or 0 at the deadline. */
    private long subscribe(RegionReader r, long deadline) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong fin = new AtomicLong();
        AtomicLong lastVersion = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong badCount = new AtomicLong();
        AtomicLong back = new AtomicLong();
        AtomicLong errs = new AtomicLong();
        try (Subscription sub = r.subscribe(x -> {
            delivered.incrementAndGet();
            if (x.version() <= lastVersion.get()) {
                back.incrementAndGet();
                System.out.println("BACKWARDS " + x.version() + " after " + lastVersion.get());
            }
            lastVersion.set(x.version());
            String problem = Doc.check(x.value(), x.version());
            if (problem != null) {
                badCount.incrementAndGet();
                System.out.println("BAD " + problem);
            }
            if (Doc.isLast(x.value())) {
                fin.set(x.version());
                done.countDown();
            }
        }, e -> {
            errs.incrementAndGet();
            System.out.println("ERROR " + e);
        })) {
            done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        tally.add("reads", delivered.get());
        tally.add("checked", delivered.get());
        tally.add("bad", badCount.get());
        tally.add("backwards", back.get());
        tally.add("errors", errs.get());
        return fin.get();
    }
}
