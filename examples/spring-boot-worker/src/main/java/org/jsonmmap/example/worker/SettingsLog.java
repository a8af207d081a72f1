package org.jsonmmap.example.worker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jsonmmap.spring.RegionChangedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints the settings at start and after every change the master publishes. */
@Component
public class SettingsLog {
    private static final Log LOG = LogFactory.getLog(SettingsLog.class);
    private final WorkerSettings settings;

    /** @param settings the worker's settings (rebound by the starter on each change) */
    public SettingsLog(WorkerSettings settings) {
        this.settings = settings;
    }

    /** Prints the settings the worker starts with. */
    @EventListener(ApplicationReadyEvent.class)
    public void started() {
        LOG.info("worker started: " + settings);
    }

    /** @param event a change of the master's region: the settings are already rebound */
    @EventListener
    public void changed(RegionChangedEvent event) {
        if (event.rebindFailures().isEmpty()) {
            LOG.info("worker settings now (version " + event.newVersion() + ", changed " + event.changedKeys() + "): "
                    + settings);
        } else {
            LOG.warn("worker keeps its settings (version " + event.newVersion() + " rejected: " + event.rebindFailures()
                    + "): " + settings);
        }
    }
}
