package org.jsonmmap.zookeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jsonmmap.zookeeper.ZnodeValue;
import org.jsonmmap.zookeeper.ZooKeeperOptions;
import org.jsonmmap.zookeeper.ZooKeeperPublisher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jsonmmap zk-put}: write a JSON document to a znode with a compare-and-set on its version. */
@Command(name = "zk-put",
        description = {
            "Write the JSON document in FILE (standard input if absent or '-') to znode PATH, with a"
                    + " compare-and-set on the znode's version: if another editor changed the znode since it was"
                    + " read, nothing is written and the exit code is 9.",
            "Without --expect-version the current version is read first (a missing znode is created, with its"
                    + " parents). The document must be exactly one JSON value and at most --max-bytes long;"
                    + " both are checked before anything is sent."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap zk-put --connect zk1:2181 --znode /config/app app.json",
            "  jsonmmap zk-put --connect zk1:2181 --znode /config/app --expect-version 7 app.json",
            "  echo '{\"feature\":true}' | jsonmmap zk-put --connect zk1:2181 --znode /config/app"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {
            "  0:written",
            "  1:failure (I/O error, ZooKeeper refused the write)",
            "  2:usage error",
            "  3:znode not found (--expect-version given)",
            "  6:ensemble not reached within --start-timeout",
            "  7:FILE is not valid JSON",
            "  8:FILE is larger than --max-bytes",
            "  9:conflict: the znode changed since it was read (expected against actual version)"})
public final class ZkPutCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT[,...][/chroot]",
            description = "The ensemble's connect string.")
    private String connect;

    @Option(names = "--znode", required = true, paramLabel = "PATH", description = "The znode to write, e.g. /config/app.")
    private String znode;

    @Option(names = "--expect-version", paramLabel = "N",
            description = "Write only if the znode is at version N (its Stat.version, as printed by an earlier"
                    + " zk-put); default: the version read just before writing.")
    private Integer expectVersion;

    @Option(names = "--max-bytes", paramLabel = "N",
            description = "Largest document accepted: the ensemble's jute.maxbuffer (default: 1048575).")
    private int maxBytes = ZooKeeperOptions.DEFAULT_MAX_NODE_BYTES;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = CommandSupport.DurationConverter.class,
            description = "How long to wait for a connection (default: 30s; exit code 6).")
    private Duration startTimeout = ZooKeeperOptions.DEFAULT_START_TIMEOUT;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The document (default: standard input).")
    private String file;

    /** Creates the command (picocli instantiates it). */
    public ZkPutCommand() {
    }

    /**
     * Reads the document, checks it, and writes it with a compare-and-set.
     *
     * @return the exit code (listed in the help)
     */
    @Override
    public Integer call() {
        try {
            if (expectVersion != null && expectVersion < 0) {
                throw new IllegalArgumentException("--expect-version must be 0 or more, was " + expectVersion);
            }
            ZooKeeperOptions options = ZooKeeperOptions.defaults()
                    .withMaxNodeBytes(maxBytes)
                    .withConnectionTimeout(startTimeout.compareTo(ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT) < 0
                            ? startTimeout : ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT)
                    .withStartTimeout(startTimeout);
            byte[] json = readDocument();
            // refuse a bad document before connecting, let alone sending
            ZooKeeperPublisher.checkDocument(znode, json, options);
            try (ZooKeeperPublisher publisher = ZooKeeperPublisher.connect(connect, znode, options)) {
                String outcome;
                if (expectVersion != null) {
                    int version = publisher.publish(json, expectVersion);
                    outcome = "version " + version + " (was " + expectVersion + ")";
                } else {
                    Optional<ZnodeValue> now = publisher.read();
                    if (now.isEmpty()) {
                        int version = publisher.create(json);
                        outcome = "created at version " + version;
                    } else {
                        int version = publisher.publish(json, now.get().version());
                        outcome = "version " + version + " (was " + now.get().version() + ")";
                    }
                }
                spec.commandLine().getOut().println("znode " + znode + ": " + outcome + ", " + json.length + " bytes");
                spec.commandLine().getOut().flush();
            }
            return CommandSupport.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("jsonmmap: cannot read " + (file == null ? "standard input" : file)
                    + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return CommandSupport.FAILURE;
        } catch (RuntimeException e) {
            return CommandSupport.report(spec, e);
        }
    }

    private byte[] readDocument() throws IOException {
        if (file == null || file.equals("-")) {
            InputStream in = System.in;
            return in.readAllBytes();
        }
        return Files.readAllBytes(Path.of(file));
    }
}
