package org.jsonmmap.spring;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEvent;

/**
 * Published (on the region's watcher thread) when an imported region holds a new version, after the
 * {@code @ConfigurationProperties} beans it concerns were rebound: listeners see the new values in the
 * {@code Environment} and in the rebound beans.
 *
 * <p>Also published when a region that was deleted comes back ({@code oldVersion} is then the last version
 * read before, and {@code newVersion} may be lower: a new region starts again at 1).
 */
public final class RegionChangedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    /** The region's name. */
    private final String region;
    private final transient Path path;
    /** The version the properties came from before. */
    private final long oldVersion;
    /** The version they come from now. */
    private final long newVersion;
    // events are never serialized in practice (ApplicationEvent is Serializable through EventObject)
    private final transient Set<String> changedKeys;
    private final transient List<String> reboundBeans;
    private final transient Map<String, String> rebindFailures;

    /**
     * @param source the property source of the region
     * @param oldVersion the version the properties came from before
     * @param newVersion the version they come from now
     * @param changedKeys the property names added, removed or changed, sorted
     * @param reboundBeans the names of the beans rebound with the new values
     * @param rebindFailures bean name to the reason its rebinding failed (the bean kept its old values)
     */
    public RegionChangedEvent(RegionPropertySource source, long oldVersion, long newVersion, Set<String> changedKeys,
                              List<String> reboundBeans, Map<String, String> rebindFailures) {
        super(source);
        this.region = source.region().name();
        this.path = source.region().path();
        this.oldVersion = oldVersion;
        this.newVersion = newVersion;
        this.changedKeys = Collections.unmodifiableSortedSet(new TreeSet<>(changedKeys));
        this.reboundBeans = List.copyOf(reboundBeans);
        this.rebindFailures = Map.copyOf(rebindFailures);
    }

    /** @return the region's name */
    public String region() {
        return region;
    }

    /** @return the region file */
    public Path path() {
        return path;
    }

    /** @return the version the properties came from before the change */
    public long oldVersion() {
        return oldVersion;
    }

    /** @return the version they come from now */
    public long newVersion() {
        return newVersion;
    }

    /** @return the property names added, removed or changed ({@code db.url}, {@code features[2]}), sorted */
    public Set<String> changedKeys() {
        return changedKeys;
    }

    /** @return the {@code @ConfigurationProperties} beans rebound with the new values, by bean name */
    public List<String> reboundBeans() {
        return reboundBeans;
    }

    /**
     * @return for each bean whose rebinding failed (a value that does not convert, a validation that
     *     fails, a bean that cannot be rebound), why; such a bean kept all its old values
     */
    public Map<String, String> rebindFailures() {
        return rebindFailures;
    }

    @Override
    public String toString() {
        return "RegionChangedEvent[region '" + region + "', version " + oldVersion + " -> " + newVersion + ", changed "
                + changedKeys + ", rebound " + reboundBeans + (rebindFailures.isEmpty() ? "" : ", failed " + rebindFailures)
                + "]";
    }
}
