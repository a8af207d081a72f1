package org.jsonmmap.reliability;

import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterLockedException;

/**
 * Child main: tries to open the writer of a region that another process holds, through each path given; every
 * attempt must be refused. Args: name dir... Prints {@code RESULT opened=N refused=M}.
 */
public final class AliasContenderRole {
    private AliasContenderRole() {
    }

    public static void main(String[] args) {
        int opened = 0;
        int refused = 0;
        for (int i = 1; i < args.length; i++) {
            try (RegionWriter w = Region.named(args[0], Paths.get(args[i])).openWriter()) {
                opened++;
                System.out.println("OPENED through " + args[i] + " with epoch " + w.epoch());
            } catch (WriterLockedException e) {
                refused++;
            }
        }
        System.out.println("RESULT opened=" + opened + " refused=" + refused);
        System.exit(0);
    }
}
