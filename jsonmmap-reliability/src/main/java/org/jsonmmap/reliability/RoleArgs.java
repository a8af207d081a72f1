package org.jsonmmap.reliability;

import java.nio.file.Paths;

import org.jsonmmap.Region;

/**
 * What the racing and fault roles' arguments begin with: {@code dir name seconds}, read as the region they work
 * on and, with the stop file at the role's own position, when they stop.
 *
 * @param region the region {@code name} in {@code dir}
 * @param until the role's deadline ({@code seconds} from now) and stop file
 */
record RoleArgs(Region region, Until until) {
    /** Parses {@code args[0..2]} and the stop file at {@code args[stopFileIndex]}. */
    static RoleArgs parse(String[] args, int stopFileIndex) {
        return new RoleArgs(Region.named(args[1], Paths.get(args[0])), Until.parse(args[2], args[stopFileIndex]));
    }
}
