package org.jsonmmap.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.Versioned;

import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.cli.RegionArgument;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/**
 * A demo follower process (started by {@code jsonmmap demo}): reads every new version it sees, checks it
 * ({@link DemoDocument#check}) and prints {@code [pid] follower version=V len=L}, or {@code TORN} with the
 * reason. When its standard input closes it reads the latest version one last time and prints
 * {@code [pid] follower done: reads=R torn=T last=V}.
 */
@Command(name = "demo-follower", hidden = true, mixinStandardHelpOptions = true,
        description = "A follower process of 'jsonmmap demo' (not for direct use).")
public final class DemoFollowerCommand implements Callable<Integer> {
    private static final Duration APPEAR_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    @Mixin
    private RegionArgument target;

    private long reads;
    private long torn;
    private long last;

    /** Created by picocli. */
    public DemoFollowerCommand() {
    }

    @Override
    public Integer call() {
        PrintWriter out = target.out();
        long pid = ProcessHandle.current().pid();
        AtomicBoolean stop = watchStdin();
        try (RegionReader reader = target.region().awaitCreation(APPEAR_TIMEOUT)) {
            try {
                while (!stop.get()) {
                    if (reader.awaitChange(last, POLL).isPresent()) {
                        read(reader, out, pid);
                    }
                }
                read(reader, out, pid);
            } catch (RegionReplacedException e) {
                // the demo removed the region: nothing more to read
            }
        }
        out.println("[" + pid + "] follower done: reads=" + reads + " torn=" + torn + " last=" + last);
        return torn == 0 ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }

    private void read(RegionReader reader, PrintWriter out, long pid) {
        Optional<Versioned<JsonNode>> snapshot = reader.snapshot();
        if (snapshot.isEmpty() || snapshot.get().version() <= last) {
            return;
        }
        Versioned<JsonNode> v = snapshot.get();
        reads++;
        last = v.version();
        String problem = DemoDocument.check(v.version(), v.value());
        if (problem == null) {
            out.println("[" + pid + "] follower version=" + v.version() + " len=" + DemoDocument.length(v.value()));
        } else {
            torn++;
            out.println("[" + pid + "] follower version=" + v.version() + " TORN: " + problem);
        }
    }

    /** A flag set when standard input reaches its end: the demo closes it to say "stop" (or died). */
    static AtomicBoolean watchStdin() {
        AtomicBoolean closed = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) != -1) {
                    // the demo sends nothing; it only closes
                }
            } catch (IOException e) {
                // standard input failing means the same as it closing
            }
            closed.set(true);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
        return closed;
    }
}
