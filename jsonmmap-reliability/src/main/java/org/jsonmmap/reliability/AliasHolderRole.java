package org.jsonmmap.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterLockedException;

/**
 * Child main: holds the writer of a region through its directory, then probes the region through another
 * path to the same directory (a symbolic link or a bind mount) in its own process: liveness, info, a plain
 * delete and a second writer, all of which must see the writer and none of which may drop its lock (the
 * process-wide registry is keyed by device and inode). Then it waits for a line on standard input, and
 * publishes again. Args: dir aliasDir name. Prints {@code PROBED problems=N}, {@code PUBLISHED v}.
 */
public final class AliasHolderRole {
    private AliasHolderRole() {
    }

    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[2], Paths.get(args[0]));
        Region alias = Region.named(args[2], Paths.get(args[1]));
        int problems = 0;
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{\"a\":1}");
            if (!alias.writerAlive()) {
                problems++;
                System.out.println("PROBLEM the writer is not alive through " + args[1]);
            }
            if (!alias.info().writerAlive()) {
                problems++;
                System.out.println("PROBLEM info through the alias says no writer");
            }
            try {
                alias.delete();
                problems++;
                System.out.println("PROBLEM a plain delete through the alias deleted the region");
            } catch (WriterLockedException e) {
                // refused: right
            }
            try (RegionWriter second = alias.openWriter()) {
                problems++;
                System.out.println("PROBLEM a second writer opened through the alias, epoch " + second.epoch());
            } catch (WriterLockedException e) {
                // refused: right
            }
            System.out.println("PROBED problems=" + problems);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.out.println("PUBLISHED " + w.publishJson("{\"a\":2}"));
        }
        System.exit(0);
    }
}
