package org.jsonmmap.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Versioned;

import tools.jackson.databind.JsonNode;

/**
 * Child main: a reader in the lock-deletion race, either long-lived (one reader for the whole run) or fresh (a
 * new reader for every read). Every document must be intact and carry the version the region reported;
 * versions must never go back; no read may fail. It writes every (version, writer) pair it saw to
 * {@code OUT} (one {@code version writer} line each), so the scenario can check that no version ever named two
 * documents across readers. It stops once the file {@code STOP} exists, or after {@code maxSeconds}. Args: dir
 * name maxSeconds long|fresh out STOP. Prints {@code RESULT reads=R checked=N bad=B backwards=K errors=E
 * conflicts=C versions=V}.
 */
public final class RaceReaderRole {
    private RaceReaderRole() {
    }

    public static void main(String[] args) throws IOException {
        RoleArgs role = RoleArgs.parse(args, 5);
        boolean fresh = args[3].equals("fresh");
        Path out = Paths.get(args[4]);
        Map<Long, String> seen = new TreeMap<>();
        Tally tally = new Tally("reads", "checked", "bad", "backwards", "errors", "conflicts");
        ReadCheck check = new ReadCheck(tally);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        RegionReader reader = null;
        try {
            while (role.until().running()) {
                try {
                    if (reader == null) {
                        reader = role.region().awaitCreation(Duration.ofSeconds(30));
                    }
                    Optional<Versioned<JsonNode>> s = reader.snapshot();
                    tally.increment("reads");
                    if (s.isPresent()) {
                        long v = s.get().version();
                        JsonNode doc = s.get().value();
                        check.check(v, doc);
                        String w = doc.has("w") ? doc.get("w").asString() : "?";
                        String before = seen.putIfAbsent(v, w);
                        if (before != null && !before.equals(w)) {
                            tally.increment("conflicts");
                            System.out.println("CONFLICT version " + v + " was " + before + ", now " + w);
                        }
                    }
                } catch (RegionNotFoundException e) {
                    Util.sleep(1);
                } catch (JsonMmapException e) {
                    if (tally.increment("errors") <= 20) {
                        System.out.println("ERROR " + e);
                    }
                } finally {
                    if (fresh && reader != null) {
                        reader.close();
                        reader = null;
                    }
                }
            }
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
        List<String> lines = new ArrayList<>();
        seen.forEach((v, w) -> lines.add(v + " " + w));
        Files.write(out, lines);
        System.out.println(tally.resultLine() + " versions=" + seen.size());
        System.exit(0);
    }
}
