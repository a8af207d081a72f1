package org.jsonmmap.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * When a child role stops: as soon as the scenario creates its stop file (the scenarios' hand-off), or at the
 * role's own deadline, the safety net for a scenario that died.
 *
 * @param deadlineNanos the {@link System#nanoTime()} at which the role stops on its own
 * @param stopFile the file whose existence tells the role to stop
 */
record Until(long deadlineNanos, Path stopFile) {
    /** From a role's arguments: its limit in whole seconds from now and the path of its stop file. */
    static Until parse(String seconds, String stopFile) {
        return new Until(System.nanoTime() + Long.parseLong(seconds) * 1_000_000_000L, Paths.get(stopFile));
    }

    /** Whether the deadline is still ahead. */
    boolean timeLeft() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /** Whether the scenario asked the role to stop. */
    boolean stopAsked() {
        return Files.exists(stopFile);
    }

    /** Whether the role goes on: time is left and no stop was asked for. */
    boolean running() {
        return timeLeft() && !stopAsked();
    }
}
