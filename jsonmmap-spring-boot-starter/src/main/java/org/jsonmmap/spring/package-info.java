/**
 * Spring Boot integration of jsonmmap.
 *
 * <p><b>Worker side.</b> {@code spring.config.import=jsonmmap:NAME[?dir=...&optional=true&wait=10s]} makes the
 * document of region {@code NAME} a live property source ({@link org.jsonmmap.spring.RegionPropertySource}):
 * {@code {"db":{"url":...},"features":["a"]}} gives {@code db.url} and {@code features[0]}, bound with Spring's
 * relaxed binding, each with its {@link org.jsonmmap.spring.RegionOrigin}. Every lookup sees the latest version.
 * On a change, {@link org.jsonmmap.spring.RegionWatcher} rebinds the {@code @ConfigurationProperties} beans
 * the change concerns (JavaBean-style ones; a bean whose new values fail to bind or validate keeps its old ones)
 * and publishes a {@link org.jsonmmap.spring.RegionChangedEvent}. With Actuator:
 * {@link org.jsonmmap.spring.JsonMmapHealthIndicator} and {@link org.jsonmmap.spring.RegionMetrics}.
 *
 * <p><b>Master side.</b> {@code jsonmmap.writer.name=NAME} gives a {@link org.jsonmmap.RegionWriter} bean.
 *
 * <p>What it does not do: write through the {@code Environment}, or refresh beans other than
 * {@code @ConfigurationProperties} ones (listen to the event for that).
 */
package org.jsonmmap.spring;
