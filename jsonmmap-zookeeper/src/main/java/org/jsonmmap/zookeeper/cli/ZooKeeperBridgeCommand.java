package org.jsonmmap.zookeeper.cli;

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

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jsonmmap bridge zookeeper}: mirror one znode into a local region until interrupted. */
@Command(name = "zookeeper",
        description = {
            "Follow znode PATH on a ZooKeeper ensemble and publish every change into local region NAME, as its"
                    + " one writer, until interrupted (Ctrl-C). Each version's tag is the znode's mzxid.",
            "While the ensemble is unreachable, readers keep the last value and see the status 'source"
                    + " disconnected' and since when; invalid JSON in the znode is not published (status 'source"
                    + " invalid'). One line is printed per connection change and per publish."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap bridge zookeeper --connect zk1:2181,zk2:2181,zk3:2181 --znode /config/app app",
            "  jsonmmap bridge zookeeper --connect 127.0.0.1:2181/chroot --znode /app --session-timeout 10s app",
            "  jsonmmap bridge zookeeper --connect zk1:2181 --znode /config/app --dir /srv/jsonmmap --mode 0640 app",
            "    (workers running as other users in the directory's group read it; see the README, 'Several users')"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {
            "  0:stopped (interrupted)",
            "  1:failure (e.g. another writer took the region over)",
            "  2:usage error",
            "  5:region held by another writer",
            "  6:ensemble not reached, or znode not read, within --start-timeout"})
public final class ZooKeeperBridgeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT[,...][/chroot]",
            description = "The ensemble's connect string.")
    private String connect;

    @Option(names = "--znode", required = true, paramLabel = "PATH", description = "The znode to follow, e.g. /config/app.")
    private String znode;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = CommandSupport.DurationConverter.class,
            description = "ZooKeeper session timeout (default: 30s; the server clamps it).")
    private Duration sessionTimeout = ZooKeeperOptions.DEFAULT_SESSION_TIMEOUT;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = CommandSupport.DurationConverter.class,
            description = "How long to wait for the first connection and read (default: 30s; exit code 6).")
    private Duration startTimeout = ZooKeeperOptions.DEFAULT_START_TIMEOUT;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "File mode of a new region, e.g. 0640 to let the directory's group read it (default 0600;"
                    + " write bits for group or others are refused).")
    private FileMode mode;

    @Parameters(index = "0", paramLabel = "NAME", description = "The local region (a name, or a path if it contains '/').")
    private String name;

    /** Creates the command (picocli instantiates it). */
    public ZooKeeperBridgeCommand() {
    }

    /**
     * Runs the bridge until the thread is interrupted or the JVM shuts down (Ctrl-C), or an error stops it.
     *
     * @return the exit code (listed in the help)
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ZooKeeperBridge bridge;
        try {
            Region region = CommandSupport.region(spec, name);
            ZooKeeperOptions options = ZooKeeperOptions.defaults()
                    .withSessionTimeout(sessionTimeout)
                    .withConnectionTimeout(min(ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT, startTimeout))
                    .withStartTimeout(startTimeout);
            if (mode != null) {
                options = options.withWriterOptions(WriterOptions.defaults().withMode(mode));
            }
            bridge = ZooKeeperBridge.start(connect, znode, region, options, new Printer(out, znode));
            line(out, "bridge of znode " + znode + " into region '" + region.name() + "' (" + region.path()
                    + ") running; region version " + bridge.regionVersion());
        } catch (RuntimeException e) {
            return CommandSupport.report(spec, e);
        }
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
            return CommandSupport.report(spec, bridge.failure().get());
        }
        line(out, "bridge of znode " + znode + " stopped");
        return CommandSupport.OK;
    }

    /** {@code --mode}: an octal mode, refused at parse time (usage error) when not allowed. */
    static final class ModeConverter implements CommandLine.ITypeConverter<FileMode> {
        @Override
        public FileMode convert(String value) {
            try {
                return FileMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void line(PrintWriter out, String text) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + text);
        out.flush();
    }

    /** One line per event, on the command's output writer. */
    private static final class Printer implements BridgeListener {
        private final PrintWriter out;
        private final String znode;

        Printer(PrintWriter out, String znode) {
            this.out = out;
            this.znode = znode;
        }

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
