package org.jsonmmap.cli.zookeeper;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import org.apache.curator.framework.state.ConnectionState;
import org.jsonmmap.FileMode;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.WriterOptions;
import org.jsonmmap.zookeeper.BridgeListener;
import org.jsonmmap.zookeeper.ZnodeValue;
import org.jsonmmap.zookeeper.ZooKeeperBridge;
import org.jsonmmap.zookeeper.ZooKeeperOptions;

import org.jsonmmap.cli.Converters;
import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.cli.RegionArgument;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jsonmmap bridge zookeeper}: mirror one znode into a local region until interrupted. */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
        description = {
            "Follow znode PATH on a ZooKeeper ensemble and publish every change into local region NAME, as its"
                    + " one writer, until interrupted (Ctrl-C). Each version's tag is the znode's mzxid.",
            "While the ensemble is unreachable, readers keep the last value and see the status 'source"
                    + " disconnected' and since when; invalid JSON in the znode is not published (status 'source"
                    + " invalid'). One line is printed per connection change and per publish."},
        footer = {
            "  jsonmmap bridge zookeeper --connect zk1:2181,zk2:2181,zk3:2181 --znode /config/app app",
            "  jsonmmap bridge zookeeper --connect 127.0.0.1:2181/chroot --znode /app --session-timeout 10s app",
            "  jsonmmap bridge zookeeper --connect zk1:2181 --znode /config/app --dir /srv/jsonmmap --mode 0640 app",
            "    (workers running as other users in the directory's group read it; see the README, 'Several users')"})
public final class ZooKeeperBridgeCommand implements Callable<Integer> {
    @Mixin
    private RegionArgument target;

    @Mixin
    private ZooKeeperTarget zookeeper;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "ZooKeeper session timeout (default: 30s; the server clamps it).")
    private Duration sessionTimeout = ZooKeeperOptions.DEFAULT_SESSION_TIMEOUT;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long to wait for the first connection and read (default: 30s; exit code 6).")
    private Duration startTimeout = ZooKeeperOptions.DEFAULT_START_TIMEOUT;

    @Option(names = "--mode", paramLabel = "MODE", converter = Converters.FileModeConverter.class,
            description = "File mode of a new region, e.g. 0640 to let the directory's group read it (default 0600;"
                    + " write bits for group or others are refused).")
    private FileMode mode;

    /** Created by picocli. */
    public ZooKeeperBridgeCommand() {
    }

    /**
     * Runs the bridge until the thread is interrupted or the JVM shuts down (Ctrl-C), or an error stops it.
     *
     * @return {@link ExitCode#OK} when interrupted
     * @throws JsonMmapException when the bridge cannot start or an error stops it (mapped to its exit code)
     */
    @Override
    public Integer call() {
        PrintWriter out = target.out();
        Region region = target.region();
        String znode = zookeeper.znode();
        ZooKeeperOptions options = zookeeper.options(startTimeout).withSessionTimeout(sessionTimeout);
        if (mode != null) {
            options = options.withWriterOptions(WriterOptions.defaults().withMode(mode));
        }
        ZooKeeperBridge bridge = ZooKeeperBridge.start(zookeeper.connect(), znode, region, options,
                new Printer(out, znode));
        line(out, "bridge of znode " + znode + " into region '" + region.name() + "' (" + region.path()
                + ") running; region version " + bridge.regionVersion());
        Thread hook = new Thread(bridge::close, "jsonmmap-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!bridge.awaitStopped(Duration.ofHours(1))) {
                // keep running until interrupted or stopped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bridge.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        if (bridge.failure().isPresent()) {
            throw bridge.failure().get();
        }
        line(out, "bridge of znode " + znode + " stopped");
        return ExitCode.OK.code();
    }

    private static void line(PrintWriter out, String text) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + text);
        out.flush();
    }

    /** One line per event, on the command's output writer, naming the znode. */
    private record Printer(PrintWriter out, String znode) implements BridgeListener {

        @Override
        public void connectionStateChanged(ConnectionState state) {
            line(out, "connection " + state + (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST
                    ? ": readers keep the last value, status 'source disconnected'" : ""));
        }

        @Override
        public void published(long regionVersion, ZnodeValue value) {
            line(out, "published region version " + regionVersion + " (znode version " + value.version()
                    + ", mzxid 0x" + Long.toHexString(value.mzxid()) + ", " + value.data().length + " bytes)");
        }

        @Override
        public void unchanged(ZnodeValue value) {
            line(out, "znode version " + value.version() + " (mzxid 0x" + Long.toHexString(value.mzxid())
                    + ") holds the region's value: nothing published");
        }

        @Override
        public void refused(ZnodeValue value, String reason) {
            line(out, "refused znode version " + value.version() + " (mzxid 0x" + Long.toHexString(value.mzxid())
                    + "), status 'source invalid': " + reason);
        }

        @Override
        public void missing() {
            line(out, "znode " + znode + " does not exist; waiting for it (status 'source invalid')");
        }

        @Override
        public void failed(JsonMmapException error) {
            line(out, "stopping: " + error.getMessage());
        }
    }
}
