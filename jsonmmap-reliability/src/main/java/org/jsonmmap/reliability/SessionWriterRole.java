package org.jsonmmap.reliability;

import java.util.Optional;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Versioned;
import org.jsonmmap.WriterLockedException;

import tools.jackson.databind.JsonNode;

/**
 * Child main: writer sessions racing a loop of plain deletes. Each session opens the writer (a refused open is
 * retried), publishes three documents that name it, and after each publish checks with a fresh reader that the
 * file at the region's path is the one it published into (while the writer is open no plain delete can take
 * the region away: a publish that succeeded into an unlinked file is the bug this catches). It stops once the
 * file {@code STOP} exists, or after {@code maxSeconds}. Args: dir name maxSeconds STOP. Prints
 * {@code RESULT sessions=S published=P unlinked=U errors=E}.
 */
public final class SessionWriterRole {
    private SessionWriterRole() {
    }

    public static void main(String[] args) {
        RoleArgs role = RoleArgs.parse(args, 3);
        Tally tally = new Tally("sessions", "published", "unlinked", "errors");
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (role.until().running()) {
            try (RegionWriter w = role.region().openWriter()) {
                long session = tally.increment("sessions");
                String me = ProcessHandle.current().pid() + "-" + w.epoch() + "-" + session;
                for (int k = 0; k < 3; k++) {
                    long v = w.version() + 1;
                    w.publishJson(Doc.build(v, 512, false, me));
                    tally.increment("published");
                    String problem = check(role.region(), v, me);
                    if (problem != null && tally.increment("unlinked") <= 20) {
                        System.out.println("UNLINKED " + problem);
                    }
                }
            } catch (WriterLockedException e) {
                Util.sleep(1);
            } catch (JsonMmapException e) {
                if (tally.increment("errors") <= 20) {
                    System.out.println("ERROR " + e);
                }
            }
        }
        System.out.println(tally.resultLine());
        System.exit(0);
    }

    private static String check(Region region, long v, String me) {
        try (RegionReader r = region.openReader()) {
            Optional<Versioned<JsonNode>> s = r.snapshot();
            if (s.isEmpty() || s.get().version() != v || !me.equals(s.get().value().path("w").asString())) {
                return "published version " + v + " as " + me + ", but the file at the path holds "
                        + s.map(x -> x.version() + " by " + x.value().path("w").asString()).orElse("nothing");
            }
            return null;
        } catch (RegionNotFoundException e) {
            return "published version " + v + " as " + me + ", but there is no file at the path";
        }
    }
}
