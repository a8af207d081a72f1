package org.jsonmmap.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jsonmmap.zookeeper.TestSupport.utf8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.data.Stat;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.testkit.Await;
import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.ZooKeeperServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble goes away and comes back: readers keep the last value and see that the bridge is disconnected. */
class ServerRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void serverStoppedAndRestartedWhileReadersKeepTheLastValueAndSeeTheDisconnectedState() throws Exception {
        try (ZooKeeperServer server = ZooKeeperServer.start()) {
            String znode = "/config/app";
            try (CuratorFramework admin = TestSupport.client(server.connectString(), Duration.ofSeconds(10))) {
                admin.create().creatingParentsIfNeeded().forPath(znode, utf8("{\"pool\":8}"));
            }
            Region region = Region.named("restart", dir);
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            ZooKeeperOptions options = ZooKeeperOptions.defaults().withSessionTimeout(Duration.ofSeconds(2))
                    .withConnectionTimeout(Duration.ofSeconds(1)).withStartTimeout(Duration.ofSeconds(10));
            try (ZooKeeperBridge bridge = ZooKeeperBridge.start(server.connectString(), znode, region, options,
                    new BridgeListener() {
                        @Override
                        public void connectionStateChanged(ConnectionState state) {
                            states.add(state);
                        }
                    });
                    RegionReader reader = region.openReader();
                    ChildJvm child = TestSupport.childJvm(ReaderProcess.class, region.path().toString(), "status",
                            Integer.toString(RegionStatus.SOURCE_DISCONNECTED), "30000")) {
                long version = bridge.regionVersion();

                Instant stoppedAt = Instant.now();
                server.stopProcess();

                // a reader in another process sees the state, and still reads the last value
                assertThat(child.awaitExit(Duration.ofSeconds(40))).as(child.stdout()).isZero();
                assertThat(child.stdout().trim()).contains("flags=1 ").endsWith("value={\"pool\":8}");
                // and so does one here, past the session timeout (Curator reports the session LOST)
                Await.until(WAIT, "LOST", () -> states.contains(ConnectionState.LOST));
                RegionStatus status = reader.status();
                assertThat(status.sourceDisconnected()).isTrue();
                assertThat(status.since()).isAfterOrEqualTo(stoppedAt.minusMillis(1)).isBeforeOrEqualTo(Instant.now());
                assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"pool\":8}");
                assertThat(reader.version()).isEqualTo(version);

                server.startProcess();

                Await.until(WAIT, "status cleared after the restart", () -> reader.status().flags() == 0);
                assertThat(states).contains(ConnectionState.RECONNECTED);
                assertThat(reader.version()).as("nothing changed: nothing republished").isEqualTo(version);

                try (CuratorFramework admin = TestSupport.client(server.connectString(), Duration.ofSeconds(10))) {
                    Stat stat = admin.setData().forPath(znode, utf8("{\"pool\":16}"));
                    Await.until(WAIT, "the next change", () -> reader.snapshot().orElseThrow().tag() == stat.getMzxid());
                }
                assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"pool\":16}");
            }
        }
    }
}
