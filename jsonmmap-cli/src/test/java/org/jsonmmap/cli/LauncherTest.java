package org.jsonmmap.cli;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What every black-box test of the tool starts from: a directory of its own, and bin/jsonmmap run there. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class LauncherTest {
    @TempDir
    Path tmp;

    Launcher cli;

    @BeforeEach
    void setUpLauncher() {
        cli = new Launcher(tmp.resolve("regions"));
    }
}
