package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.core.type.TypeReference;

@ExtendWith(OpenRegion.class)
class RawSnapshotAndSubscriptionsTest {
    record Config(String url, int workers) {
    }

    @TempDir
    Path dir;

    @Test
    void rawSnapshotCarriesTheVersionTagAndEpochOfItsOwnBytes(RegionWriter w, RegionReader r) {
        assertThat(r.rawSnapshot()).isEmpty();
        w.publishJson("{\"a\":1}", 7);
        RawSnapshot first = r.rawSnapshot().orElseThrow();
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.tag()).isEqualTo(7);
        assertThat(first.epoch()).isEqualTo(w.epoch());
        assertThat(first.text()).isEqualTo("{\"a\":1}");
        assertThat(first.publishedAt()).isNotNull();
        assertThat(r.rawSnapshot().orElseThrow()).as("nothing changed: the same instance").isSameAs(first);
        w.publishJson("{\"a\":2}", 8);
        RawSnapshot second = r.rawSnapshot().orElseThrow();
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.tag()).isEqualTo(8);
        assertThat(second.text()).isEqualTo("{\"a\":2}");
        assertThat(first.text()).as("an old snapshot keeps its own bytes").isEqualTo("{\"a\":1}");
    }

    @Test
    void rawSnapshotBufferIsAReadOnlyViewOfTheDocumentAndEachCallHasItsOwnPosition(RegionWriter w, RegionReader r) {
        w.publishJson("[1,2,3]");
        RawSnapshot s = r.rawSnapshot().orElseThrow();
        ByteBuffer a = s.buffer();
        ByteBuffer b = s.buffer();
        assertThat(a.isReadOnly()).isTrue();
        assertThat(a.remaining()).isEqualTo(7).isEqualTo(s.length());
        a.get();
        assertThat(b.position()).isZero();
        assertThat(StandardCharsets.UTF_8.decode(b).toString()).isEqualTo("[1,2,3]");
        assertThatThrownBy(() -> s.buffer().put(0, (byte) ' ')).isInstanceOf(java.nio.ReadOnlyBufferException.class);
        byte[] copy = s.toByteArray();
        copy[0] = ' ';
        assertThat(s.text()).isEqualTo("[1,2,3]");
    }

    @Test
    void typedSubscriptionDeliversTheCachedValueOnTheNamedThread(RegionWriter w, RegionReader r) throws Exception {
        w.publish(new Config("db1", 2));
        BlockingQueue<Versioned<Config>> got = new LinkedBlockingQueue<>();
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        try (Subscription sub = r.subscribe(Config.class, v -> {
            threads.add(Thread.currentThread().getName());
            got.add(v);
        }, SubscriptionOptions.defaults().withThreadName("config-watcher"))) {
            Versioned<Config> first = got.poll(10, TimeUnit.SECONDS);
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.value()).isEqualTo(new Config("db1", 2));
            assertThat(first.value()).as("the value get(Class) caches").isSameAs(r.get(Config.class).orElseThrow());
            w.publish(new Config("db2", 3));
            Versioned<Config> second = got.poll(10, TimeUnit.SECONDS);
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.value().url()).isEqualTo("db2");
            assertThat(threads).containsOnly("config-watcher");
            assertThat(sub.lastDeliveredVersion()).isEqualTo(2);
        }
    }

    @Test
    void genericTypedSubscriptionReportsAVersionThatDoesNotFitAndGoesOn(RegionWriter w, RegionReader r) throws Exception {
        w.publishJson("[1,2]");
        BlockingQueue<Versioned<List<Integer>>> got = new LinkedBlockingQueue<>();
        BlockingQueue<JsonMmapException> errors = new LinkedBlockingQueue<>();
        try (Subscription sub = r.subscribe(new TypeReference<List<Integer>>() { }, got::add,
                SubscriptionOptions.defaults().withOnError(errors::add))) {
            assertThat(got.poll(10, TimeUnit.SECONDS).value()).containsExactly(1, 2);
            w.publishJson("{\"not\":\"a list\"}");
            assertThat(errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(SerializationException.class);
            w.publishJson("[3]");
            assertThat(got.poll(10, TimeUnit.SECONDS).value()).containsExactly(3);
            assertThat(sub.isActive()).isTrue();
        }
    }

    @Test
    void rawSubscriptionRunsAsATaskOfTheGivenExecutorAndGivesItsThreadBackOnClose() throws Exception {
        Region region = Region.named("exec", dir);
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "app-pool"));
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"n\":1}");
            BlockingQueue<RawSnapshot> got = new LinkedBlockingQueue<>();
            BlockingQueue<String> threads = new LinkedBlockingQueue<>();
            Subscription sub = r.subscribeRaw(s -> {
                threads.add(Thread.currentThread().getName());
                got.add(s);
            }, SubscriptionOptions.defaults().withExecutor(pool));
            assertThat(got.poll(10, TimeUnit.SECONDS).version()).isEqualTo(1);
            w.publishJson("{\"n\":2}");
            RawSnapshot second = got.poll(10, TimeUnit.SECONDS);
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.text()).isEqualTo("{\"n\":2}");
            sub.close();
            assertThat(sub.isActive()).isFalse();
            assertThat(pool.submit(() -> "free").get(10, TimeUnit.SECONDS)).as("the pool's thread is free again")
                    .isEqualTo("free");
            assertThat(threads).containsOnly("app-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void subscriptionThreadComesFromTheGivenFactory(RegionWriter w, RegionReader r) throws Exception {
        w.publishJson("1");
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        try (Subscription sub = r.subscribe(v -> threads.add(Thread.currentThread()),
                SubscriptionOptions.defaults().withThreadFactory(task -> {
                    Thread t = new Thread(task, "made-by-factory");
                    t.setDaemon(true);
                    t.setPriority(Thread.MAX_PRIORITY);
                    return t;
                }))) {
            Thread t = threads.poll(10, TimeUnit.SECONDS);
            assertThat(t.getName()).isEqualTo("made-by-factory");
            assertThat(t.getPriority()).isEqualTo(Thread.MAX_PRIORITY);
            assertThat(sub.isActive()).isTrue();
        }
    }

    @Test
    void nextVersionCompletesWithTheFirstNewerVersionAndFailsWhenTheReaderCloses() throws Exception {
        Region region = Region.named("future", dir);
        try (RegionWriter w = region.openWriter()) {
            RegionReader r = region.openReader();
            w.publish(Map.of("v", 1));
            assertThat(r.nextVersion(0).get(1, TimeUnit.SECONDS)).as("already there").isEqualTo(1L);
            CompletableFuture<Long> next = r.nextVersion(1);
            CompletableFuture<Long> cancelled = r.nextVersion(1);
            CompletableFuture<Long> later = r.nextVersion(5);
            cancelled.cancel(false);
            assertThat(next).isNotDone();
            w.publish(Map.of("v", 2));
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(2L);
            assertThat(later).isNotDone();
            r.close();
            assertThatThrownBy(() -> later.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RegionClosedException.class);
        }
    }

    @Test
    void subscriptionOptionsRunOneWayAndRefuseSeveral() {
        Runnable task = () -> { };
        SubscriptionOptions byFactory = SubscriptionOptions.defaults().withThreadName("n").withThreadFactory(Thread::new);
        assertThat(byFactory.threadName()).isNull();
        assertThat(byFactory.threadFactory()).isNotNull();
        SubscriptionOptions byExecutor = byFactory.withExecutor(Runnable::run).withOnError(e -> task.run());
        assertThat(byExecutor.threadFactory()).isNull();
        assertThat(byExecutor.onError()).isNotNull();
        assertThat(byExecutor.withThreadName("n"))
                .isEqualTo(new SubscriptionOptions("n", null, null, byExecutor.onError()));
        assertThatThrownBy(() -> new SubscriptionOptions("n", Thread::new, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not several");
    }
}
