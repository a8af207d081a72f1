package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.InvalidRegionNameException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.zookeeper.ConfigConflictException;
import org.jsonmmap.zookeeper.ZnodeNotFoundException;
import org.jsonmmap.zookeeper.ZnodeTooLargeException;
import org.jsonmmap.zookeeper.ZooKeeperException;
import org.jsonmmap.zookeeper.ZooKeeperUnavailableException;
import org.junit.jupiter.api.Test;

/** The one error mapping: the libraries' exceptions, the ZooKeeper ones included, to the one exit code table. */
class ErrorsTest {
    private final Errors errors = new Errors();

    private int code(Throwable e) {
        return errors.getExitCode(e);
    }

    @Test
    void zooKeeperFailuresMapToTheToolsCodes() {
        assertThat(code(new ConfigConflictException("/a", 1, 2))).isEqualTo(ExitCode.CONFLICT.code());
        assertThat(code(new ZnodeNotFoundException("znode '/a' does not exist"))).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(code(new ZooKeeperUnavailableException("unreachable"))).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(code(new ZnodeTooLargeException("/a", 10, 5, 8))).isEqualTo(ExitCode.TOO_LARGE.code());
        assertThat(code(new ZooKeeperException("ZooKeeper says NOAUTH"))).isEqualTo(ExitCode.FAILURE.code());
    }

    @Test
    void regionFailuresMapToTheSameCodesFromEveryCommand() {
        assertThat(code(new RegionNotFoundException("gone"))).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(code(new RegionCorruptException("bad"))).isEqualTo(ExitCode.CORRUPT.code());
        assertThat(code(new WriterLockedException("held", 42))).isEqualTo(ExitCode.LOCKED.code());
        assertThat(code(new InvalidJsonException("not json"))).isEqualTo(ExitCode.INVALID_JSON.code());
        assertThat(code(new CapacityExceededException("big"))).isEqualTo(ExitCode.TOO_LARGE.code());
        assertThat(code(new InvalidRegionNameException("bad name"))).isEqualTo(ExitCode.USAGE.code());
        assertThat(code(new CliException(ExitCode.TIMEOUT, "late"))).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(code(new UncheckedIOException(new IOException("disk")))).isEqualTo(ExitCode.FAILURE.code());
    }

    @Test
    void sentencesOfUnknownFailuresNameTheExceptionAndTheDebugOption() {
        assertThat(Errors.sentenceOf(new RegionNotFoundException("region 'x' does not exist")))
                .isEqualTo("region 'x' does not exist");
        assertThat(Errors.sentenceOf(new IllegalStateException("boom")))
                .isEqualTo("unexpected error: java.lang.IllegalStateException: boom (run with --debug for the stack trace)");
    }
}
