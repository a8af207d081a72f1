package org.jsonmmap.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.IdleStrategy;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.ReaderOptions;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Versioned;
import org.jsonmmap.WriterOptions;
import org.jsonmmap.internal.Futex;

import tools.jackson.databind.JsonNode;

/**
 * Child main for the cross-language tests of the Python package ({@code python/tests}). One subcommand per
 * call; every answer is one line on standard output (UTF-8), documents travel through files so that no
 * console encoding touches them. Exit code 0 when the subcommand ran, whatever its answer; 2 on bad usage.
 *
 * <pre>
 * publish DIR NAME INITIAL_CAPACITY TAG FILE...  publish each file's bytes in turn (publishJson);
 *                                                 prints "PUBLISHED version=V epoch=E" or "ERROR Class message"
 * get DIR NAME OUTFILE                            read the latest version's bytes into OUTFILE;
 *                                                 prints "OK version=V epoch=E tag=T", "NONE" or "ERROR Class message"
 * classify DIR NAME...                            per name: open a reader and parse the latest version;
 *                                                 prints "NAME OK", "NAME NONE" or "NAME ERROR Class message"
 * serve DIR NAME INITIAL_CAPACITY                 one writer; per line of stdin "TAG FILE": publishJson(file, tag),
 *                                                 prints "PUBLISHED version=V epoch=E" (READY pid first)
 * follow DIR NAME                                 one reader kept open; per line of stdin "OUTFILE": as get
 * await DIR NAME SINCE                            awaitChange(SINCE) with a 60 s file-check interval and, where this
 *                                                 JVM has the futex, a 60 s back-off ceiling (else the default);
 *                                                 prints "WAITING futex=true|false", then "CHANGED version=V millis=M"
 *                                                 or "TIMEOUT" after 60 s
 * delete DIR NAME FORCE                           Region.delete(force); prints "DELETED true|false" or "ERROR ..."
 * hold DIR NAME                                   HoldWriter: READY pid ... until stdin closes, or REFUSED pid ...
 * torture-writer DIR NAME SECONDS                 TortureWriter (alternating sizes crossing growth)
 * torture-reader DIR NAME SECONDS                 TortureReader (tight loop; RESULT reads= distinct= bad= backwards=)
 * </pre>
 */
public final class InteropMain {
    private InteropMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length < 3) {
            usage(out);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Region region = Region.named(args[2], Paths.get(args[1]));
        switch (args[0]) {
            case "publish":
                publish(out, region, rest);
                break;
            case "get":
                get(out, region, Paths.get(rest[2]));
                break;
            case "classify":
                for (int i = 2; i < args.length; i++) {
                    out.print(args[i] + " ");
                    classify(out, Region.named(args[i], Paths.get(args[1])));
                }
                break;
            case "serve":
                serve(out, region, Long.parseLong(rest[2]));
                break;
            case "follow":
                follow(out, region);
                break;
            case "await":
                await(out, region, Long.parseLong(rest[2]));
                break;
            case "delete":
                try {
                    out.println("DELETED " + region.delete(Boolean.parseBoolean(rest[2])));
                } catch (JsonMmapException e) {
                    out.println(error(e));
                }
                break;
            case "hold":
                HoldWriter.main(rest);
                break;
            case "torture-writer":
                TortureWriter.main(rest);
                break;
            case "torture-reader":
                TortureReader.main(rest);
                break;
            default:
                usage(out);
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: InteropMain publish|get|classify|delete|hold|torture-writer|torture-reader DIR NAME ...");
        System.exit(2);
    }

    private static String error(JsonMmapException e) {
        return "ERROR " + e.getClass().getSimpleName() + " " + e.getMessage();
    }

    private static void publish(PrintStream out, Region region, String[] rest) throws Exception {
        WriterOptions options = WriterOptions.defaults().withInitialCapacity(Long.parseLong(rest[2]));
        long tag = Long.parseLong(rest[3]);
        try (RegionWriter w = region.openWriter(options)) {
            for (int i = 4; i < rest.length; i++) {
                w.publishJson(Files.readAllBytes(Paths.get(rest[i])), tag);
            }
            out.println("PUBLISHED version=" + w.version() + " epoch=" + w.epoch());
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }

    private static void await(PrintStream out, Region region, long since) {
        boolean futex = Futex.get().available();
        Duration minute = Duration.ofSeconds(60);
        // with the futex only a wake ends the wait within seconds; without, the default polling does
        ReaderOptions options = ReaderOptions.defaults().withFileCheckInterval(minute)
                .withIdleStrategy(futex ? IdleStrategy.backoff(minute) : IdleStrategy.defaults());
        try (RegionReader r = region.openReader(options)) {
            out.println("WAITING futex=" + futex);
            long t0 = System.nanoTime();
            OptionalLong v = r.awaitChange(since, minute);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            out.println(v.isPresent() ? "CHANGED version=" + v.getAsLong() + " millis=" + millis : "TIMEOUT");
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }

    private static void get(PrintStream out, Region region, Path outFile) throws Exception {
        try (RegionReader r = region.openReader()) {
            get(out, r, outFile);
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }

    private static void get(PrintStream out, RegionReader r, Path outFile) throws Exception {
        try {
            Optional<Versioned<JsonNode>> snap = r.snapshot();
            Optional<byte[]> bytes = r.bytes();
            if (snap.isEmpty() || bytes.isEmpty()) {
                out.println("NONE");
                return;
            }
            Files.write(outFile, bytes.get());
            Versioned<JsonNode> v = snap.get();
            out.println("OK version=" + v.version() + " epoch=" + v.epoch() + " tag=" + v.tag());
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }

    private static void serve(PrintStream out, Region region, long initialCapacity) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(initialCapacity))) {
            out.println("READY " + ProcessHandle.current().pid() + " epoch=" + w.epoch());
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ", 2);
                try {
                    w.publishJson(Files.readAllBytes(Paths.get(parts[1])), Long.parseLong(parts[0]));
                    out.println("PUBLISHED version=" + w.version() + " epoch=" + w.epoch());
                } catch (JsonMmapException e) {
                    out.println(error(e));
                }
            }
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }

    private static void follow(PrintStream out, Region region) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (RegionReader r = region.openReader()) {
            out.println("READY " + ProcessHandle.current().pid());
            String line;
            while ((line = in.readLine()) != null) {
                get(out, r, Paths.get(line));
            }
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }

    private static void classify(PrintStream out, Region region) {
        try (RegionReader r = region.openReader()) {
            out.println(r.get().isPresent() ? "OK" : "NONE");
        } catch (JsonMmapException e) {
            out.println(error(e));
        }
    }
}
