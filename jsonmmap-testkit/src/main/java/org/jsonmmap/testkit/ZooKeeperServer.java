package org.jsonmmap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real, standalone ZooKeeper server ({@code ZooKeeperServerMain}) in a child JVM on the caller's class path
 * (which must hold ZooKeeper's server and its {@code metrics-core} and {@code snappy-java}), listening on
 * 127.0.0.1 only ({@code clientPortAddress} in its config file; the {@code PORT DATADIR} arguments would bind
 * every interface), with its admin server off and a short tick so that sessions of 1-5 s are allowed. It can be
 * stopped and started again on the same port and data directory. The kit does not compile against ZooKeeper.
 */
public final class ZooKeeperServer implements AutoCloseable {
    private static final String MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Scratch dir;
    private final int port;
    private ChildJvm process;

    private ZooKeeperServer(Scratch dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts a server on a free loopback port with a fresh scratch data directory, and waits until it answers.
     *
     * @return the running server
     * @throws IllegalStateException if it exits or does not answer within 30 s (with its log)
     */
    public static ZooKeeperServer start() {
        Scratch dir = Scratch.create("zk");
        try {
            ZooKeeperServer server = new ZooKeeperServer(dir, freePort());
            Files.writeString(dir.resolve("zoo.cfg"), String.join("\n",
                    "tickTime=250",
                    "minSessionTimeout=500",
                    "maxSessionTimeout=30000",
                    "dataDir=" + dir.resolve("data"),
                    "clientPort=" + server.port,
                    "clientPortAddress=127.0.0.1",
                    "admin.enableServer=false",
                    "maxClientCnxns=0",
                    "4lw.commands.whitelist=ruok",
                    ""));
            server.startProcess();
            return server;
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return {@code 127.0.0.1:PORT} */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** @return the client port */
    public int port() {
        return port;
    }

    /** @return the server's pid, or -1 when stopped */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * Starts the server process (again: same port, same data) and waits until it answers "imok".
     *
     * @throws IllegalStateException if it runs already, exits, or does not answer within 30 s
     */
    public synchronized void startProcess() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("server already running");
        }
        try {
            process = ChildJvm.java(MAIN, dir.resolve("zoo.cfg").toString())
                    .heap("96m")
                    .jvmOptions("-XX:TieredStopAtLevel=1", "-Dzookeeper.admin.enableServer=false",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                    .label("zookeeper")
                    .mergeStderr()
                    .stdoutTo(dir.resolve("server.log"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                String log = log();
                int exit = process.process().exitValue();
                close();
                throw new IllegalStateException("ZooKeeper server exited with " + exit + ": " + log);
            }
            if (System.nanoTime() - deadline > 0) {
                String log = log();
                close();
                throw new IllegalStateException("ZooKeeper server did not answer within 30 s: " + log);
            }
            sleep(50);
        }
    }

    /** Asks the server "ruok" (four-letter word) and expects "imok". */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).equals("imok");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server process (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    public synchronized void stopProcess() {
        if (process == null) {
            return;
        }
        process.process().destroy();
        try {
            if (process.exitWithin(Duration.ofSeconds(10)) == null) {
                process.kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.close();
        }
        process.close();
        process = null;
    }

    /** @return the server's log so far */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** @return the server's data and log directory */
    public Path directory() {
        return dir.path();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stopProcess();
        dir.close();
    }
}
