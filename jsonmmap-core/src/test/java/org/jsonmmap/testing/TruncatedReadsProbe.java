package org.jsonmmap.testing;

import java.io.RandomAccessFile;
import java.nio.file.Paths;
import java.util.function.Supplier;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionTruncatedException;
import org.jsonmmap.RegionWriter;

/**
 * Child main: a reader reads version 1; its writer publishes version 2 and closes; another program then
 * truncates the file to {@code length} bytes; the reader's get(), text() and version() are called. Prints
 * one line per call: {@code CALL TRUNCATED}, {@code CALL VALUE v}, {@code CALL EMPTY}, {@code CALL FAULT}
 * (an InternalError reached the caller) or {@code CALL OTHER class: message}; then {@code EXIT}.
 * Args: dir name length.
 */
public final class TruncatedReadsProbe {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        RegionWriter w = region.openWriter();
        w.publishJson("{\"v\":1}");
        try (RegionReader r = region.openReader()) {
            System.out.println("BEFORE " + r.get().orElseThrow());
            w.publishJson("{\"v\":2}");
            w.close();
            try (RandomAccessFile f = new RandomAccessFile(region.path().toFile(), "rw")) {
                f.setLength(Long.parseLong(args[2]));
            }
            for (int i = 0; i < 3; i++) {
                call("get", () -> r.get().map(Object::toString).orElse(null));
                call("text", () -> r.text().orElse(null));
                call("version", () -> String.valueOf(r.version()));
            }
            call("checkFile", () -> {
                r.checkFile();
                return "unnoticed";
            });
        }
        System.out.println("EXIT");
    }

    private static void call(String name, Supplier<String> call) {
        try {
            String v = call.get();
            System.out.println(name + (v == null ? " EMPTY" : " VALUE " + v));
        } catch (RegionTruncatedException e) {
            System.out.println(name + " TRUNCATED");
        } catch (InternalError e) {
            System.out.println(name + " FAULT " + e);
        } catch (RuntimeException e) {
            System.out.println(name + " OTHER " + e);
        }
    }
}
