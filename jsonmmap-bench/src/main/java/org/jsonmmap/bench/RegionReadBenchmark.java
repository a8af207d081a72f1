package org.jsonmmap.bench;

import org.jsonmmap.RegionReader;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the read benchmarks share: a scratch region and the reader measured on it, both made by the subclass's
 * {@code @Setup} and closed here after the trial.
 */
public abstract class RegionReadBenchmark extends BenchmarkDefaults {
    /** The scratch region (the subclass's set-up creates it). */
    protected BenchRegion scratch;
    /** The reader measured (the subclass's set-up opens it). */
    protected RegionReader reader;

    /** For the subclasses. */
    protected RegionReadBenchmark() {
    }

    /** Closes the reader and deletes the scratch directory. */
    @TearDown
    public void closeReaderAndScratch() {
        reader.close();
        scratch.close();
    }
}
