package org.jsonmmap.example.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * README's "Spring Boot" section, taken from README.md as it is: its Java classes are compiled, its
 * {@code application.properties} used as the application's configuration, and the two {@code bin/jsonmmap
 * publish} commands of its console example run as real processes; the worker must print what the README
 * says it prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadmeSpringBootTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java spring\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PROPERTIES_BLOCK = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CONSOLE_BLOCK = Pattern.compile("```console\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLISH = Pattern.compile("\\$ echo '(.*)' \\| bin/jsonmmap publish (\\S+)");
    private static final Pattern CLASS = Pattern.compile("package ([\\w.]+);.*?public class (\\w+)", Pattern.DOTALL);

    @TempDir
    Path work;

    private static String section() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        // the repository's README, not this example's own
        while (p != null && !(Files.exists(p.resolve("README.md")) && Files.isDirectory(p.resolve("jsonmmap-core")))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root above the working directory").isNotNull();
        String readme = Files.readString(p.resolve("README.md"));
        int start = readme.indexOf("\n## Spring Boot\n");
        assertThat(start).as("README has a Spring Boot section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theSpringBootSectionWorksAgainstRegionsPublishedWithTheCli(CapturedOutput output) throws Exception {
        String section = section();
        Path src = Files.createDirectories(work.resolve("src"));
        List<String> files = new ArrayList<>();
        String mainClass = null;
        for (String block : all(JAVA_BLOCK, section)) {
            Matcher m = CLASS.matcher(block);
            assertThat(m.find()).as("each Java block is a public class in a package").isTrue();
            Path file = Files.createDirectories(src.resolve(m.group(1).replace('.', '/'))).resolve(m.group(2) + ".java");
            Files.writeString(file, block);
            files.add(file.toString());
            if (block.contains("@SpringBootApplication")) {
                mainClass = m.group(1) + "." + m.group(2);
            }
        }
        assertThat(files).hasSize(2);
        assertThat(mainClass).isNotNull();

        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", "-Xlint:all,-processing", "-Werror"));
        args.addAll(files);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        assertThat(javac.run(null, diagnostics, diagnostics, args.toArray(new String[0])))
                .as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        List<String> properties = all(PROPERTIES_BLOCK, section);
        assertThat(properties).hasSize(1);
        Path config = work.resolve("application.properties");
        Files.writeString(config, properties.get(0));

        List<String> console = all(CONSOLE_BLOCK, section);
        assertThat(console).hasSize(1);
        List<String[]> publishes = new ArrayList<>();
        Matcher m = PUBLISH.matcher(console.get(0));
        while (m.find()) {
            publishes.add(new String[] {m.group(1), m.group(2)});
        }
        assertThat(publishes).hasSize(2);
        String expected = console.get(0).lines().filter(l -> l.startsWith("config version")).findFirst().orElseThrow();

        Path regions = Files.createDirectories(work.resolve("regions"));
        assertThat(Master.run(regions, publishes.get(0)[0], "publish", publishes.get(0)[1])).isEqualTo("1\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            SpringApplication app = new SpringApplication(new DefaultResourceLoader(loader), loader.loadClass(mainClass));
            try (ConfigurableApplicationContext context = app.run("--spring.config.location=file:" + config,
                    "--jsonmmap.dir=" + regions, "--spring.main.keep-alive=false")) {
                Object db = context.getBean(loader.loadClass("com.example.worker.DbSettings"));
                assertThat(db.getClass().getMethod("getPoolSize").invoke(db)).isEqualTo(8);

                assertThat(Master.run(regions, publishes.get(1)[0], "publish", publishes.get(1)[1])).isEqualTo("2\n");
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!output.getOut().contains(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(output.getOut()).contains(expected);
                assertThat(db.getClass().getMethod("getPoolSize").invoke(db)).isEqualTo(16);
            }
        }
    }
}
