package org.jsonmmap.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The tiny document server of figure 7(c), run in a process of its own: it serves one JSON file over
 * loopback TCP. Each request is one byte; each answer is the document's length (4 bytes, big-endian) and
 * its bytes. It prints its port on standard output, then serves one connection at a time until its
 * standard input closes.
 */
public final class DocServer {
    private DocServer() {
    }

    /**
     * Serves a file.
     *
     * @param args the JSON file to serve
     * @throws IOException if the file cannot be read or the socket fails
     */
    public static void main(String[] args) throws IOException {
        byte[] doc = Files.readAllBytes(Paths.get(args[0]));
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread watchdog = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the parent holds our standard input open while it wants us
                    }
                } catch (IOException e) {
                    // parent gone
                }
                System.exit(0);
            }, "stdin-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            System.out.println(server.getLocalPort());
            System.out.flush();
            while (true) {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                    while (in.read() >= 0) {
                        out.writeInt(doc.length);
                        out.write(doc);
                        out.flush();
                    }
                } catch (IOException e) {
                    // client went away: wait for the next one
                }
            }
        }
    }
}
