package org.jsonmmap.spring;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.ReaderOptions;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.RegionTruncatedException;
import org.jsonmmap.Versioned;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.EnumerablePropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A live property source over one region: its document's fields as properties ({@link FlatDocument} names
 * them: {@code db.url}, {@code features[0]}), each with a {@link RegionOrigin}. Added to the
 * {@code Environment} by {@code spring.config.import=jsonmmap:NAME}.
 *
 * <p><b>Live.</b> Every lookup sees the latest published version: it costs one version check (an acquire
 * load of the region's commit word); only the first lookup after a change copies, checks and flattens the
 * new version, once for all callers.
 *
 * <p><b>Never wrong without saying so.</b> If the region cannot be read any more (deleted, replaced,
 * truncated, a version that fails its checksum), lookups keep answering with the last good version, and
 * {@link #lastError()} says why; the health indicator reports it. A region that was deleted is opened
 * again when it reappears (by {@link RegionWatcher}, not by lookups).
 *
 * <p>Thread-safe.
 */
public final class RegionPropertySource extends EnumerablePropertySource<Region> implements OriginLookup<String> {
    private final ReaderOptions options;
    private final AtomicLong readErrors = new AtomicLong();
    private final AtomicLong reopenings = new AtomicLong();
    private volatile RegionReader reader;
    private volatile FlatDocument document = FlatDocument.EMPTY;
    /** The reader {@link #document} was read from; a new reader means a new sequence of versions. */
    private volatile RegionReader documentReader;
    /** A version that failed to read: not tried again by every lookup, only when a newer one comes. */
    private volatile long failedVersion = -1;
    private volatile JsonMmapException lastError;
    private volatile Instant lastErrorAt;

    /**
     * @param name the property source's name, e.g. {@code jsonmmap:cfg}
     * @param region the region
     * @param reader an open reader of it, or null if the region does not exist (yet)
     * @param options the options to open it again with
     */
    RegionPropertySource(String name, Region region, RegionReader reader, ReaderOptions options) {
        super(name, region);
        this.options = options;
        this.reader = reader;
        if (reader == null) {
            lastError = new JsonMmapException("region '" + region.name() + "' does not exist: " + region.path());
            lastErrorAt = Instant.now();
        } else {
            current();
        }
    }

    /** @return the region this source reads */
    public Region region() {
        return getSource();
    }

    /** @return the version the properties come from now (0: nothing published yet, or never read) */
    public long version() {
        return current().version;
    }

    /** @return when the version the properties come from was published, if any */
    public Optional<Instant> publishedAt() {
        return Optional.ofNullable(current().publishedAt);
    }

    /** @return whether the source reads the region now (false: it was deleted, replaced or never found) */
    public boolean isConnected() {
        return reader != null;
    }

    /**
     * @return why the source could not read the latest version, if the last attempt failed; empty while
     *     it reads the region fine
     */
    public Optional<JsonMmapException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** @return when {@link #lastError()} happened, if it is set */
    public Optional<Instant> lastErrorAt() {
        return lastError == null ? Optional.empty() : Optional.ofNullable(lastErrorAt);
    }

    /** @return how many reads failed since start (each failing version or loss counted once) */
    public long readErrors() {
        return readErrors.get();
    }

    /** @return the open reader, or null while disconnected; for health checks and metrics */
    RegionReader reader() {
        return reader;
    }

    /** @return the version that failed to read, or -1 */
    long failedVersion() {
        return failedVersion;
    }

    long reopenings() {
        return reopenings.get();
    }

    @Override
    public Object getProperty(String name) {
        return current().values.get(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return current().values.containsKey(name);
    }

    @Override
    public String[] getPropertyNames() {
        return current().names.clone();
    }

    @Override
    public Origin getOrigin(String name) {
        FlatDocument d = current();
        String pointer = d.pointers.get(name);
        return pointer == null ? null : new RegionOrigin(region().name(), region().path(), d.version, pointer);
    }

    /** The latest good version: one version check when nothing changed. */
    FlatDocument current() {
        RegionReader r = reader;
        FlatDocument d = document;
        if (r == null) {
            return d;
        }
        long latest;
        try {
            latest = r.version();
        } catch (RegionReplacedException | RegionTruncatedException e) {
            lost(r, e);
            return document;
        } catch (JsonMmapException e) {
            noteError(e);
            return d;
        }
        if ((latest == d.version && documentReader == r) || latest == failedVersion) {
            return d;
        }
        return refresh(r);
    }

    private synchronized FlatDocument refresh(RegionReader r) {
        FlatDocument d = document;
        try {
            Optional<Versioned<JsonNode>> snapshot = r.snapshot();
            long version = snapshot.map(Versioned::version).orElse(0L);
            if (version == d.version && documentReader == r) {
                return d;
            }
            FlatDocument next = snapshot.map(v -> FlatDocument.of(v.version(), v.publishedAt(), v.value()))
                    .orElse(FlatDocument.EMPTY);
            document = next;
            documentReader = r;
            failedVersion = -1;
            lastError = null;
            return next;
        } catch (RegionReplacedException | RegionTruncatedException e) {
            lost(r, e);
            return document;
        } catch (JsonMmapException e) {
            try {
                failedVersion = r.version();
            } catch (JsonMmapException again) {
                failedVersion = -1;
            }
            noteError(e);
            return d;
        }
    }

    private void noteError(JsonMmapException e) {
        if (lastError == null || !lastError.getMessage().equals(e.getMessage())) {
            readErrors.incrementAndGet();
        }
        lastError = e;
        lastErrorAt = Instant.now();
    }

    /** The region went away under reader {@code r}: keep the last good version, drop the reader. */
    synchronized void lost(RegionReader r, JsonMmapException why) {
        if (reader != r) {
            return;
        }
        reader = null;
        noteError(why);
        r.close();
    }

    /**
     * Opens the region again if it is disconnected and exists now.
     *
     * @return whether a new reader was opened
     */
    synchronized boolean reopenIfPossible() {
        if (reader != null || !region().exists()) {
            return false;
        }
        try {
            reader = region().openReader(options);
        } catch (JsonMmapException e) {
            noteError(e);
            return false;
        }
        reopenings.incrementAndGet();
        lastError = null;
        current();
        return true;
    }

    /** Closes the reader; lookups keep answering with the last version read. Idempotent. */
    synchronized void close() {
        RegionReader r = reader;
        reader = null;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public String toString() {
        return "RegionPropertySource[" + getName() + ", version " + document.version + (reader == null ? ", disconnected" : "")
                + "]";
    }
}
