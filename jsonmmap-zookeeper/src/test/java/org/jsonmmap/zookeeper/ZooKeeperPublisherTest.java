package org.jsonmmap.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jsonmmap.zookeeper.TestSupport.utf8;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.testkit.ZooKeeperServer;
import org.jsonmmap.testkit.junit.SharedZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Editing the znode with a compare-and-set, against a real server. */
@ExtendWith(SharedZooKeeper.class)
class ZooKeeperPublisherTest {
    private ZooKeeperServer server;
    private CuratorFramework admin;

    @BeforeEach
    void connect(ZooKeeperServer server) {
        this.server = server;
        admin = TestSupport.client(server.connectString(), Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        admin.close();
    }

    private ZooKeeperPublisher editor(String znode) {
        return ZooKeeperPublisher.connect(server.connectString(), znode,
                ZooKeeperOptions.defaults().withStartTimeout(Duration.ofSeconds(10)));
    }

    @Test
    void compareAndSetConflictBetweenTwoEditorsIsAClearErrorAndKeepsTheFirstWrite() throws Exception {
        String znode = TestSupport.freshZnode("cas");
        try (ZooKeeperPublisher alice = editor(znode); ZooKeeperPublisher bob = editor(znode)) {
            assertThat(alice.create(Map.of("owner", "nobody"))).isZero();
            int aliceRead = alice.read().orElseThrow().version();
            int bobRead = bob.read().orElseThrow().version();

            assertThat(alice.publish(utf8("{\"owner\":\"alice\"}"), aliceRead)).isEqualTo(1);

            assertThatThrownBy(() -> bob.publish(utf8("{\"owner\":\"bob\"}"), bobRead))
                    .isInstanceOf(ConfigConflictException.class)
                    .isInstanceOf(JsonMmapException.class)
                    .hasMessageContaining("expected version 0, found version 1")
                    .satisfies(e -> {
                        ConfigConflictException c = (ConfigConflictException) e;
                        assertThat(c.expectedVersion()).isZero();
                        assertThat(c.actualVersion()).isEqualTo(1);
                        assertThat(c.znode()).isEqualTo(znode);
                    });
            assertThat(new String(admin.getData().forPath(znode), StandardCharsets.UTF_8))
                    .isEqualTo("{\"owner\":\"alice\"}");

            // bob reads again and retries: now it works
            ZnodeValue fresh = bob.read().orElseThrow();
            assertThat(bob.publish(Map.of("owner", "bob"), fresh.version())).isEqualTo(2);
        }
    }

    @Test
    void createConflictsWhenAnotherEditorCreatedTheZnode() throws Exception {
        String znode = TestSupport.freshZnode("create");
        try (ZooKeeperPublisher editor = editor(znode)) {
            editor.create(utf8("{}"));

            assertConflict(() -> editor.create(utf8("{\"x\":1}")), "expected no znode, found version 0");
        }
    }

    @Test
    void writeToADeletedZnodeIsAConflict() throws Exception {
        String znode = TestSupport.freshZnode("gone");
        try (ZooKeeperPublisher editor = editor(znode)) {
            editor.create(utf8("{}"));
            admin.delete().forPath(znode);

            assertConflict(() -> editor.publish(utf8("{}"), 0), "expected version 0, found no znode");
        }
    }

    @Test
    void documentOverTheNodeLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        String znode = TestSupport.freshZnode("large");
        try (ZooKeeperPublisher editor = editor(znode)) {
            editor.create(utf8("{\"small\":true}"));
            Stat before = admin.checkExists().forPath(znode);
            int max = ZooKeeperOptions.defaults().maxDocumentBytes(znode);

            for (int size : new int[] {max + 1, 1024 * 1024, 4 * 1024 * 1024}) {
                assertThatThrownBy(() -> editor.publish(jsonString(size), before.getVersion()))
                        .isInstanceOf(ZnodeTooLargeException.class)
                        .isInstanceOf(CapacityExceededException.class)
                        .hasMessageContaining(size + " bytes, at most " + max + " bytes fit in ZooKeeper's node"
                                + " limit of 1048575 bytes");
            }

            assertThat(admin.checkExists().forPath(znode).getMzxid()).isEqualTo(before.getMzxid());
        }
    }

    @Test
    void largestDocumentThatFitsIsAcceptedByADefaultServerByCreateAndSet() throws Exception {
        String znode = TestSupport.freshZnode("limit");
        try (ZooKeeperPublisher editor = editor(znode)) {
            int max = ZooKeeperOptions.defaults().maxDocumentBytes(znode);
            assertThat(max).isGreaterThan(ZooKeeperOptions.DEFAULT_MAX_NODE_BYTES - 400);

            editor.create(jsonString(max));
            editor.publish(jsonString(max), 0);

            assertThat(admin.getData().forPath(znode)).hasSize(max);
        }
    }

    @Test
    void nodeLimitIsConfigurable() {
        String znode = TestSupport.freshZnode("configured");
        try (ZooKeeperPublisher editor = ZooKeeperPublisher.connect(server.connectString(), znode,
                ZooKeeperOptions.defaults().withMaxNodeBytes(300))) {
            int max = 300 - ZooKeeperOptions.REQUEST_HEADROOM - znode.length();
            assertThatThrownBy(() -> editor.create(jsonString(max + 1)))
                    .isInstanceOf(ZnodeTooLargeException.class)
                    .hasMessageContaining((max + 1) + " bytes, at most " + max + " bytes fit")
                    .hasMessageContaining("node limit of 300 bytes");
        }
    }

    @Test
    void invalidJsonIsRefusedBeforeAnythingIsSent() throws Exception {
        String znode = TestSupport.freshZnode("json");
        try (ZooKeeperPublisher editor = editor(znode)) {
            assertThatThrownBy(() -> editor.create(utf8("{\"a\":")))
                    .isInstanceOf(InvalidJsonException.class)
                    .hasMessageContaining(znode).hasMessageContaining("nothing was sent");
            assertThat(admin.checkExists().forPath(znode)).isNull();
        }
    }

    @Test
    void unreachableEnsembleIsATimeoutNamingTheAddress() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String connect = "127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> ZooKeeperPublisher.connect(connect, "/x",
                ZooKeeperOptions.defaults().withConnectionTimeout(Duration.ofMillis(500))
                        .withStartTimeout(Duration.ofMillis(1500))))
                .isInstanceOf(ZooKeeperUnavailableException.class)
                .hasMessageContaining(connect).hasMessageContaining("1500 ms");
    }

    /** {@code write} is refused as a conflict whose message says what was expected and what was found. */
    private static void assertConflict(ThrowingCallable write, String expectedAndFound) {
        assertThatThrownBy(write).isInstanceOf(ConfigConflictException.class).hasMessageContaining(expectedAndFound);
    }

    /** A JSON string of exactly {@code size} bytes. */
    private static byte[] jsonString(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        b[0] = '"';
        b[size - 1] = '"';
        return b;
    }
}
