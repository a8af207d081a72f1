package org.jsonmmap.cli.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.cli.Main;
import org.jsonmmap.testkit.Await;
import org.jsonmmap.testkit.ZooKeeperServer;
import org.jsonmmap.testkit.junit.SharedZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code jsonmmap bridge zookeeper} and {@code jsonmmap zk-put}, run through the tool's own command line (in this
 * JVM, its writers captured) against a real server: exit codes from the tool's one table.
 */
@ExtendWith(SharedZooKeeper.class)
class ZooKeeperCommandsTest {
    @TempDir
    Path dir;

    private String connect;
    private CuratorFramework admin;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void connect(ZooKeeperServer server) throws InterruptedException {
        connect = server.connectString();
        admin = CuratorFrameworkFactory.newClient(connect, 10000, 2000, new RetryOneTime(100));
        admin.start();
        assertThat(admin.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void close() {
        admin.close();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private String dirFile(String content) {
        try {
            return file("doc-" + System.nanoTime() + ".json", content).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String znodeText(String znode) throws Exception {
        return new String(admin.getData().forPath(znode), StandardCharsets.UTF_8);
    }

    /** A znode path under /cli no other test uses (it does not exist yet). */
    private static String freshZnode(String prefix) {
        return "/cli/" + prefix + "-" + System.nanoTime();
    }

    /** A fresh znode (see {@link #freshZnode}), created holding {@code json}. */
    private String znodeHolding(String prefix, String json) throws Exception {
        String znode = freshZnode(prefix);
        admin.create().creatingParentsIfNeeded().forPath(znode, json.getBytes(StandardCharsets.UTF_8));
        return znode;
    }

    /** {@code --dir DIR bridge zookeeper --connect ENSEMBLE --znode ZNODE} followed by {@code rest}. */
    private String[] bridgeArgs(String ensemble, String znode, String... rest) {
        return Stream.concat(Stream.of("--dir", dir.toString(), "bridge", "zookeeper", "--connect", ensemble,
                "--znode", znode), Stream.of(rest)).toArray(String[]::new);
    }

    /** Waits (15 s at most each) for the bridge to create {@code region} and publish; the reader that saw it. */
    private static RegionReader awaitFirstValue(Region region) throws Exception {
        Await.until(Duration.ofSeconds(15), "the region", () -> region.exists());
        RegionReader reader = region.awaitCreation(Duration.ofSeconds(10));
        try {
            Await.until(Duration.ofSeconds(15), "the first value", () -> reader.get().isPresent());
            return reader;
        } catch (RuntimeException | Error e) {
            reader.close();
            throw e;
        }
    }

    @Test
    void zkPutCreatesThenUpdatesTheZnodeAndPrintsItsVersion() throws Exception {
        String znode = freshZnode("put");

        Run created = run("zk-put", "--connect", connect, "--znode", znode, file("a.json", "{\"v\":1}").toString());
        Run updated = run("zk-put", "--connect", connect, "--znode", znode, file("b.json", "{\"v\":2}").toString());

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("znode " + znode + ": created at version 0");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.out()).contains("version 1 (was 0)");
        assertThat(znodeText(znode)).isEqualTo("{\"v\":2}");
    }

    @Test
    void zkPutWithAStaleExpectedVersionExitsWithTheConflictCode() throws Exception {
        String znode = znodeHolding("conflict", "{\"v\":0}");
        admin.setData().forPath(znode, "{\"v\":\"other editor\"}".getBytes(StandardCharsets.UTF_8));

        Run r = run("zk-put", "--connect", connect, "--znode", znode, "--expect-version", "0",
                file("mine.json", "{\"v\":\"mine\"}").toString());

        assertThat(r.exit()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(r.err()).contains("conflict on znode '" + znode + "': expected version 0, found version 1");
        assertThat(znodeText(znode)).isEqualTo("{\"v\":\"other editor\"}");
    }

    @Test
    void zkPutRefusesInvalidJsonAndOversizedDocumentsBeforeConnecting() throws Exception {
        // a closed port: the refusals happen before any connection is tried
        String nowhere = "127.0.0.1:1";

        Run invalid = run("zk-put", "--connect", nowhere, "--znode", "/x", file("bad.json", "{\"a\":").toString());
        Run large = run("zk-put", "--connect", nowhere, "--znode", "/x", "--max-bytes", "300",
                file("big.json", "\"" + "x".repeat(300) + "\"").toString());

        assertThat(invalid.exit()).isEqualTo(ExitCode.INVALID_JSON.code());
        assertThat(invalid.err()).contains("not valid JSON");
        assertThat(large.exit()).isEqualTo(ExitCode.TOO_LARGE.code());
        assertThat(large.err()).contains("302 bytes").contains("node limit of 300 bytes");
    }

    @Test
    void zkPutWithASchemaSendsOnlyAConformingDocumentAndListsEveryViolation() throws Exception {
        String znode = freshZnode("schema");
        Path schema = file("app.schema.json", "{\"type\":\"object\",\"required\":[\"db\"],"
                + "\"properties\":{\"db\":{\"type\":\"object\",\"properties\":{\"pool\":{\"maximum\":64}}}}}");

        Run refused = run("zk-put", "--connect", connect, "--znode", znode, "--schema", schema.toString(),
                file("bad.json", "{\"db\":{\"pool\":100},\"x\":[]}").toString());
        assertThat(refused.exit()).as(refused.err()).isEqualTo(ExitCode.SCHEMA_VIOLATION.code());
        assertThat(refused.err()).contains("bad.json breaks the schema", "(1 violation); nothing was sent:",
                "\n  $.db.pool maximum: ");
        assertThat(admin.checkExists().forPath(znode)).as("nothing was sent").isNull();

        Run written = run("zk-put", "--connect", connect, "--znode", znode, "--schema", schema.toString(),
                file("good.json", "{\"db\":{\"pool\":8}}").toString());
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(znodeText(znode)).isEqualTo("{\"db\":{\"pool\":8}}");
    }

    @Test
    void zkPutWithoutTheRequiredOptionsIsAUsageError() {
        assertThat(run("zk-put", "--znode", "/x").exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run("bridge").exit()).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void helpShowsTheExamplesAndPointsToTheOneExitCodeTable() {
        Run help = run("zk-put", "--help");
        Run bridge = run("bridge", "zookeeper", "--help");
        Run top = run("--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Examples:").contains("jsonmmap zk-put --connect")
                .contains("--timeout").doesNotContain("--start-timeout").doesNotContain("--dir")
                .contains("Exit codes: see 'jsonmmap --help'").doesNotContain(ExitCode.CONFLICT.meaning());
        assertThat(bridge.out()).contains("--start-timeout").contains("--session-timeout").contains("--dir")
                .contains("Exit codes: see 'jsonmmap --help'");
        assertThat(top.out()).contains(ExitCode.CONFLICT.meaning()).contains("zk-put").contains("bridge");
    }

    @Test
    void zkPutWithAnExpectedVersionOfAMissingZnodeIsAConflictNamingTheAbsence() throws Exception {
        String znode = freshZnode("missing");

        Run r = run("zk-put", "--connect", connect, "--znode", znode, "--expect-version", "0",
                file("m.json", "{}").toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(r.err()).startsWith("jsonmmap: conflict on znode '" + znode + "': expected version 0, found no znode");
    }

    @Test
    void zkPutTakesTheOldSpellingOfItsTimeout() {
        Run r = run("zk-put", "--connect", "127.0.0.1:1", "--znode", "/x", "--start-timeout", "1s",
                dirFile("{}"));

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.TIMEOUT.code());
    }

    @Test
    void bridgeIntoACorruptRegionExitsWithTheCorruptCodeLikeEveryCommand() throws Exception {
        String znode = znodeHolding("corrupt", "{\"v\":1}");
        Files.write(dir.resolve("junk.jmm"), new byte[8192]);

        Run r = run(bridgeArgs(connect, znode, "--start-timeout", "10s", "junk"));

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.CORRUPT.code());
        assertThat(r.err()).startsWith("jsonmmap: ").contains("junk");
    }

    @Test
    void bridgeCommandMirrorsTheZnodeIntoTheRegionInTheInheritedDirUntilInterrupted() throws Exception {
        String znode = znodeHolding("bridge", "{\"v\":1}");
        InThread bridge = new InThread(bridgeArgs(connect, znode, "--session-timeout", "3s", "cfg"));
        try {
            try (RegionReader reader = awaitFirstValue(Region.named("cfg", dir))) {
                admin.setData().forPath(znode, "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
                Await.until(Duration.ofSeconds(15), "the second value",
                        () -> reader.get().orElseThrow().toString().equals("{\"v\":2}"));
            }
        } finally {
            bridge.interrupt();
        }
        assertThat(bridge.exitCode()).as(bridge.output()).isZero();
        assertThat(bridge.output()).contains("connection CONNECTED").contains("published region version 1")
                .contains("published region version 2").contains("stopped");
    }

    @Test
    void bridgeCommandSetsTheModeOfTheRegionSoAGroupCanRead() throws Exception {
        String znode = znodeHolding("bridge-mode", "{\"v\":1}");
        InThread bridge = new InThread(bridgeArgs(connect, znode, "--mode", "0640", "cfg"));
        try {
            Region region = Region.named("cfg", dir);
            awaitFirstValue(region).close();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(region.path()))).isEqualTo("rw-r-----");
            Await.until(Duration.ofSeconds(15), "the bridge running", () -> bridge.output().contains(") running"));
        } finally {
            bridge.interrupt();
        }
        assertThat(bridge.exitCode()).as(bridge.output()).isZero();
    }

    @Test
    void bridgeCommandRefusesAModeLettingOthersWrite() {
        Run r = run(bridgeArgs("127.0.0.1:1", "/x", "--mode", "0666", "cfg"));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("only the owner");
    }

    @Test
    void bridgeCommandExitsWithTheTimeoutCodeWhenTheEnsembleIsUnreachable() {
        Run r = run(bridgeArgs("127.0.0.1:1", "/x", "--start-timeout", "1s", "cfg"));

        assertThat(r.exit()).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(r.err()).contains("cannot connect to ZooKeeper at '127.0.0.1:1' within 1000 ms");
    }

    /** {@code jsonmmap ARGS} run in a thread of this JVM until interrupted (the bridge's way to stop), its output captured. */
    private static final class InThread {
        private final StringWriter out = new StringWriter();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final Thread thread;

        InThread(String... args) {
            PrintWriter both = new PrintWriter(out, true);
            thread = new Thread(() -> exit.complete(Main.run(both, both, args)));
            thread.start();
        }

        String output() {
            return out.toString();
        }

        void interrupt() {
            thread.interrupt();
        }

        /** The command's exit code, once it ended (at most 15 s). */
        int exitCode() throws Exception {
            return exit.get(15, TimeUnit.SECONDS);
        }
    }
}
