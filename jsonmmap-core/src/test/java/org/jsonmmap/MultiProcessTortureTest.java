package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsonmmap.testing.TortureReader;
import org.jsonmmap.testing.TortureWriter;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer JVM alternating documents of 100 B to 1 MiB (crossing growth) as fast as it can, three reader
 * JVMs reading in tight loops: every read must be one of the published documents, intact, and versions
 * must never go backwards. Each reader runs at least the given seconds and until it has parsed more than ten
 * versions (capped at {@value #CAP_SECONDS} s), and the writer until the readers are done: on a loaded machine the
 * test takes longer instead of failing for lack of progress.
 */
class MultiProcessTortureTest {
    private static final Pattern RESULT =
            Pattern.compile("RESULT reads=(\\d+) distinct=(\\d+) bad=(\\d+) backwards=(\\d+)");
    private static final int SECONDS = Integer.getInteger("jsonmmap.torture.seconds", 12);
    private static final int MIN_DISTINCT = 11;
    private static final int CAP_SECONDS = 240;

    @TempDir
    Path dir;

    @Test
    void readerProcessesNeverSeeATornOrMixedDocument() throws Exception {
        List<ChildJvm> readers = new ArrayList<>();
        try (ChildJvm writer = ChildJvm.start(TortureWriter.class, dir.toString(), "torture",
                String.valueOf(CAP_SECONDS + 60), "until-stdin-closes")) {
            writer.awaitLine("READY", Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                readers.add(ChildJvm.start(TortureReader.class, dir.toString(), "torture", String.valueOf(SECONDS),
                        String.valueOf(MIN_DISTINCT), String.valueOf(CAP_SECONDS)));
            }
            long totalReads = 0;
            long totalDistinct = 0;
            for (ChildJvm reader : readers) {
                String line = reader.awaitLine("RESULT", Duration.ofSeconds(CAP_SECONDS + 60));
                Matcher m = RESULT.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                long reads = Long.parseLong(m.group(1));
                long distinct = Long.parseLong(m.group(2));
                assertThat(Long.parseLong(m.group(3))).as("torn or mixed documents seen by reader %d", reader.pid()).isZero();
                assertThat(Long.parseLong(m.group(4))).as("versions going backwards in reader %d", reader.pid()).isZero();
                assertThat(distinct).as("reader %d saw the document change", reader.pid()).isGreaterThanOrEqualTo(MIN_DISTINCT);
                totalReads += reads;
                totalDistinct += distinct;
                assertThat(reader.awaitExit(Duration.ofSeconds(30))).isZero();
            }
            writer.stdin().close();
            String done = writer.awaitLine("DONE", Duration.ofSeconds(60));
            assertThat(writer.awaitExit(Duration.ofSeconds(30))).isZero();
            System.out.printf("torture: %d s, writer %s; 3 readers: %d reads, %d distinct versions parsed, 0 torn, 0 backwards%n",
                    SECONDS, done, totalReads, totalDistinct);
        } finally {
            readers.forEach(ChildJvm::close);
        }
    }
}
