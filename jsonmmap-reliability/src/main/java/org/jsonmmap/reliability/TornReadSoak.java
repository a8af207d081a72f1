package org.jsonmmap.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1: one writer alternating documents of 64 B to 1 MiB as fast as it can (crossing growth at the
 * start of every round), three readers in tight loops and two subscribers, all in their own JVMs. Every new
 * document a reader gets is checked against its embedded content hash and the version the region reported;
 * versions must never go back; the final document of every round must reach every reader and subscriber.
 */
final class TornReadSoak {
    private TornReadSoak() {
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(1, Run.NAMES[1], "reads");
        Path dir = Util.ramDirectory(work, "soak");
        List<Child> readers = new ArrayList<>();
        List<Child> subscribers = new ArrayList<>();
        String rounds = Integer.toString(b.soakRounds());
        String secs = Integer.toString(b.soakRoundSeconds());
        try {
            for (int i = 0; i < 3; i++) {
                readers.add(Child.start(work, SoakReaderRole.class, dir.toString(), "soak", rounds, secs, "reader"));
            }
            for (int i = 0; i < 2; i++) {
                subscribers.add(Child.start(work, SoakReaderRole.class, dir.toString(), "soak", rounds, secs,
                        "subscriber"));
            }
            try (Child writer = Child.start(work, SoakWriterRole.class, dir.toString(), "soak", rounds, secs)) {
                Duration limit = Duration.ofSeconds((long) b.soakRounds() * b.soakRoundSeconds() + 60);
                Integer wexit = writer.awaitExit(limit);
                List<Long> finals = new ArrayList<>();
                long maxPublish = 0;
                for (String l : writer.output()) {
                    if (l.startsWith("ROUND ")) {
                        finals.add(Util.figure(l, "final", -1));
                        maxPublish = Math.max(maxPublish, Util.figure(l, "maxPublishMicros", 0));
                    }
                }
                if (wexit == null || wexit != 0) {
                    result.fail("writer exit " + wexit + ": " + writer.lastLine("ERROR"));
                }
                long published = Util.figure(writer.lastLine("RESULT"), "published", 0);
                long reads = 0;
                long checked = 0;
                long torn = 0;
                long backwards = 0;
                long errors = 0;
                long lostReader = 0;
                long lostSubscriber = 0;
                long deliveries = 0;
                long crashes = 0;
                List<Child> all = new ArrayList<>(readers);
                all.addAll(subscribers);
                for (Child c : all) {
                    Integer exit = c.awaitExit(Duration.ofSeconds(60));
                    boolean sub = subscribers.contains(c);
                    String res = c.lastLine("RESULT");
                    if (Child.crashedBySignal(exit)) {
                        crashes++;
                    }
                    if (exit == null || exit != 0 || res == null) {
                        result.fail(c + " ended with " + exit + " without a result");
                        continue;
                    }
                    reads += Util.figure(res, "reads", 0);
                    checked += Util.figure(res, "checked", 0);
                    torn += Util.figure(res, "bad", 0);
                    backwards += Util.figure(res, "backwards", 0);
                    errors += Util.figure(res, "errors", 0);
                    if (sub) {
                        lostSubscriber += Util.figure(res, "lost", 0);
                        deliveries += Util.figure(res, "checked", 0);
                    } else {
                        lostReader += Util.figure(res, "lost", 0);
                    }
                    // the final version each one saw must be the writer's final version of that round
                    for (String l : c.output()) {
                        if (l.startsWith("ROUND ")) {
                            int round = Integer.parseInt(l.split(" ")[1]);
                            long fin = Util.figure(l, "final", 0);
                            if (fin != 0 && round < finals.size() && fin != finals.get(round)) {
                                result.fail(c + " round " + round + " ended on version " + fin + ", the writer's final was "
                                        + finals.get(round));
                            }
                        }
                        if (l.startsWith("ERROR") || l.startsWith("BAD") || l.startsWith("BACKWARDS")) {
                            result.note(c + ": " + l);
                        }
                    }
                }
                crashes += Util.crashLogs(work);
                result.ops = reads;
                result.figure("published", published)
                        .figure("reads", reads)
                        .figure("reads checked in full", checked)
                        .figure("subscriber deliveries checked", deliveries)
                        .figure("torn or mixed", torn)
                        .figure("versions backwards", backwards)
                        .figure("read errors", errors)
                        .figure("final versions lost by subscribers", lostSubscriber)
                        .figure("final versions lost by readers", lostReader)
                        .figure("rounds (each grows a fresh region)", finals.size())
                        .figure("max publish ms", maxPublish / 1000)
                        .figure("JVM crashes", crashes);
                result.fail(torn, "torn or mixed reads");
                result.fail(backwards, "versions went backwards");
                result.fail(errors, "read errors");
                result.fail(lostSubscriber, "final version never delivered to a subscriber");
                result.fail(lostReader, "final version never seen by a reader");
                result.fail(crashes, "JVM crashes");
                if (finals.size() != b.soakRounds()) {
                    result.fail("the writer finished " + finals.size() + " of " + b.soakRounds() + " rounds");
                }
            }
        } finally {
            readers.forEach(Child::close);
            subscribers.forEach(Child::close);
            Util.deleteTree(dir);
        }
        return result;
    }
}
