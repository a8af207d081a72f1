package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.SelfCheckingDocuments;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** publish --lines streaming into a region while watch processes read it. */
class StreamingIT extends LauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Line {@code seq}: the test kit's self-checking document {@code seq}, small kinds in turn. */
    static String line(int seq) {
        return SelfCheckingDocuments.document(seq, seq % 2);
    }

    @Test
    void linesStreamIntoTheRegionWhileWatchPrintsCompleteVersionsAndTheLastOne() throws Exception {
        int total = 400;
        try (ChildJvm watch = cli.start("watch", "stream", "--with-version", "--timeout", "120s");
             ChildJvm publish = cli.start("publish", "stream", "--lines")) {
            try (OutputStream in = publish.stdin()) {
                for (int seq = 1; seq <= total; seq++) {
                    in.write((line(seq) + "\n").getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    if (seq % 40 == 0) {
                        // let the publisher catch up now and then, so that some versions come slowly
                        publish.awaitLine(String.valueOf(seq)::equals, WAIT);
                        Thread.sleep(20);
                    }
                }
            }
            assertThat(publish.awaitExit(WAIT)).as(publish.stderr()).isZero();
            assertThat(publish.output()).hasSize(total).last().isEqualTo(String.valueOf(total));

            watch.awaitLine(l -> l.startsWith("{\"version\":" + total + ","), WAIT);
            List<String> seen = watch.output();
            long previous = 0;
            for (String l : seen) {
                JsonNode node = JsonMapper.shared().readTree(l);
                long version = node.get("version").asLong();
                JsonNode value = node.get("value");
                assertThat(version).as("versions only grow").isGreaterThan(previous);
                previous = version;
                int seq = value.get("n").asInt();
                assertThat(seq).as("the document published as version %d", version).isEqualTo((int) version);
                assertThat(l).isEqualTo("{\"version\":" + version + ",\"value\":" + line(seq) + "}");
            }
            assertThat(previous).isEqualTo(total);
        }
    }

    @Test
    void watchPrintsTheCurrentVersionAndStopsAfterCount() {
        cli.pipe("{\"a\":1}", "publish", "w");
        cli.pipe("{\"a\":2}", "publish", "w");
        ChildJvm.Result watch = cli.run("watch", "w", "--count", "1");
        assertThat(watch.exit()).as(watch.toString()).isZero();
        assertThat(watch.out()).isEqualTo("{\"a\":2}\n");
    }

    @Test
    void watchFollowsNewVersionsWithPointer() throws Exception {
        cli.pipe("{\"db\":{\"url\":\"a\"},\"x\":0}", "publish", "cfg");
        try (ChildJvm watch = cli.start("watch", "cfg", "--pointer", "/db/url", "--count", "3")) {
            watch.awaitLine("\"a\""::equals, WAIT);
            cli.pipe("{\"db\":{\"url\":\"b\"},\"x\":1}", "publish", "cfg");
            watch.awaitLine("\"b\""::equals, WAIT);
            cli.pipe("{\"x\":2}", "publish", "cfg");
            cli.pipe("{\"db\":{\"url\":\"c\"},\"x\":3}", "publish", "cfg");
            assertThat(watch.awaitExit(WAIT)).isZero();
            assertThat(watch.output()).containsExactly("\"a\"", "\"b\"", "\"c\"");
        }
    }

    @Test
    void watchTimeoutBeforeCountExitsWithTimeoutCode() {
        cli.pipe("{\"only\":1}", "publish", "t");
        ChildJvm.Result watch = cli.run("watch", "t", "--count", "5", "--timeout", "1s");
        assertThat(watch.exit()).as(watch.toString()).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(watch.out()).isEqualTo("{\"only\":1}\n");
        assertThat(watch.err()).contains("timed out after 1s having printed 1 of 5 lines");
    }
}
