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
import org.jsonmmap.Region;
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
 * name maxSeconds long|fresh out STOP. Prints {@code RESULT reads=R versions=V
 * bad=B backwards=K errors=E conflicts=C}.
 */
public final class RaceReaderRole {
    private RaceReaderRole() {
    }

    public static void main(String[] args) throws IOException {
        Region region = Region.named(args[1], Paths.get(args[0]));
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        boolean fresh = args[3].equals("fresh");
        Path out = Paths.get(args[4]);
        Path stop = Paths.get(args[5]);
        Map<Long, String> seen = new TreeMap<>();
        long reads = 0;
        long bad = 0;
        long backwards = 0;
        long errors = 0;
        long conflicts = 0;
        long last = 0;
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        RegionReader reader = null;
        try {
            while (System.nanoTime() < deadline && !Files.exists(stop)) {
                try {
                    if (reader == null) {
                        reader = region.awaitCreation(Duration.ofSeconds(30));
                    }
                    Optional<Versioned<JsonNode>> s = reader.snapshot();
                    reads++;
                    if (s.isPresent()) {
                        long v = s.get().version();
                        JsonNode doc = s.get().value();
                        String problem = Doc.check(doc, v);
                        if (problem != null) {
                            bad++;
                            System.out.println("BAD " + problem);
                        }
                        String w = doc.has("w") ? doc.get("w").asString() : "?";
                        String before = seen.putIfAbsent(v, w);
                        if (before != null && !before.equals(w)) {
                            conflicts++;
                            System.out.println("CONFLICT version " + v + " was " + before + ", now " + w);
                        }
                        if (v < last) {
                            backwards++;
                            System.out.println("BACKWARDS " + v + " after " + last);
                        }
                        last = Math.max(last, v);
                    }
                } catch (RegionNotFoundException e) {
                    Util.sleep(1);
                } catch (JsonMmapException e) {
                    errors++;
                    if (errors <= 20) {
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
        System.out.println("RESULT reads=" + reads + " versions=" + seen.size() + " bad=" + bad + " backwards="
                + backwards + " errors=" + errors + " conflicts=" + conflicts);
        System.exit(0);
    }
}
