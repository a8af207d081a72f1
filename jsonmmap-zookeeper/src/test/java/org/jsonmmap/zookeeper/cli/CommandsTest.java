package org.jsonmmap.zookeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code jsonmmap bridge zookeeper} and {@code jsonmmap zk-put}, run through picocli against a real server. */
@org.junit.jupiter.api.extension.ExtendWith(org.jsonmmap.zookeeper.SharedZooKeeperAccess.class)
class CommandsTest {
    @TempDir
    Path dir;

    private String connect;
    private CuratorFramework admin;

    /** Stands in for the jsonmmap tool's top-level command: its inherited --dir and --debug options. */
    @Command(name = "jsonmmap", subcommands = {BridgeCommand.class, ZkPutCommand.class})
    static final class Root implements Callable<Integer> {
        @Option(names = "--dir", scope = ScopeType.INHERIT)
        Path dir;

        @Option(names = "--debug", scope = ScopeType.INHERIT)
        boolean debug;

        @Override
        public Integer call() {
            return 2;
        }
    }

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void connect(String connectString) throws InterruptedException {
        connect = connectString;
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
        CommandLine cl = new CommandLine(new Root());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private String znodeText(String znode) throws Exception {
        return new String(admin.getData().forPath(znode), StandardCharsets.UTF_8);
    }

    @Test
    void zkPutCreatesThenUpdatesTheZnodeAndPrintsItsVersion() throws Exception {
        String znode = "/cli/put-" + System.nanoTime();

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
        String znode = "/cli/conflict-" + System.nanoTime();
        admin.create().creatingParentsIfNeeded().forPath(znode, "{\"v\":0}".getBytes(StandardCharsets.UTF_8));
        admin.setData().forPath(znode, "{\"v\":\"other editor\"}".getBytes(StandardCharsets.UTF_8));

        Run r = run("zk-put", "--connect", connect, "--znode", znode, "--expect-version", "0",
                file("mine.json", "{\"v\":\"mine\"}").toString());

        assertThat(r.exit()).isEqualTo(9);
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

        assertThat(invalid.exit()).isEqualTo(7);
        assertThat(invalid.err()).contains("not valid JSON");
        assertThat(large.exit()).isEqualTo(8);
        assertThat(large.err()).contains("302 bytes").contains("node limit of 300 bytes");
    }

    @Test
    void zkPutWithoutTheRequiredOptionsIsAUsageError() {
        assertThat(run("zk-put", "--znode", "/x").exit()).isEqualTo(2);
        assertThat(run("bridge").exit()).isEqualTo(2);
    }

    @Test
    void helpListsTheExitCodes() {
        Run help = run("zk-put", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("9").contains("conflict");
        assertThat(run("bridge", "zookeeper", "--help").out()).contains("Exit codes:").contains("--start-timeout");
    }

    @Test
    void bridgeCommandMirrorsTheZnodeIntoTheRegionInTheInheritedDirUntilInterrupted() throws Exception {
        String znode = "/cli/bridge-" + System.nanoTime();
        admin.create().creatingParentsIfNeeded().forPath(znode, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Root());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread bridge = new Thread(() -> exit.complete(cl.execute("--dir", dir.toString(), "bridge", "zookeeper",
                "--connect", connect, "--znode", znode, "--session-timeout", "3s", "cfg")));
        bridge.start();
        try {
            Region region = Region.named("cfg", dir);
            org.jsonmmap.zookeeper.TestSupportAccess.awaitUntil(Duration.ofSeconds(15), "the region",
                    () -> region.exists());
            try (RegionReader reader = region.awaitCreation(Duration.ofSeconds(10))) {
                org.jsonmmap.zookeeper.TestSupportAccess.awaitUntil(Duration.ofSeconds(15), "the first value",
                        () -> reader.get().isPresent());
                admin.setData().forPath(znode, "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
                org.jsonmmap.zookeeper.TestSupportAccess.awaitUntil(Duration.ofSeconds(15), "the second value",
                        () -> reader.get().orElseThrow().toString().equals("{\"v\":2}"));
            }
        } finally {
            bridge.interrupt();
        }
        assertThat(exit.get(15, TimeUnit.SECONDS)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("connection CONNECTED").contains("published region version 1")
                .contains("published region version 2").contains("stopped");
    }

    @Test
    void bridgeCommandSetsTheModeOfTheRegionSoAGroupCanRead() throws Exception {
        String znode = "/cli/bridge-mode-" + System.nanoTime();
        admin.create().creatingParentsIfNeeded().forPath(znode, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Root());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread bridge = new Thread(() -> exit.complete(cl.execute("--dir", dir.toString(), "bridge", "zookeeper",
                "--connect", connect, "--znode", znode, "--mode", "0640", "cfg")));
        bridge.start();
        try {
            Region region = Region.named("cfg", dir);
            org.jsonmmap.zookeeper.TestSupportAccess.awaitUntil(Duration.ofSeconds(15), "the region",
                    () -> region.exists());
            try (RegionReader reader = region.awaitCreation(Duration.ofSeconds(10))) {
                org.jsonmmap.zookeeper.TestSupportAccess.awaitUntil(Duration.ofSeconds(15), "the first value",
                        () -> reader.get().isPresent());
            }
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(region.path()))).isEqualTo("rw-r-----");
        } finally {
            bridge.interrupt();
        }
        assertThat(exit.get(15, TimeUnit.SECONDS)).as(out.toString()).isZero();
    }

    @Test
    void bridgeCommandRefusesAModeLettingOthersWrite() {
        Run r = run("--dir", dir.toString(), "bridge", "zookeeper", "--connect", "127.0.0.1:1", "--znode", "/x",
                "--mode", "0666", "cfg");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("only the owner");
    }

    @Test
    void bridgeCommandExitsWithTheTimeoutCodeWhenTheEnsembleIsUnreachable() {
        Run r = run("--dir", dir.toString(), "bridge", "zookeeper", "--connect", "127.0.0.1:1", "--znode", "/x",
                "--start-timeout", "1s", "cfg");

        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err()).contains("cannot connect to ZooKeeper at '127.0.0.1:1' within 1000 ms");
    }
}
