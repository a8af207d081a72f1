package org.jsonmmap.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jsonmmap.zookeeper.TestSupport.utf8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.Versioned;
import org.jsonmmap.testkit.Await;
import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.ZooKeeperServer;
import org.jsonmmap.testkit.junit.SharedZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/** The bridge against a real ZooKeeper server (a child JVM on 127.0.0.1, shared by the test run). */
@ExtendWith(SharedZooKeeper.class)
class ZooKeeperBridgeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private ZooKeeperServer server;
    private CuratorFramework admin;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void connect(ZooKeeperServer server) {
        this.server = server;
        admin = TestSupport.client(server.connectString(), Duration.ofSeconds(10));
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        admin.close();
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    private Stat create(String znode, String json) throws Exception {
        admin.create().creatingParentsIfNeeded().forPath(znode, utf8(json));
        return admin.checkExists().forPath(znode);
    }

    private ZooKeeperBridge bridge(String znode, Region region, BridgeListener listener) {
        ZooKeeperOptions options = ZooKeeperOptions.defaults().withSessionTimeout(Duration.ofSeconds(3))
                .withStartTimeout(Duration.ofSeconds(10));
        return closing(ZooKeeperBridge.start(server.connectString(), znode, region, options, listener));
    }

    private Region region(String name) {
        return Region.named(name, dir);
    }

    /** A fresh znode and the region the bridge mirrors it into; {@code created} is null while the znode is missing. */
    private record Source(String znode, Stat created, Region region) { }

    /** A fresh znode named after {@code name} holding {@code json} (missing if null), and a region of that name. */
    private Source source(String name, String json) throws Exception {
        String znode = TestSupport.freshZnode(name);
        Stat created = json == null ? null : create(znode, json);
        return new Source(znode, created, region(name));
    }

    private ZooKeeperBridge bridge(Source source, BridgeListener listener) {
        return bridge(source.znode(), source.region(), listener);
    }

    @Test
    void startPublishesTheCurrentValueAtOnceTaggedWithTheZnodeMzxid() throws Exception {
        Source source = source("start", "{\"db\":{\"url\":\"pg://a\"}}");

        bridge(source, BridgeListener.NONE);

        // no waiting: start returns once the value is in the region
        try (RegionReader reader = source.region().openReader()) {
            Versioned<JsonNode> v = reader.snapshot().orElseThrow();
            assertThat(v.value().toString()).isEqualTo("{\"db\":{\"url\":\"pg://a\"}}");
            assertThat(v.tag()).isEqualTo(source.created().getMzxid()).isPositive();
            assertThat(reader.status().flags()).isZero();
        }
    }

    @Test
    void restartedBridgeDoesNotRepublishTheValueTheRegionAlreadyHolds() throws Exception {
        Source source = source("again", "{\"a\":1}");
        ZooKeeperBridge first = bridge(source, BridgeListener.NONE);
        long version = first.regionVersion();
        first.close();

        ZooKeeperBridge second = bridge(source, BridgeListener.NONE);

        assertThat(second.regionVersion()).isEqualTo(version);
        try (RegionReader reader = source.region().openReader()) {
            assertThat(reader.status().flags()).isZero();
        }
    }

    @Test
    void valueIsMirroredEndToEndToAReaderProcess() throws Exception {
        Source source = source("e2e", "{\"step\":1}");
        bridge(source, BridgeListener.NONE);
        try (ChildJvm reader = TestSupport.childJvm(ReaderProcess.class, source.region().path().toString(), "tag",
                Long.toString(source.created().getMzxid() + 1), "20000")) {

            Stat second = admin.setData().forPath(source.znode(), utf8("{\"step\":2,\"from\":\"zookeeper\"}"));

            assertThat(reader.awaitExit(Duration.ofSeconds(30))).as(reader.stdout()).isZero();
            assertThat(reader.stdout().trim()).endsWith("value={\"step\":2,\"from\":\"zookeeper\"}")
                    .contains("tag=" + second.getMzxid() + " ").contains("flags=0 ");
        }
    }

    @Test
    void twoHundredUpdatesInARowArriveInOrderAndTheLastOneAlwaysArrives() throws Exception {
        Source source = source("burst", "{\"seq\":-1}");
        String znode = source.znode();
        List<Long> publishedMzxids = new CopyOnWriteArrayList<>();
        bridge(source, new BridgeListener() {
            @Override
            public void published(long regionVersion, ZnodeValue value) {
                publishedMzxids.add(value.mzxid());
            }
        });
        List<Long> seen = new ArrayList<>();
        long lastMzxid = 0;
        try (RegionReader reader = source.region().openReader()) {
            for (int i = 0; i < 200; i++) {
                lastMzxid = admin.setData().forPath(znode, utf8("{\"seq\":" + i + "}")).getMzxid();
                reader.snapshot().ifPresent(v -> seen.add(v.value().get("seq").asLong()));
            }
            long expectedTag = lastMzxid;
            Await.until(WAIT, "the last update", () -> {
                Versioned<JsonNode> v = reader.snapshot().orElseThrow();
                seen.add(v.value().get("seq").asLong());
                return v.tag() == expectedTag;
            });
            assertThat(reader.snapshot().orElseThrow().value().get("seq").asInt()).isEqualTo(199);
        }
        assertThat(seen).isSorted();
        // the listener hears of a publish just after readers can see it
        long last = lastMzxid;
        Await.until(WAIT, "the listener told of the last publish",
                () -> !publishedMzxids.isEmpty() && publishedMzxids.get(publishedMzxids.size() - 1) == last);
        assertThat(publishedMzxids).isSorted().doesNotHaveDuplicates().endsWith(lastMzxid);
    }

    @Test
    void invalidJsonInTheZnodeIsNotPublishedAndIsReportedInTheStatus() throws Exception {
        Source source = source("invalid", "{\"good\":true}");
        String znode = source.znode();
        List<String> refused = new CopyOnWriteArrayList<>();
        ZooKeeperBridge bridge = bridge(source, new BridgeListener() {
            @Override
            public void refused(ZnodeValue value, String reason) {
                refused.add(reason);
            }
        });
        long version = bridge.regionVersion();

        try (RegionReader reader = source.region().openReader()) {
            admin.setData().forPath(znode, utf8("{\"good\": tru"));
            Await.until(WAIT, "status 'source invalid'", () -> reader.status().sourceInvalid());

            assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"good\":true}");
            assertThat(reader.version()).isEqualTo(version);
            // the bridge sets the status first, then tells its listener
            Await.until(WAIT, "the listener told of the refused value", () -> !refused.isEmpty());
            assertThat(refused).hasSize(1);
            assertThat(reader.status().sourceDisconnected()).isFalse();

            Stat fixed = admin.setData().forPath(znode, utf8("{\"good\":\"again\"}"));
            Await.until(WAIT, "the fixed value", () -> reader.snapshot().orElseThrow().tag() == fixed.getMzxid());
            Await.until(WAIT, "status cleared", () -> reader.status().flags() == 0); // cleared just after the publish
            assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"good\":\"again\"}");
        }
    }

    @Test
    void deletedZnodeKeepsTheLastValueAndRecreatedZnodeIsPublished() throws Exception {
        Source source = source("deleted", "{\"v\":1}");
        String znode = source.znode();
        bridge(source, BridgeListener.NONE);

        try (RegionReader reader = source.region().openReader()) {
            admin.delete().forPath(znode);
            Await.until(WAIT, "status 'source invalid'", () -> reader.status().sourceInvalid());
            assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"v\":1}");

            Stat again = create(znode, "{\"v\":2}");
            Await.until(WAIT, "the re-created value", () -> reader.snapshot().orElseThrow().tag() == again.getMzxid());
            Await.until(WAIT, "status cleared", () -> reader.status().flags() == 0); // cleared just after the publish
        }
    }

    /**
     * The deletion comes at once after {@code start} returns, before the bridge's watch had a chance to see the
     * znode any other way than through the bridge's own first read: it must be seen all the same (it was missed
     * when the bridge learnt of deletions from a CuratorCache whose first read had not landed yet).
     */
    @Test
    void deletionRightAfterStartIsNeverMissed() throws Exception {
        for (int i = 0; i < 10; i++) {
            Source source = source("early-delete-" + i, "{\"i\":" + i + "}");
            try (ZooKeeperBridge bridge = bridge(source, BridgeListener.NONE);
                    RegionReader reader = source.region().openReader()) {
                admin.delete().forPath(source.znode());
                Await.until(WAIT, "status 'source invalid' in round " + i, () -> reader.status().sourceInvalid());
                assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"i\":" + i + "}");
            }
        }
    }

    @Test
    void sessionExpiryReReadsTheZnodeAndPublishesOnlyWhenTheValueChanged() throws Exception {
        Source source = source("expiry", "{\"v\":\"before\"}");
        String znode = source.znode();
        Region region = source.region();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        BridgeListener listener = new BridgeListener() {
            @Override
            public void connectionStateChanged(ConnectionState state) {
                states.add(state);
            }
        };
        CuratorFramework client = closing(TestSupport.client(server.connectString(), Duration.ofSeconds(2)));
        var writer = closing(region.openWriter());
        ZooKeeperBridge bridge = closing(ZooKeeperBridge.start(client, znode, writer, Duration.ofSeconds(10), listener));
        long version = bridge.regionVersion();

        try (RegionReader reader = region.openReader()) {
            // 1: the session expires, nothing changed: re-read, nothing published
            expireSession(client);
            Await.until(WAIT, "LOST then RECONNECTED", () -> states.contains(ConnectionState.LOST)
                    && states.lastIndexOf(ConnectionState.RECONNECTED) > states.indexOf(ConnectionState.LOST));
            Await.until(WAIT, "status cleared", () -> reader.status().flags() == 0);
            assertThat(reader.version()).isEqualTo(version);
            assertThat(bridge.regionVersion()).isEqualTo(version);

            // 2: the session expires and the value changes meanwhile: the new value is published
            states.clear();
            expireSession(client);
            Stat changed = admin.setData().forPath(znode, utf8("{\"v\":\"after\"}"));
            Await.until(WAIT, "the changed value", () -> reader.snapshot().orElseThrow().tag() == changed.getMzxid());
            assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"v\":\"after\"}");
            assertThat(reader.version()).isEqualTo(version + 1);
            Await.until(WAIT, "LOST then RECONNECTED", () -> states.contains(ConnectionState.LOST)
                    && states.contains(ConnectionState.RECONNECTED));
            Await.until(WAIT, "status cleared", () -> reader.status().flags() == 0);
        }
    }

    /**
     * Expires the client's session on the server for real: a second handle joins the session and closes it.
     */
    private void expireSession(CuratorFramework client) throws Exception {
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        ZooKeeper intruder = new ZooKeeper(server.connectString(), 2000, e -> { }, zk.getSessionId(),
                zk.getSessionPasswd());
        Await.until(WAIT, "the intruder to join the session", () -> intruder.getState().isConnected());
        intruder.close();
    }

    @Test
    void closedBridgeLeavesTheLastValueMarkedDisconnected() throws Exception {
        Source source = source("closed", "{\"v\":1}");
        ZooKeeperBridge bridge = bridge(source, BridgeListener.NONE);

        bridge.close();
        bridge.close();

        try (RegionReader reader = source.region().openReader()) {
            assertThat(reader.get().orElseThrow().toString()).isEqualTo("{\"v\":1}");
            RegionStatus status = reader.status();
            assertThat(status.sourceDisconnected()).isTrue();
        }
        assertThat(bridge.isClosed()).isTrue();
        assertThat(bridge.awaitStopped(Duration.ZERO)).isTrue();
    }

    @Test
    void missingZnodeIsReportedAndPublishedOnceCreated() throws Exception {
        Source source = source("missing", null);
        List<String> events = new CopyOnWriteArrayList<>();
        bridge(source, new BridgeListener() {
            @Override
            public void missing() {
                events.add("missing");
            }
        });

        try (RegionReader reader = source.region().openReader()) {
            assertThat(events).contains("missing");
            assertThat(reader.snapshot()).isEmpty();
            assertThat(reader.status().sourceInvalid()).isTrue();

            Stat created = create(source.znode(), "[1,2,3]");
            Await.until(WAIT, "the created value",
                    () -> reader.snapshot().map(v -> v.tag() == created.getMzxid()).orElse(false));
            Await.until(WAIT, "status cleared", () -> reader.status().flags() == 0); // cleared just after the publish
        }
    }
}
