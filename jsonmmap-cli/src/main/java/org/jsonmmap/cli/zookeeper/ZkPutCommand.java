package org.jsonmmap.cli.zookeeper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jsonmmap.cli.CliException;
import org.jsonmmap.cli.Converters;
import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.zookeeper.ZnodeValue;
import org.jsonmmap.zookeeper.ZooKeeperOptions;
import org.jsonmmap.zookeeper.ZooKeeperPublisher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jsonmmap zk-put}: write a JSON document to a znode with a compare-and-set on its version. */
@Command(name = "zk-put", mixinStandardHelpOptions = true,
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
            "  echo '{\"feature\":true}' | jsonmmap zk-put --connect zk1:2181 --znode /config/app"})
public final class ZkPutCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ZooKeeperTarget zookeeper;

    @Option(names = "--expect-version", paramLabel = "N",
            description = "Write only if the znode is at version N (its Stat.version, as printed by an earlier"
                    + " zk-put; exit code 9 if not, or if the znode is gone); default: the version read just"
                    + " before writing.")
    private Integer expectVersion;

    @Option(names = "--max-bytes", paramLabel = "N",
            description = "Largest document accepted: the ensemble's jute.maxbuffer (default: 1048575; exit code 8).")
    private int maxBytes = ZooKeeperOptions.DEFAULT_MAX_NODE_BYTES;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long to wait for a connection (default: 30s; exit code 6).")
    private Duration timeout;

    @Option(names = "--start-timeout", hidden = true, paramLabel = "DURATION",
            converter = Converters.DurationConverter.class, description = "Old spelling of --timeout.")
    private Duration timeoutOldSpelling;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The document (default: standard input).")
    private String file;

    /** Created by picocli. */
    public ZkPutCommand() {
    }

    /**
     * Reads the document, checks it, and writes it with a compare-and-set.
     *
     * @return {@link ExitCode#OK} when written
     * @throws org.jsonmmap.JsonMmapException when refused (mapped to its exit code)
     */
    @Override
    public Integer call() {
        if (expectVersion != null && expectVersion < 0) {
            throw new CliException(ExitCode.USAGE, "--expect-version must be 0 or more, was " + expectVersion);
        }
        Duration wait = timeout != null ? timeout
                : timeoutOldSpelling != null ? timeoutOldSpelling : ZooKeeperOptions.DEFAULT_START_TIMEOUT;
        ZooKeeperOptions options = ZooKeeperOptions.defaults()
                .withMaxNodeBytes(maxBytes)
                .withConnectionTimeout(wait.compareTo(ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT) < 0
                        ? wait : ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT)
                .withStartTimeout(wait);
        String znode = zookeeper.znode();
        byte[] json = readDocument();
        // refuse a bad document before connecting, let alone sending
        ZooKeeperPublisher.checkDocument(znode, json, options);
        try (ZooKeeperPublisher publisher = ZooKeeperPublisher.connect(zookeeper.connect(), znode, options)) {
            String outcome;
            if (expectVersion != null) {
                int version = publisher.publish(json, expectVersion);
                outcome = "version " + version + " (was " + expectVersion + ")";
            } else {
                Optional<ZnodeValue> now = publisher.read();
                if (now.isEmpty()) {
                    outcome = "created at version " + publisher.create(json);
                } else {
                    int version = publisher.publish(json, now.get().version());
                    outcome = "version " + version + " (was " + now.get().version() + ")";
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("znode " + znode + ": " + outcome + ", " + json.length + " bytes");
            out.flush();
        }
        return ExitCode.OK.code();
    }

    private byte[] readDocument() {
        try {
            if (file == null || file.equals("-")) {
                return System.in.readAllBytes();
            }
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + (file == null ? "standard input" : file)
                    + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
    }
}
