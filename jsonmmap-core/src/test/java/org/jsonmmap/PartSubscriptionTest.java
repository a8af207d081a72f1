package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

@ExtendWith(OpenRegion.class)
class PartSubscriptionTest {
    @Test
    void pointerSubscriptionFiresOnlyWhenItsPartChanged(RegionWriter w, RegionReader r) throws Exception {
        w.publishJson("{\"db\":{\"url\":\"a\"},\"cache\":1}");
        List<Versioned<JsonNode>> db = new CopyOnWriteArrayList<>();
        List<Versioned<JsonNode>> all = new CopyOnWriteArrayList<>();
        try (Subscription s1 = r.subscribe("/db", db::add); Subscription s2 = r.subscribe(all::add)) {
            await(() -> db.size() == 1 && all.size() == 1);
            w.publishJson("{\"db\":{\"url\":\"a\"},\"cache\":2}");
            await(() -> all.size() == 2);
            w.publishJson("{\"cache\":2,\"db\":{\"url\":\"b\"}}");
            await(() -> all.size() == 3 && db.size() == 2);
            w.publishJson("{\"cache\":3}");
            await(() -> all.size() == 4 && db.size() == 3);
            w.publishJson("{\"cache\":4}");
            await(() -> all.size() == 5);
            // the subscriptions deliver on their own threads: give the /db one time to (wrongly) fire
            Thread.sleep(100);
        }
        assertThat(db).extracting(Versioned::version).containsExactly(1L, 3L, 4L);
        assertThat(db.get(0).value().get("url").asString()).isEqualTo("a");
        assertThat(db.get(1).value().get("url").asString()).isEqualTo("b");
        assertThat(db.get(2).value().isMissingNode()).isTrue();
    }

    @Test
    void badPointerIsRefused(RegionWriter w, RegionReader r) {
        assertThatThrownBy(() -> r.subscribe("db", v -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + Duration.ofSeconds(10));
            }
            Thread.sleep(1);
        }
    }
}
