package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jsonmmap.Region;
import org.jsonmmap.RegionInfo;
import org.jsonmmap.cli.serve.ServeState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code jsonmmap stat}: what a region holds, read from its header without parsing the document. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Show region NAME: version, size, capacity, epoch, writer pid and whether it is alive, time"
                + " of the last publish, format version, file path and mode.",
            "While 'jsonmmap serve' holds the region: the file it serves and since when, the last good version, and"
                + " since when and why the source is invalid (--json: the member 'serve', else null)."},
        footer = {
            "  jsonmmap stat cfg",
            "  jsonmmap stat cfg --json"})
final class StatCommand implements Callable<Integer> {
    @Mixin
    private RegionArgument target;

    @Option(names = "--json", description = "Print one JSON object instead of aligned text.")
    private boolean json;

    @Override
    public Integer call() {
        Region region = target.region();
        RegionInfo info = region.info();
        Optional<ServeState> serving = ServeInfo.of(region, info);
        PrintWriter out = target.out();
        if (json) {
            ObjectNode o = toJson(info);
            o.set("serve", ServeInfo.json(serving));
            out.println(JsonMapper.shared().writeValueAsString(o));
        } else {
            print(out, info);
            serving.ifPresent(s -> row(out, "serving", ServeInfo.row(s)));
        }
        return ExitCode.OK.code();
    }

    /** The machine-readable form; field names are part of the tool's contract. */
    static ObjectNode toJson(RegionInfo info) {
        ObjectNode o = JsonMapper.shared().createObjectNode();
        o.put("name", info.name());
        o.put("path", info.path().toAbsolutePath().toString());
        o.put("version", info.version());
        o.put("size", info.size());
        o.put("capacity", info.capacity());
        o.put("fileLength", info.fileLength());
        o.put("epoch", info.epoch());
        o.put("writerPid", info.writerPid());
        o.put("writerAlive", info.writerAlive());
        o.put("created", info.created().toString());
        if (info.lastPublish() == null) {
            o.putNull("lastPublish");
        } else {
            o.put("lastPublish", info.lastPublish().toString());
        }
        o.put("tag", info.tag());
        o.put("formatVersion", info.formatVersion());
        o.put("mode", info.mode());
        ObjectNode status = o.putObject("status");
        status.put("flags", info.status().flags());
        status.put("sourceDisconnected", info.status().sourceDisconnected());
        status.put("sourceInvalid", info.status().sourceInvalid());
        status.put("since", info.status().since().toString());
        return o;
    }

    private static void print(PrintWriter out, RegionInfo info) {
        row(out, "region", info.name());
        row(out, "path", info.path().toAbsolutePath().toString());
        row(out, "version", info.version() == 0 ? "0 (nothing published yet)" : String.valueOf(info.version()));
        row(out, "size", info.size() + " bytes");
        row(out, "capacity", info.capacity() + " bytes");
        row(out, "file length", info.fileLength() + " bytes");
        row(out, "epoch", String.valueOf(info.epoch()));
        row(out, "writer", "pid " + info.writerPid() + (info.writerAlive() ? ", alive" : ", not running"));
        row(out, "last publish", info.lastPublish() == null ? "never" : info.lastPublish() + " (" + ago(info.lastPublish()) + ")");
        row(out, "created", info.created().toString());
        row(out, "format", String.valueOf(info.formatVersion()));
        row(out, "mode", info.mode());
        if (info.status().flags() != 0) {
            // only mirroring writers (the ZooKeeper bridge, serve) set a status
            row(out, "source", (info.status().sourceDisconnected() ? "disconnected" : "connected")
                    + (info.status().sourceInvalid() ? ", holds an invalid value" : "")
                    + " since " + info.status().since() + " (" + ago(info.status().since()) + ")");
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-13s %s%n", key, value);
    }

    private static String ago(Instant when) {
        Duration d = Duration.between(when, Instant.now());
        if (d.isNegative()) {
            return "in the future by " + Durations.show(d.negated());
        }
        return Durations.show(d.withNanos(d.getNano() / 1_000_000 * 1_000_000)) + " ago";
    }
}
