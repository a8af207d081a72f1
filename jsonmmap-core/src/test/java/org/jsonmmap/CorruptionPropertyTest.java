package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.testkit.Scratch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import tools.jackson.databind.JsonNode;

/**
 * Mutated region files (bit flips anywhere in the header, descriptors and payloads, truncation at any
 * length, absurd values in every 8-byte field, foreign bytes): a reader, verify and a writer taking over
 * either work (and then read a value that was published) or throw a specific jsonmmap exception. Never
 * another exception, a crash or a hang.
 */
class CorruptionPropertyTest {
    private static Scratch scratch;
    private static Path root;
    private static byte[] valid;
    private static final Set<String> PUBLISHED = Set.of("{\"v\":1,\"s\":\"first\"}", "{\"v\":2,\"s\":\"second ✓\"}");
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "corruption-case");
        t.setDaemon(true);
        return t;
    });

    @BeforeContainer
    static void makeValidRegion() throws IOException {
        scratch = Scratch.create("fuzz");
        root = scratch.path();
        Region region = Region.named("seed", root);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(256))) {
            for (String doc : PUBLISHED) {
                w.publishJson(doc);
            }
        }
        valid = Files.readAllBytes(region.path());
    }

    @AfterContainer
    static void cleanUp() {
        scratch.close();
    }

    /** A mutation: kind 0 flips bit {@code b} of byte {@code at}; 1 truncates to {@code at}; 2 writes {@code value} at 8-aligned {@code at}. */
    record Mutation(int kind, int at, int bit, long value) {
        byte[] apply(byte[] in) {
            switch (kind) {
                case 0: {
                    byte[] out = in.clone();
                    int i = at % out.length;
                    out[i] ^= (byte) (1 << bit);
                    return out;
                }
                case 1:
                    return Arrays.copyOf(in, at % (in.length + 1));
                default: {
                    byte[] out = in.clone();
                    int i = (at % (out.length / 8)) * 8;
                    for (int k = 0; k < 8; k++) {
                        out[i + k] = (byte) (value >>> (8 * k));
                    }
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        // concentrate on the header page's used part and the payload areas, but reach every byte
        Arbitrary<Integer> at = Arbitraries.oneOf(Arbitraries.integers().between(0, 320),
                Arbitraries.integers().between(RegionLayout.HEADER_SIZE, RegionLayout.HEADER_SIZE + 1024),
                Arbitraries.integers().between(0, Integer.MAX_VALUE));
        Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 4096L, 4095L, 1L << 31, 1L << 32));
        return Combinators.combine(Arbitraries.integers().between(0, 2), at, Arbitraries.integers().between(0, 7), value)
                .as(Mutation::new);
    }

    @Property(tries = 600)
    void mutatedFileGivesAPublishedValueOrASpecificError(@ForAll("mutations") Mutation mutation) throws Exception {
        assertThat(exerciseWithinTimeLimit("case", mutation.apply(valid), "mutation " + mutation)).isEqualTo("ok");
    }

    /** Values around the points where sums of u64 fields wrap: 2^31, 2^32, 2^62, 2^63, 2^64 − 1. */
    private static final Long[] EXTREMES = {0L, 1L, 63L, 64L, 4095L, 4096L, 4608L, (long) Integer.MAX_VALUE, 1L << 31,
        1L << 32, (1L << 32) - 1, (1L << 62) - 64, 1L << 62, (1L << 62) + 64, Long.MAX_VALUE - 63, Long.MAX_VALUE,
        Long.MIN_VALUE, Long.MIN_VALUE + 64, -4096L, -64L, -1L};

    /**
     * Several fields set to extremes at once: {@code slots} 0, 1 or 2 (both) get {@code offset}, {@code capacity}
     * and {@code length}; FILE_LENGTH and RESERVED_LENGTH get {@code fileLength} and {@code reserved} unless
     * those are null.
     */
    record Extreme(int slots, long offset, long capacity, long length, Long fileLength, Long reserved) {
        byte[] apply(byte[] in) {
            byte[] out = in.clone();
            for (int s = 0; s < 2; s++) {
                if (slots == 2 || slots == s) {
                    put(out, RegionLayout.slotField(s, RegionLayout.PAYLOAD_OFFSET_FIELD), offset, 8);
                    put(out, RegionLayout.slotField(s, RegionLayout.CAPACITY_FIELD), capacity, 8);
                    put(out, RegionLayout.slotField(s, RegionLayout.LENGTH_FIELD), length, 4);
                }
            }
            if (fileLength != null) {
                put(out, RegionLayout.FILE_LENGTH_OFFSET, fileLength, 8);
            }
            if (reserved != null) {
                put(out, RegionLayout.RESERVED_LENGTH_OFFSET, reserved, 8);
            }
            return out;
        }

        private static void put(byte[] b, int at, long value, int width) {
            for (int k = 0; k < width; k++) {
                b[at + k] = (byte) (value >>> (8 * k));
            }
        }
    }

    @Provide
    Arbitrary<Extreme> extremes() {
        Arbitrary<Long> extreme = Arbitraries.of(EXTREMES);
        Arbitrary<Long> lengthField = Arbitraries.oneOf(extreme, Arbitraries.just((long) valid.length));
        return Combinators.combine(Arbitraries.integers().between(0, 2), extreme, extreme, extreme,
                lengthField.injectNull(0.5), extreme.injectNull(0.5)).as(Extreme::new);
    }

    @Property(tries = 400)
    void extremeFieldsTogetherNeverWrapIntoARange(@ForAll("extremes") Extreme extreme) throws Exception {
        assertThat(exerciseWithinTimeLimit("extreme", extreme.apply(valid), "fields " + extreme)).isEqualTo("ok");
    }

    @Property(tries = 100)
    void arbitraryBytesAreNeverTakenForARegion(@ForAll byte[] junk) throws Exception {
        Path dir = Files.createTempDirectory(root, "junk");
        Region region = Region.named("junk", dir);
        Files.write(region.path(), junk);
        assertThat(exercise(region)).isEqualTo("ok");
    }

    /**
     * Writes {@code file} as a region in a directory of its own and {@linkplain #exercise exercises} it on the
     * pool, failing as a hang if that takes more than 20 s.
     *
     * @param dirPrefix the start of the directory's name
     * @param file the region file's bytes
     * @param what the file, for the messages
     * @return "ok" or a description of what was wrong (prefixed with {@code what})
     */
    private String exerciseWithinTimeLimit(String dirPrefix, byte[] file, String what) throws Exception {
        Path dir = Files.createTempDirectory(root, dirPrefix);
        Region region = Region.named("seed", dir);
        Files.write(region.path(), file);
        Future<String> outcome = POOL.submit(() -> exercise(region));
        try {
            String result = outcome.get(20, TimeUnit.SECONDS);
            return result.equals("ok") ? result : what + ": " + result;
        } catch (TimeoutException e) {
            outcome.cancel(true);
            throw new AssertionError("hang on " + what);
        }
    }

    /** Runs reader, verify and writer on the file; returns "ok" or a description of what was wrong. */
    private static String exercise(Region region) {
        try {
            try (RegionReader r = region.openReader()) {
                Optional<JsonNode> v = r.get();
                if (v.isPresent() && !PUBLISHED.contains(r.text().orElseThrow())) {
                    return "reader returned a value never published: " + r.text().orElseThrow();
                }
                r.info();
            } catch (JsonMmapException e) {
                if (e.getClass() == JsonMmapException.class) {
                    return "unclassified error: " + e;
                }
            }
            try {
                region.verify();
            } catch (JsonMmapException e) {
                if (e.getClass() == JsonMmapException.class) {
                    return "unclassified verify error: " + e;
                }
            }
            try (RegionWriter w = region.openWriter()) {
                w.publishJson("{\"v\":3}");
                try (RegionReader r = region.openReader()) {
                    if (!r.text().orElseThrow().equals("{\"v\":3}")) {
                        return "after takeover the reader sees " + r.text();
                    }
                }
            } catch (JsonMmapException e) {
                if (e.getClass() == JsonMmapException.class) {
                    return "unclassified writer error: " + e;
                }
            }
            return "ok";
        } catch (RuntimeException | Error e) {
            java.io.StringWriter sw = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(sw));
            return "unexpected " + sw;
        }
    }
}
