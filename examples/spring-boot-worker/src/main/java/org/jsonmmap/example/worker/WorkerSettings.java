package org.jsonmmap.example.worker;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The worker's settings: the {@code worker} object of the master's document. */
@ConfigurationProperties("worker")
public class WorkerSettings {
    private String greeting = "hello";
    private int batchSize = 1;
    private List<String> queues = new ArrayList<>();

    /** @return what the worker says */
    public String getGreeting() {
        return greeting;
    }

    /** @param greeting what the worker says */
    public void setGreeting(String greeting) {
        this.greeting = greeting;
    }

    /** @return how many items it takes at once ({@code batchSize} or {@code batch-size} in the document) */
    public int getBatchSize() {
        return batchSize;
    }

    /** @param batchSize how many items it takes at once */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** @return the queues it serves */
    public List<String> getQueues() {
        return queues;
    }

    /** @param queues the queues it serves */
    public void setQueues(List<String> queues) {
        this.queues = queues;
    }

    @Override
    public String toString() {
        return "greeting=" + greeting + ", batchSize=" + batchSize + ", queues=" + queues;
    }
}
