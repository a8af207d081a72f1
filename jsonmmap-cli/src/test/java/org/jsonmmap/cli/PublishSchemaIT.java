package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code publish --schema} and {@code publish --if-changed}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PublishSchemaIT extends LauncherTest {
    Path schema;

    @BeforeEach
    void setUp() throws Exception {
        schema = Files.writeString(tmp.resolve("cfg.schema.json"), ServeIT.SCHEMA);
    }

    @Test
    void documentBreakingTheSchemaIsRefusedWithEveryViolationAndNothingIsPublished() {
        ChildJvm.Result r = cli.pipe("{\"db\":{\"pool\":100},\"x\":1}", "publish", "cfg", "--schema", schema.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.SCHEMA_VIOLATION.code());
        assertThat(r.err()).contains("standard input breaks the schema " + schema + " (2 violations); nothing was published:",
                "\n  $.db required: ", "\n  $.db.pool maximum: ");
        assertThat(cli.dir().resolve("cfg.jmm")).as("a refused first document creates no region").doesNotExist();

        assertThat(cli.pipe("{\"db\":{\"url\":\"pg://a\"}}", "publish", "cfg", "--schema", schema.toString()).out())
                .isEqualTo("1\n");
        r = cli.pipe("{\"db\":{\"url\":\"pg://b\"}}\n{\"db\":{\"url\":3}}\n", "publish", "cfg", "--lines",
                "--schema", schema.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.SCHEMA_VIOLATION.code());
        assertThat(r.out()).isEqualTo("2\n");
        assertThat(r.err()).contains("line 2 of standard input breaks the schema", "the region keeps version 2",
                "$.db.url type: ");
        assertThat(cli.run("get", "cfg").out()).isEqualTo("{\"db\":{\"url\":\"pg://b\"}}\n");
    }

    @Test
    void unusableSchemaIsAUsageError() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.schema.json"), "{\"required\":\"db\"}");
        ChildJvm.Result r = cli.pipe("{}", "publish", "cfg", "--schema", bad.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("bad.schema.json is not a valid JSON Schema", "$.required");
    }

    @Test
    void ifChangedKeepsTheVersionForTheSameDocumentAndPublishesAChange() throws Exception {
        Path file = Files.writeString(tmp.resolve("cfg.json"), "{\"a\":1,\"b\":[1,2]}");
        assertThat(cli.run("publish", "cfg", file.toString(), "--if-changed").out()).isEqualTo("1\n");
        assertThat(cli.run("publish", "cfg", file.toString(), "--if-changed").out()).isEqualTo("1\n");
        assertThat(cli.pipe("{ \"b\": [1, 2], \"a\": 1 }", "publish", "cfg", "--if-changed").out()).isEqualTo("1\n");
        assertThat(cli.pipe("{\"a\":2}", "publish", "cfg", "--if-changed").out()).isEqualTo("2\n");
        assertThat(cli.pipe("{\"a\":2}\n{\"a\":2}\n{\"a\":3}\n", "publish", "cfg", "--lines", "--if-changed").out())
                .isEqualTo("2\n2\n3\n");
        assertThat(cli.run("publish", "cfg", file.toString()).out()).as("without --if-changed").isEqualTo("4\n");
    }
}
