package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every error path: its exit code, and one clear sentence on standard error. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ErrorsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    Launcher cli;

    @BeforeEach
    void setUp() {
        cli = new Launcher(tmp.resolve("regions"));
    }

    /** One line on stderr, starting "jsonmmap: ", with no stack trace. */
    static void assertOneSentence(ChildJvm.Result r, String containing) {
        assertThat(r.err()).as(r.toString()).startsWith("jsonmmap: ").contains(containing).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    }

    @Test
    void invalidJsonIsRefusedWithExitCode7AndNothingIsPublished() {
        ChildJvm.Result r = cli.pipe("{\"a\": tru}", "publish", "bad");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INVALID_JSON.code());
        assertOneSentence(r, "standard input is not valid JSON");
        assertThat(r.err()).contains("nothing was published");
        assertThat(cli.run("get", "bad").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    @Test
    void emptyInputAndTwoDocumentsAreNotOneJsonValue() {
        assertThat(cli.pipe("", "publish", "e").exit()).isEqualTo(ExitCode.INVALID_JSON.code());
        ChildJvm.Result two = cli.pipe("{} {}", "publish", "e");
        assertThat(two.exit()).isEqualTo(ExitCode.INVALID_JSON.code());
        assertOneSentence(two, "not valid JSON");
    }

    @Test
    void invalidLineStopsLinesWithExitCode7AndKeepsTheVersionsBefore() {
        ChildJvm.Result r = cli.pipe("{\"n\":1}\n\n{\"n\":2}\n{\"n\":\n{\"n\":4}\n", "publish", "l", "--lines");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INVALID_JSON.code());
        assertThat(r.out()).isEqualTo("1\n2\n");
        assertOneSentence(r, "line 4 of standard input is not valid JSON");
        assertThat(r.err()).contains("the region keeps version 2");
        assertThat(cli.run("get", "l").out()).isEqualTo("{\"n\":2}\n");
    }

    @Test
    void missingRegionExitsWith3ForEveryReadingCommand() {
        for (String command : new String[] {"get", "stat", "verify", "rm"}) {
            ChildJvm.Result r = cli.run(command, "ghost");
            assertThat(r.exit()).as(command + ": " + r).isEqualTo(ExitCode.NOT_FOUND.code());
            assertOneSentence(r, "region 'ghost' does not exist");
        }
    }

    @Test
    void regionWithoutValueOrPointerWithoutPartExitsWith3() {
        cli.pipe("{\"a\":1}", "publish", "p");
        ChildJvm.Result r = cli.run("get", "p", "--pointer", "/b");
        assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertOneSentence(r, "region 'p' version 1 has nothing at pointer '/b'");
        assertThat(cli.pipe("", "publish", "empty", "--lines").exit()).isZero();
        ChildJvm.Result empty = cli.run("get", "empty");
        assertThat(empty.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertOneSentence(empty, "region 'empty' holds no value yet");
        ChildJvm.Result badPointer = cli.run("get", "p", "--pointer", "b");
        assertThat(badPointer.exit()).isEqualTo(ExitCode.USAGE.code());
        assertOneSentence(badPointer, "invalid JSON Pointer 'b'");
    }

    @Test
    void fileThatIsNotARegionExitsWith4AndVerifyReportsWhy() throws Exception {
        Path regions = cli.dir();
        Files.createDirectories(regions);
        byte[] garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        Files.write(regions.resolve("junk.jmm"), garbage);
        for (String command : new String[] {"get", "stat"}) {
            ChildJvm.Result r = cli.run(command, "junk");
            assertThat(r.exit()).as(command + ": " + r).isEqualTo(ExitCode.CORRUPT.code());
            assertOneSentence(r, "junk");
        }
        ChildJvm.Result verify = cli.run("verify", "junk");
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(ExitCode.CORRUPT.code());
        assertThat(verify.out()).contains("problem: ").contains("region 'junk' is corrupt: 1 problem");
    }

    @Test
    void flippedPayloadByteFailsTheChecksumInGetAndVerify() throws Exception {
        cli.pipe("{\"marker\":\"MARKER-0123456789\"}", "publish", "rot");
        assertThat(cli.run("verify", "rot").exit()).isZero();
        Path file = cli.dir().resolve("rot.jmm");
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, "MARKER-0123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at + 7);
            raf.write('X');
        }
        ChildJvm.Result get = cli.run("get", "rot");
        assertThat(get.exit()).as(get.toString()).isEqualTo(ExitCode.CORRUPT.code());
        assertOneSentence(get, "fails its checksum");
        ChildJvm.Result verify = cli.run("verify", "rot");
        assertThat(verify.exit()).isEqualTo(ExitCode.CORRUPT.code());
        assertThat(verify.out()).contains("fails its checksum").contains("is corrupt");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void secondPublisherIsRefusedWithExitCode5WhileOneHoldsTheRegion() throws Exception {
        try (ChildJvm holder = cli.start("publish", "held", "--lines")) {
            OutputStream in = holder.stdin();
            in.write("{\"first\":true}\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            holder.awaitLine("1"::equals, WAIT);

            ChildJvm.Result second = cli.pipe("{\"second\":true}", "publish", "held");
            assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCode.LOCKED.code());
            assertOneSentence(second, "pid " + holder.pid());

            ChildJvm.Result rm = cli.run("rm", "held");
            assertThat(rm.exit()).isEqualTo(ExitCode.LOCKED.code());
            assertOneSentence(rm, "use --force");
            assertThat(cli.run("get", "held").out()).isEqualTo("{\"first\":true}\n");

            in.close();
            assertThat(holder.awaitExit(WAIT)).isZero();
        }
        assertThat(cli.pipe("{\"second\":true}", "publish", "held").out()).isEqualTo("2\n");
    }

    @Test
    void forcedRmDeletesARegionAWriterHolds() throws Exception {
        try (ChildJvm holder = cli.start("publish", "forced", "--lines")) {
            holder.stdin().write("1\n".getBytes(StandardCharsets.UTF_8));
            holder.stdin().flush();
            holder.awaitLine("1"::equals, WAIT);
            assertThat(cli.run("rm", "forced", "--force").exit()).isZero();
            assertThat(cli.run("get", "forced").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        }
    }

    @Test
    void badRegionNameIsAUsageErrorStatingTheRule() {
        ChildJvm.Result r = cli.pipe("{}", "publish", "no spaces");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertOneSentence(r, "invalid region name 'no spaces'");
        assertThat(cli.run("get", "..").exit()).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void unknownOptionAndBadValuesAreUsageErrorsPointingToHelp() {
        ChildJvm.Result unknown = cli.run("get", "x", "--bogus");
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(unknown.err()).contains("Unknown option: '--bogus'").contains("Try 'jsonmmap get --help'");
        ChildJvm.Result mode = cli.pipe("{}", "publish", "x", "--mode", "0777");
        assertThat(mode.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(mode.err()).contains("0777");
        assertThat(cli.run("get", "x", "--wait", "soon").exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(cli.run().exit()).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void documentOverMaxCapacityExitsWith8AndKeepsThePreviousVersion() {
        cli.pipe("{\"small\":1}", "publish", "cap", "--max-capacity", "1k");
        ChildJvm.Result r = cli.pipe("{\"big\":\"" + "x".repeat(5000) + "\"}", "publish", "cap", "--max-capacity", "1k");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.TOO_LARGE.code());
        assertOneSentence(r, "cap");
        assertThat(cli.run("get", "cap").out()).isEqualTo("{\"small\":1}\n");
    }

    @Test
    void waitThatExpiresExitsWith6() {
        ChildJvm.Result missing = cli.run("get", "never", "--wait", "500ms");
        assertThat(missing.exit()).isEqualTo(ExitCode.TIMEOUT.code());
        assertOneSentence(missing, "did not appear within 500ms");
    }

    @Test
    void debugShowsTheStackTrace() {
        ChildJvm.Result r = cli.run("get", "ghost", "--debug");
        assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(r.err()).startsWith("jsonmmap: region 'ghost' does not exist").contains("RegionNotFoundException")
                .contains("\tat ");
    }
}
