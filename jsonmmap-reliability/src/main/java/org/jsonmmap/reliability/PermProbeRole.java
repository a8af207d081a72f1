package org.jsonmmap.reliability;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;

/**
 * Child main, run as another user: tries to read a region, and reports what it could do.
 * Prints {@code UID u}, {@code OPEN ok version=V intact=true} or {@code OPEN error Class message},
 * {@code MAP perms} for each mapping of the region file and {@code FDFLAGS octal} for each descriptor of it
 * while the reader is open, {@code RAWWRITE ok|denied} (opening the file for writing directly) and
 * {@code WRITER ok|error Class} (opening a jsonmmap writer). Args: dir name.
 */
public final class PermProbeRole {
    private PermProbeRole() {
    }

    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        System.out.println("UID " + Files.getAttribute(Paths.get("/proc/self"), "unix:uid"));
        try (RegionReader r = region.openReader()) {
            var s = r.snapshot();
            boolean intact = s.isPresent() && Doc.check(s.get().value(), s.get().version()) == null;
            System.out.println("OPEN ok version=" + r.version() + " intact=" + intact);
            String real = region.path().toRealPath().toString();
            for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
                if (line.endsWith(real)) {
                    System.out.println("MAP " + line.split("\\s+")[1]);
                }
            }
            try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(real)) {
                            for (String l : Files.readAllLines(Paths.get("/proc/self/fdinfo", fd.getFileName().toString()))) {
                                if (l.startsWith("flags:")) {
                                    System.out.println("FDFLAGS " + l.substring(6).trim());
                                }
                            }
                        }
                    } catch (IOException gone) {
                        // the descriptor of the listing itself
                    }
                }
            }
        } catch (JsonMmapException e) {
            System.out.println("OPEN error " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            System.out.println("RAWWRITE ok");
        } catch (IOException e) {
            System.out.println("RAWWRITE denied " + e.getClass().getSimpleName());
        }
        try (RegionWriter w = region.openWriter()) {
            System.out.println("WRITER ok epoch=" + w.epoch());
        } catch (JsonMmapException e) {
            System.out.println("WRITER error " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        System.out.println("EXIT");
        System.exit(0);
    }
}
