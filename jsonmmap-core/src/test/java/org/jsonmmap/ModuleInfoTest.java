package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core as a named module on the module path, as a modular application uses it: a module that requires
 * {@code org.jsonmmap} publishes and reads a record in a child JVM, and cannot even compile against
 * {@code org.jsonmmap.internal}, which the module does not export.
 */
class ModuleInfoTest {
    @TempDir
    Path work;

    private static String modulePath(Path... first) {
        List<String> entries = new ArrayList<>();
        for (Path p : first) {
            entries.add(p.toString());
        }
        entries.add(Path.of("target", "classes").toAbsolutePath().toString());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("jackson")) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String compile(Path out, Path... sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // an empty class path: javac in this JVM would otherwise default to the tests' class path, where the
        // core's classes are visible as the unnamed module
        Path none = Files.createDirectories(out.resolveSibling("empty-class-path"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--module-path", modulePath(),
                "--class-path", none.toString()));
        for (Path s : sources) {
            args.add(s.toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        return rc == 0 ? "" : diagnostics.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aModularApplicationUsesThePublicApiOnTheModulePath() throws Exception {
        Path src = Files.createDirectories(work.resolve("src/demo"));
        Files.writeString(work.resolve("src/module-info.java"),
                "module demo { requires org.jsonmmap; opens demo to tools.jackson.databind; }");
        Files.writeString(src.resolve("Main.java"), String.join("\n",
                "package demo;",
                "import java.nio.file.Path;",
                "import org.jsonmmap.*;",
                "public class Main {",
                "    public record Cfg(String name, int pool) { }",
                "    public static void main(String[] args) {",
                "        Region region = Region.named(\"modular\", Path.of(args[0]));",
                "        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {",
                "            w.publish(new Cfg(\"shop\", 8));",
                "            System.out.println(\"read \" + r.get(Cfg.class).orElseThrow() + \" from module \"",
                "                    + Region.class.getModule().getName());",
                "        }",
                "    }",
                "}"));
        Path out = work.resolve("out");
        assertThat(compile(out, work.resolve("src/module-info.java"), src.resolve("Main.java"))).isEmpty();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath(out), "-m", "demo/demo.Main",
                Files.createDirectories(work.resolve("regions")).toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("read Cfg[name=shop, pool=8] from module org.jsonmmap");
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void theInternalPackageIsNotExported() throws Exception {
        Path src = Files.createDirectories(work.resolve("src/peek"));
        Files.writeString(work.resolve("src/module-info.java"), "module peek { requires org.jsonmmap; }");
        try (Stream<Path> internals = Files.list(Path.of("src/main/java/org/jsonmmap/internal"))) {
            String someInternalClass = internals.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().collect(Collectors.toList()).get(0);
            Files.writeString(src.resolve("Peek.java"), "package peek;\npublic class Peek { Class<?> c = "
                    + "org.jsonmmap.internal." + someInternalClass + ".class; }\n");
        }
        String errors = compile(work.resolve("out"), work.resolve("src/module-info.java"), src.resolve("Peek.java"));
        assertThat(errors).contains("package org.jsonmmap.internal is not visible")
                .contains("declared in module org.jsonmmap, which does not export it");
    }
}
