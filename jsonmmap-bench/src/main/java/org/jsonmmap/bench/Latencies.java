package org.jsonmmap.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A latency histogram in nanoseconds (HdrHistogram, 3 significant digits, up to 10 s) and its summary as JSON. */
final class Latencies {
    private static final long MAX_NANOS = 10_000_000_000L;

    private final Histogram histogram = new Histogram(MAX_NANOS, 3);

    /** Records one latency; negative or huge values are clamped (they would be clock faults, not latencies). */
    void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    long percentile(double p) {
        return histogram.getValueAtPercentile(p);
    }

    /** Count, mean, p50, p99, p99.9, max, and the percentile curve for the plot ([percentile, ns] pairs). */
    ObjectNode toJson() {
        ObjectNode o = Documents.mapper().createObjectNode();
        o.put("count", histogram.getTotalCount());
        o.put("meanNs", Math.round(histogram.getMean()));
        o.put("p50Ns", histogram.getValueAtPercentile(50));
        o.put("p99Ns", histogram.getValueAtPercentile(99));
        o.put("p999Ns", histogram.getValueAtPercentile(99.9));
        o.put("maxNs", histogram.getMaxValue());
        ArrayNode curve = o.putArray("curve");
        for (HistogramIterationValue v : histogram.percentiles(5)) {
            curve.addArray().add(v.getPercentileLevelIteratedTo()).add(v.getValueIteratedTo());
        }
        return o;
    }
}
