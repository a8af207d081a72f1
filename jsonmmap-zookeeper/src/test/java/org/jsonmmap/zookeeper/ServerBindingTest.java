package org.jsonmmap.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsonmmap.testkit.ZooKeeperServer;
import org.jsonmmap.testkit.junit.SharedZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server the tests start listens on the loopback address only, never on every interface. */
@ExtendWith(SharedZooKeeper.class)
@EnabledOnOs(OS.LINUX)
class ServerBindingTest {
    @Test
    void testServerListensOnLoopbackOnly(ZooKeeperServer server) throws IOException {
        List<String> listeners = listeningAddresses(server.port());

        assertThat(listeners).isNotEmpty()
                .allMatch(a -> a.equals("0100007F") || a.equals("0000000000000000FFFF00000100007F"),
                        "127.0.0.1 (IPv4, or IPv4-mapped IPv6)");
    }

    /** Local addresses (hex, as in /proc/net/tcp*) of sockets in LISTEN state on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + hexPort)) {
                    found.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return found;
    }
}
