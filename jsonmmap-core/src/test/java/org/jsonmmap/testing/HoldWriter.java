package org.jsonmmap.testing;

import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterLockedException;

/**
 * Child main: opens the writer, publishes {"holder":pid}, prints READY and holds the region until its
 * standard input closes. If the region is already held it prints {@code REFUSED holderPid message}.
 * Args: dir name.
 */
public final class HoldWriter {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        try (RegionWriter w = region.openWriter()) {
            w.publish(java.util.Map.of("holder", ProcessHandle.current().pid()));
            System.out.println("READY " + ProcessHandle.current().pid() + " epoch=" + w.epoch() + " version=" + w.version());
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        } catch (WriterLockedException e) {
            System.out.println("REFUSED " + e.holderPid() + " " + e.getMessage());
        }
    }
}
