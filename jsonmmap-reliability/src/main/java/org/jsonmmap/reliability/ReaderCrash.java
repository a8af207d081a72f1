package org.jsonmmap.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenario 3: while one writer publishes as fast as it can and two readers and one subscriber watch, reader
 * and subscriber processes are started and killed with kill -9 at random moments of their reading. The
 * writer must never fail, and the surviving readers must keep getting every final version intact: a dead
 * reader strands nothing.
 */
final class ReaderCrash {
    private ReaderCrash() {
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(3, Run.NAMES[3], "reader kills");
        Path dir = Util.ramDirectory(work, "readercrash");
        String secs = Integer.toString(b.readerCrashSeconds());
        List<Child> stable = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3L);
        long kills = 0;
        long victimsSeenReading = 0;
        try {
            for (int i = 0; i < 3; i++) {
                stable.add(Child.start(work, SoakReaderRole.class, dir.toString(), "rc", "1", secs,
                        i < 2 ? "reader" : "subscriber"));
            }
            try (Child writer = Child.start(work, SoakWriterRole.class, dir.toString(), "rc", "1", secs)) {
                long end = System.nanoTime() + (b.readerCrashSeconds() - 4) * 1_000_000_000L;
                while (kills < b.readerCrashKills() && System.nanoTime() < end) {
                    // two victims at a time, one reader and one subscriber, killed at independent random moments
                    try (Child r = Child.start(work, SoakReaderRole.class, dir.toString(), "rc", "1", "600", "reader");
                         Child s = Child.start(work, SoakReaderRole.class, dir.toString(), "rc", "1", "600",
                                 "subscriber")) {
                        for (Child victim : List.of(r, s)) {
                            if (victim.awaitLine("READY", Duration.ofSeconds(30)) != null) {
                                victimsSeenReading++;
                            }
                            Thread.sleep(random.nextInt(300));
                            victim.kill();
                            kills++;
                        }
                    }
                }
                Integer wexit = writer.awaitExit(Duration.ofSeconds(b.readerCrashSeconds() + 60));
                if (wexit == null || wexit != 0) {
                    result.fail("the writer noticed: exit " + wexit + ", " + writer.lastLine("ERROR"));
                }
                long published = Util.figure(writer.lastLine("RESULT"), "published", 0);
                long maxPublish = Util.figure(writer.lastLine("ROUND"), "maxPublishMicros", 0);
                Tally survivors = new Tally("checked", "bad", "backwards", "errors", "lost");
                for (Child c : stable) {
                    String res = c.awaitResult(Duration.ofSeconds(60), result);
                    if (res != null) {
                        survivors.addFigures(res);
                    }
                }
                long checked = survivors.get("checked");
                long bad = survivors.get("bad") + survivors.get("backwards");
                long errors = survivors.get("errors");
                long lost = survivors.get("lost");
                result.ops = kills;
                result.figure("reader and subscriber processes killed", kills)
                        .figure("killed while reading", victimsSeenReading)
                        .figure("writer publishes", published)
                        .figure("writer errors", wexit == null || wexit != 0 ? 1 : 0)
                        .figure("max publish ms", maxPublish / 1000)
                        .figure("survivor documents checked", checked)
                        .figure("survivor bad reads", bad)
                        .figure("survivor errors", errors)
                        .figure("survivor final versions lost", lost);
                result.fail(bad, "surviving readers saw a bad or backward value");
                result.fail(errors, "surviving readers had errors");
                result.fail(lost, "surviving readers missed the final version");
                result.fail(Util.crashLogs(work), "JVM crash logs");
                if (kills == 0) {
                    result.fail("no reader was killed");
                }
            }
        } finally {
            stable.forEach(Child::close);
            Util.deleteTree(dir);
        }
        return result;
    }
}
