package org.jsonmmap.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jsonmmap.RegionWriter;

import org.jsonmmap.cli.CliException;
import org.jsonmmap.cli.Converters;
import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.cli.RegionArgument;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The demo's master process (started by {@code jsonmmap demo}): publishes a list of random length every
 * interval for a number of seconds, printing {@code [pid] master version=V len=L} after each publish.
 * It stops early when its standard input closes (the demo ended or died).
 */
@Command(name = "demo-master", hidden = true, mixinStandardHelpOptions = true,
        description = "The master process of 'jsonmmap demo' (not for direct use).")
public final class DemoMasterCommand implements Callable<Integer> {
    @Mixin
    private RegionArgument target;

    @Option(names = "--seconds", paramLabel = "N")
    private int seconds = 5;

    @Option(names = "--interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class)
    private Duration interval = Duration.ofMillis(100);

    /** Created by picocli. */
    public DemoMasterCommand() {
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = target.out();
        long pid = ProcessHandle.current().pid();
        AtomicBoolean parentGone = DemoFollowerCommand.watchStdin();
        Random random = new Random();
        long published = 0;
        try (RegionWriter writer = target.region().openWriter()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline && !parentGone.get()) {
                long seq = writer.version() + 1;
                int len = 1 + random.nextInt(DemoDocument.MAX_LEN);
                long version = writer.publish(DemoDocument.build(seq, len));
                if (version != seq) {
                    throw new CliException(ExitCode.FAILURE, "demo master expected to publish version " + seq
                            + " but the region says " + version + "; the demo needs a region of its own");
                }
                published++;
                out.println("[" + pid + "] master   version=" + version + " len=" + len);
                Thread.sleep(interval.toMillis());
            }
            out.println("[" + pid + "] master   done: published=" + published + " last=" + writer.version());
        }
        return ExitCode.OK.code();
    }
}
