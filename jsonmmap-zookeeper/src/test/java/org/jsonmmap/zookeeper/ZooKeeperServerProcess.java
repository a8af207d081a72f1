package org.jsonmmap.zookeeper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, standalone ZooKeeper server ({@code ZooKeeperServerMain}) in a child JVM, listening on 127.0.0.1 only
 * ({@code clientPortAddress} in its config file; the {@code PORT DATADIR} arguments would bind every
 * interface), with its admin server off and a short tick so sessions of 1-5 s are allowed. It can be stopped and
 * started again on the same port and data directory.
 */
final class ZooKeeperServerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private ZooKeeperServerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server on a free loopback port with a fresh temporary data directory. */
    static ZooKeeperServerProcess start() {
        try {
            Path dir = Files.createTempDirectory("jsonmmap-zk-");
            ZooKeeperServerProcess server = new ZooKeeperServerProcess(dir, freePort());
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
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return {@code 127.0.0.1:PORT} */
    String connectString() {
        return "127.0.0.1:" + port;
    }

    /** @return the client port */
    int port() {
        return port;
    }

    /** @return the child's pid, or -1 when stopped */
    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the server process again (same port, same data) and waits until it answers. */
    synchronized void startProcess() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("server already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dzookeeper.admin.enableServer=false",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.ZooKeeperServerMain", dir.resolve("zoo.cfg").toString()));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answers()) {
            if (!process.isAlive()) {
                String log = log();
                int exit = process.exitValue();
                close();
                throw new IllegalStateException("ZooKeeper server exited with " + exit + ": " + log);
            }
            if (System.nanoTime() > deadline) {
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
    synchronized void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** @return the server's log so far */
    String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
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
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
