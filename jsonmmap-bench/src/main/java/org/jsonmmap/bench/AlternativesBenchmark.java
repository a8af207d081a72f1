package org.jsonmmap.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.RegionReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import tools.jackson.databind.JsonNode;

/**
 * Figure 7, what users would do instead: every access (a) re-reads and parses the JSON file, (b) stats
 * the file and re-reads it only when its modification time changed, or (c) fetches the document from a
 * tiny server in another process over a kept-open loopback TCP connection and parses it; against ours,
 * {@link RegionReader#get()} (nothing changed, as in (b)'s common case). All on the same documents.
 */
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
public class AlternativesBenchmark extends BenchmarkDefaults {
    /** Document size label. */
    @Param({"1KiB", "64KiB", "1MiB"})
    public String size;

    private BenchRegion scratch;
    private RegionReader reader;
    private Path file;
    private FileTime seen;
    private JsonNode cached;
    private Process server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private byte[] buffer;

    /** Writes the document as a region and as a file, and starts the document server. */
    @Setup
    public void setUp() throws IOException {
        byte[] json = Documents.bytes(Documents.Size.of(size));
        scratch = BenchRegion.create("alternatives");
        reader = scratch.publishAndReadOnce(json);
        file = scratch.directory().resolve("config.json");
        Files.write(file, json);
        buffer = new byte[json.length];
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                DocServer.class.getName(), file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader portLine = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        int port = Integer.parseInt(portLine.readLine().trim());
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Stops the server, closes the reader and deletes the scratch directory. */
    @TearDown
    public void tearDown() throws IOException, InterruptedException {
        socket.close();
        server.getOutputStream().close();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        reader.close();
        scratch.close();
    }

    /** @return ours: the cached tree */
    @Benchmark
    public Optional<JsonNode> oursGet() {
        return reader.get();
    }

    /** @return (a) the file, read and parsed again */
    @Benchmark
    public JsonNode rereadFile() throws IOException {
        return Documents.parse(Files.readAllBytes(file));
    }

    /** @return (b) the cached tree, re-read only if the file's modification time changed */
    @Benchmark
    public JsonNode statThenReread() throws IOException {
        FileTime t = Files.getLastModifiedTime(file);
        if (!t.equals(seen)) {
            cached = Documents.parse(Files.readAllBytes(file));
            seen = t;
        }
        return cached;
    }

    /** @return (c) the document fetched from the server and parsed */
    @Benchmark
    public JsonNode tcpFetch() throws IOException {
        out.write(1);
        int length = in.readInt();
        byte[] b = length == buffer.length ? buffer : new byte[length];
        in.readFully(b, 0, length);
        return Documents.parse(b);
    }
}
