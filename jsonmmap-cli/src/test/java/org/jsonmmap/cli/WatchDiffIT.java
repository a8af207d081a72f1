package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jsonmmap.JsonPatch;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@code watch --diff} and {@code watch --pointer} in a child process while other processes publish. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WatchDiffIT extends LauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = JsonMapper.shared();

    /** Document {@code i}: members come and go, arrays grow and shrink, a value changes type; some repeat. */
    static String document(int i) {
        int k = i / 2 * 2; // pairs of equal documents: republishing the same content prints nothing
        StringBuilder items = new StringBuilder();
        for (int j = 0; j < (k * 7) % 9; j++) {
            items.append(j == 0 ? "" : ",").append((j * k) % 5);
        }
        return "{\"db\":{\"url\":\"pg://" + (k % 3) + "\",\"pool\":" + (k % 4 + 1) + "}"
                + (k % 3 == 0 ? ",\"extra\":{\"on\":true}" : "")
                + ",\"items\":[" + items + "]"
                + ",\"mode\":" + (k % 5 == 0 ? "\"fast\"" : "[" + k + "]") + "}";
    }

    @Test
    void patchesAppliedInOrderToTheFirstDocumentReproduceEveryVersionTheWatcherSaw() throws Exception {
        int total = 60;
        try (ChildJvm watch = cli.start("watch", "cfg", "--diff", "--with-version", "--timeout", "180s")) {
            publishThenAwait(watch, l -> l.startsWith("{\"version\":1,"), document(1));
            // then in bursts (the watcher may skip versions inside one); the last version of a burst, or the odd
            // one after it that holds the same document, is printed
            for (int from = 2; from <= total; from += 6) {
                StringBuilder lines = new StringBuilder();
                int to = Math.min(from + 5, total);
                for (int i = from; i <= to; i++) {
                    lines.append(document(i)).append('\n');
                }
                ChildJvm.Result published = cli.pipe(lines.toString(), "publish", "cfg", "--lines");
                assertThat(published.exit()).as(published.toString()).isZero();
                int end = to % 2 == 0 ? to : to - 1;
                watch.awaitLine(l -> JSON.readTree(l).get("version").asInt() >= end, WAIT);
            }
            List<String> seen = watch.output();
            JsonNode first = JSON.readTree(seen.get(0));
            assertThat(first.has("value")).as("the first line is the whole document: %s", seen.get(0)).isTrue();
            JsonNode replayed = first.get("value");
            assertThat(replayed).isEqualTo(JSON.readTree(document(first.get("version").asInt())));
            List<Long> versions = new ArrayList<>();
            for (String l : seen.subList(1, seen.size())) {
                JsonNode line = JSON.readTree(l);
                assertThat(line.get("patch").isArray()).as(l).isTrue();
                assertThat(line.get("patch")).as("an unchanged version prints nothing").isNotEmpty();
                long version = line.get("version").asLong();
                versions.add(version);
                replayed = JsonPatch.apply(replayed, line.get("patch"));
                assertThat(replayed).as("version %d rebuilt from the patches", version)
                        .isEqualTo(JSON.readTree(document((int) version)));
            }
            assertThat(versions).isSorted().doesNotHaveDuplicates().endsWith((long) total)
                    .as("every burst's last version at least").hasSizeGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void pointerWatchPrintsOnlyWhenItsPartChanged() throws Exception {
        try (ChildJvm watch = cli.start("watch", "cfg", "--pointer", "/db", "--with-version", "--timeout", "180s")) {
            publishThenAwait(watch, l -> l.startsWith("{\"version\":1,"), "{\"db\":{\"url\":\"a\"},\"n\":1}");
            publishThenAwait(watch, l -> l.startsWith("{\"version\":3,"),
                    "{\"db\":{\"url\":\"a\"},\"n\":2}", "{\"n\":3,\"db\":{\"url\":\"b\"}}");
            publishThenAwait(watch, l -> l.startsWith("{\"version\":5,"),
                    "{\"n\":4}", "{\"n\":5,\"db\":{\"url\":\"b2\"}}");
            publishThenAwait(watch, l -> l.startsWith("{\"version\":7,"),
                    "{\"db\":{\"url\":\"b2\"},\"n\":6}", "{\"db\":{\"url\":\"c\"}}");
            assertThat(watch.output()).containsExactly(
                    "{\"version\":1,\"value\":{\"url\":\"a\"}}",
                    "{\"version\":3,\"value\":{\"url\":\"b\"}}",
                    "{\"version\":5,\"value\":{\"url\":\"b2\"}}",
                    "{\"version\":7,\"value\":{\"url\":\"c\"}}");
        }
    }

    @Test
    void pointerAndDiffTogetherPrintPatchesOfThePart() throws Exception {
        try (ChildJvm watch = cli.start("watch", "cfg", "--pointer", "/db", "--diff", "--timeout", "180s")) {
            publishThenAwait(watch, l -> l.equals("{\"url\":\"a\",\"pool\":1}"),
                    "{\"db\":{\"url\":\"a\",\"pool\":1},\"n\":1}");
            publishThenAwait(watch, l -> l.startsWith("[{"),
                    "{\"db\":{\"url\":\"a\",\"pool\":1},\"n\":2}", "{\"db\":{\"url\":\"a\",\"pool\":2},\"n\":2}");
            assertThat(watch.output()).containsExactly("{\"url\":\"a\",\"pool\":1}",
                    "[{\"op\":\"replace\",\"path\":\"/pool\",\"value\":2}]");
        }
    }

    /** Publishes {@code documents} one after the other, then waits for the watcher to print a {@code wanted} line. */
    private void publishThenAwait(ChildJvm watch, Predicate<String> wanted, String... documents)
            throws InterruptedException {
        for (String json : documents) {
            publish(json);
        }
        watch.awaitLine(wanted, WAIT);
    }

    private void publish(String json) {
        ChildJvm.Result r = cli.pipe(json, "publish", "cfg");
        assertThat(r.exit()).as(r.toString()).isZero();
    }
}
