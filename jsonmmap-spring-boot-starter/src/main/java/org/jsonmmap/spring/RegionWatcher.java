package org.jsonmmap.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.RegionClosedException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.RegionTruncatedException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Watches every region imported with {@code spring.config.import=jsonmmap:...}: one daemon thread per
 * region waits for its next version (the core's {@code awaitChange}, no polling of the document), then
 * rebinds the {@code @ConfigurationProperties} beans the change concerns and publishes a
 * {@link RegionChangedEvent}. It also notices a region that was deleted or replaced (within a second)
 * and opens it again when it reappears, and it closes the readers when the application stops.
 *
 * <p>The property sources are live without it (each lookup checks the version); the watcher adds the
 * events, the rebinding and the reconnection. Created by {@link JsonMmapAutoConfiguration}.
 */
public final class RegionWatcher implements SmartLifecycle {
    private static final Log LOG = LogFactory.getLog(RegionWatcher.class);
    private static final Duration WAIT_SLICE = Duration.ofMillis(500);
    private static final long REOPEN_EVERY_MS = 200;

    private final List<RegionPropertySource> sources;
    private final ApplicationContext context;
    private final PropertiesRebinder rebinder;
    private final Map<RegionPropertySource, AtomicLong> changes = new ConcurrentHashMap<>();
    /** What each source held when the watcher was created, before the beans were bound: the first baseline. */
    private final Map<RegionPropertySource, FlatDocument> baselines = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param environment the environment whose {@link RegionPropertySource}s to watch
     * @param context where to publish events and find the beans to rebind
     */
    public RegionWatcher(ConfigurableEnvironment environment, ApplicationContext context) {
        List<RegionPropertySource> found = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof RegionPropertySource region) {
                found.add(region);
                changes.put(region, new AtomicLong());
                baselines.put(region, region.current());
            }
        }
        this.sources = List.copyOf(found);
        this.context = context;
        this.rebinder = new PropertiesRebinder(context);
    }

    /** @return the imported regions' property sources, in the environment's order */
    public List<RegionPropertySource> sources() {
        return sources;
    }

    /**
     * @param source one of {@link #sources()}
     * @return how many changes of it were announced since start
     */
    public long changes(RegionPropertySource source) {
        AtomicLong n = changes.get(source);
        return n == null ? 0 : n.get();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (RegionPropertySource source : sources) {
            Thread t = new Thread(() -> watch(source), "jsonmmap-watch-" + source.region().name());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            running = false;
            stopping = List.copyOf(threads);
            threads.clear();
        }
        for (Thread t : stopping) {
            t.interrupt();
        }
        for (Thread t : stopping) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (RegionPropertySource source : sources) {
            source.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void watch(RegionPropertySource source) {
        // a change between the watcher's creation and this thread's start is announced, not missed
        FlatDocument announced = baselines.get(source);
        while (running) {
            try {
                RegionReader reader = source.reader();
                if (reader == null) {
                    if (!source.reopenIfPossible()) {
                        Thread.sleep(REOPEN_EVERY_MS);
                        continue;
                    }
                } else if (source.current() == announced) {
                    waitForChange(source, reader, Math.max(announced.version, source.failedVersion()));
                }
                FlatDocument now = source.current();
                if (now != announced && running) {
                    announce(source, announced, now);
                    announced = now;
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn("jsonmmap: watching region '" + source.region().name() + "' failed, retrying: " + e, e);
                try {
                    Thread.sleep(REOPEN_EVERY_MS);
                } catch (InterruptedException stop) {
                    break;
                }
            }
        }
    }

    private static void waitForChange(RegionPropertySource source, RegionReader reader, long seen)
            throws InterruptedException {
        try {
            reader.awaitChange(seen, WAIT_SLICE);
        } catch (RegionReplacedException | RegionTruncatedException e) {
            LOG.warn("jsonmmap: " + e.getMessage() + "; serving the last good version, " + source.current().version
                    + ", until it is back");
            source.lost(reader, e);
        } catch (RegionClosedException e) {
            // the source dropped this reader (a health check saw the region go) or the watcher is stopping:
            // the loop decides which
            return;
        } catch (JsonMmapException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped");
            }
            throw e;
        }
    }

    private void announce(RegionPropertySource source, FlatDocument before, FlatDocument after) {
        Set<String> changed = FlatDocument.changedNames(before, after);
        if (changed.isEmpty() && before.version == after.version) {
            return;
        }
        changes.get(source).incrementAndGet();
        PropertiesRebinder.Result result = rebinder.rebind(changed);
        RegionChangedEvent event = new RegionChangedEvent(source, before.version, after.version, changed,
                result.rebound(), result.failures());
        if (!result.failures().isEmpty()) {
            LOG.warn("jsonmmap: region '" + source.region().name() + "' version " + after.version + ": "
                    + result.failures());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("jsonmmap: " + event);
        }
        try {
            context.publishEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("jsonmmap: a listener of " + event + " failed: " + e, e);
        }
    }
}
