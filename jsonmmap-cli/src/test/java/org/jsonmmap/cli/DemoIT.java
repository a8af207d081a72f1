package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo: real master and follower processes, every read checked, no torn reads. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void demoRunsAMasterAndThreeFollowerProcessesAndReportsNoTornReads() {
        ChildJvm.Result r = new Launcher(tmp.resolve("regions")).run("demo", "--seconds", "2");
        assertThat(r.exit()).as(r.toString()).isZero();
        String summary = r.lines().get(r.lines().size() - 1);
        Matcher m = Pattern.compile("demo: 3 followers, (\\d+) reads, (\\d+) versions seen, torn reads: 0").matcher(summary);
        assertThat(m.matches()).as(summary).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();
        assertThat(Long.parseLong(m.group(2))).isGreaterThan(1);

        Set<String> masters = new HashSet<>();
        Set<String> followers = new HashSet<>();
        Pattern tagged = Pattern.compile("\\[(\\d+)] (master|follower) +version=\\d+ len=(\\d+)");
        for (String line : r.lines()) {
            Matcher t = tagged.matcher(line);
            if (t.matches()) {
                (t.group(2).equals("master") ? masters : followers).add(t.group(1));
                assertThat(Integer.parseInt(t.group(3))).isBetween(1, 100);
            }
            assertThat(line).doesNotContain("TORN");
        }
        assertThat(masters).hasSize(1);
        assertThat(followers).hasSize(3).doesNotContainAnyElementsOf(masters);

        // it made its own region in a temporary directory, and removed it
        Matcher where = Pattern.compile("demo: region 'demo' in (\\S+);.*").matcher(r.lines().get(0));
        assertThat(where.matches()).as(r.lines().get(0)).isTrue();
        assertThat(Paths.get(where.group(1))).doesNotExist();
        assertThat(tmp.resolve("regions")).doesNotExist();
    }
}
