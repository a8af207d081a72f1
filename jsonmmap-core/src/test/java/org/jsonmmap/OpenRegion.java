package org.jsonmmap;

import java.nio.file.Path;

import org.jsonmmap.testkit.Scratch;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test method the region most tests start from: a fresh region in a scratch directory of its own
 * (named after the test method), with its writer and a reader open. A parameter of type {@link Region},
 * {@link RegionWriter} or {@link RegionReader} gets it; the writer opens (and creates the file) before the
 * reader, and both are closed, and the directory deleted, after the test. {@link #publishedOnce} makes the
 * other usual start: a file with one version that no writer holds.
 *
 * <pre>{@code
 * @ExtendWith(OpenRegion.class)
 * class SomeTest {
 *     @Test
 *     void readerSeesWhatTheWriterPublished(RegionWriter w, RegionReader r) { ... }
 * }
 * }</pre>
 */
final class OpenRegion implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OpenRegion.class);

    /**
     * A region that a writer created, published {@code json} in as version 1, and closed: for tests of what
     * readers, verify, delete or a later writer find in a file nobody holds.
     *
     * @param dir the directory
     * @param name the region name
     * @param json the document
     * @return the region
     */
    static Region publishedOnce(Path dir, String name, String json) {
        Region region = Region.named(name, dir);
        try (RegionWriter w = region.openWriter()) {
            w.publishJson(json);
        }
        return region;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Region.class || type == RegionWriter.class || type == RegionReader.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Opened opened = context.getStore(NAMESPACE).computeIfAbsent(Opened.class,
                k -> new Opened(context.getRequiredTestMethod().getName()), Opened.class);
        Class<?> type = parameter.getParameter().getType();
        return type == Region.class ? opened.region : type == RegionWriter.class ? opened.writer() : opened.reader();
    }

    /** The region of one test, with what it opened; closed by JUnit when the test's context closes. */
    private static final class Opened implements AutoCloseable {
        final Scratch scratch = Scratch.create("test");
        final Region region;
        private RegionWriter writer;
        private RegionReader reader;

        Opened(String name) {
            region = Region.named(name, scratch.path());
        }

        RegionWriter writer() {
            if (writer == null) {
                writer = region.openWriter();
            }
            return writer;
        }

        RegionReader reader() {
            writer(); // the writer creates the file a reader opens
            if (reader == null) {
                reader = region.openReader();
            }
            return reader;
        }

        @Override
        public void close() {
            try {
                if (reader != null) {
                    reader.close();
                }
                if (writer != null) {
                    writer.close();
                }
            } finally {
                scratch.close();
            }
        }
    }
}
