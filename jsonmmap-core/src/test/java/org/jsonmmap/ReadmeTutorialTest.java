package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples, extracted from README.md as they are, compiled and run: the master and
 * the follower side by side, then the typed configuration example.
 */
class ReadmeTutorialTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    Path work;
    private String previousDir;

    @BeforeEach
    void useTempRegionDirectory() {
        previousDir = System.getProperty("jsonmmap.dir");
        System.setProperty("jsonmmap.dir", work.resolve("regions").toString());
    }

    @AfterEach
    void restore() {
        if (previousDir == null) {
            System.clearProperty("jsonmmap.dir");
        } else {
            System.setProperty("jsonmmap.dir", previousDir);
        }
    }

    private static Path readme() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) {
            p = p.getParent();
        }
        assertThat(p).as("README.md above the working directory").isNotNull();
        return p.resolve("README.md");
    }

    @Test
    void readmeExamplesCompileAndRun() throws Exception {
        String text = Files.readString(readme());
        Matcher m = JAVA_BLOCK.matcher(text);
        Path src = Files.createDirectories(work.resolve("src"));
        List<String> classes = new ArrayList<>();
        List<String> files = new ArrayList<>();
        while (m.find()) {
            Matcher name = CLASS_NAME.matcher(m.group(1));
            assertThat(name.find()).as("each README Java block is a public class").isTrue();
            Path file = src.resolve(name.group(1) + ".java");
            Files.writeString(file, m.group(1));
            classes.add(name.group(1));
            files.add(file.toString());
        }
        assertThat(classes).containsExactly("Master", "Follower", "TypedConfig", "FastPaths");

        Path out = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xlint:all", "-Werror"));
        args.addAll(files);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertThat(rc).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Future<?> master = pool.submit(() -> runMain(loader, "Master"));
            Future<?> follower = pool.submit(() -> runMain(loader, "Follower"));
            master.get(60, TimeUnit.SECONDS);
            follower.get(60, TimeUnit.SECONDS);
            runMain(loader, "TypedConfig");
            runMain(loader, "FastPaths");
        } finally {
            System.setOut(stdout);
            pool.shutdownNow();
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        stdout.print(output);
        assertThat(output).contains("published version 10: [0");
        assertThat(output).containsPattern("version 10: \\[0(,\\d+)*\\]");
        assertThat(output).contains("shop uses jdbc:postgresql://db/shop at version 1");
        assertThat(output).contains("\"poolSize\":16");
        assertThat(output).contains("raw v1 tag 42: {\"rps\":100,\"burst\":10}");
        // conflated: the subscriptions may or may not see version 1 before version 2 arrives
        assertThat(output).contains("typed v2: Limits[rps=200, burst=20]");
        assertThat(output).contains("raw subscription v2, ").contains("next version 2");
    }

    private static Object runMain(ClassLoader loader, String className) {
        try {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
            return null;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + " failed", e.getCause() != null ? e.getCause() : e);
        }
    }
}
