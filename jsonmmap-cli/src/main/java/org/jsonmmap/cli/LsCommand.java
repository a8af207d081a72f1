package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import tools.jackson.databind.json.JsonMapper;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code jsonmmap ls}: the regions of the directory, one line each. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List the regions in the region directory (--dir, $JSONMMAP_DIR or the default), one line"
                + " each: name, version, size in bytes, and whether a writer is alive. Prints nothing when there"
                + " are none; a directory that does not exist is an error (exit code 3), except the per-user"
                + " default before the first writer created it.",
        footer = {
            "  jsonmmap ls",
            "  jsonmmap ls --dir /var/lib/app --json"})
final class LsCommand implements Callable<Integer> {
    @Mixin
    private DirOption dir;

    @Option(names = "--json", description = "Print a JSON array of the regions (the fields of 'stat --json').")
    private boolean json;

    @Override
    public Integer call() {
        List<Region> regions = Region.list(dir.directory());
        PrintWriter out = dir.out();
        if (json) {
            ArrayNode array = JsonMapper.shared().createArrayNode();
            for (Region r : regions) {
                try {
                    array.add(StatCommand.toJson(r.info()));
                } catch (JsonMmapException e) {
                    ObjectNode o = array.addObject();
                    o.put("name", r.name());
                    o.put("path", r.path().toAbsolutePath().toString());
                    o.put("error", e.getMessage());
                }
            }
            out.println(JsonMapper.shared().writeValueAsString(array));
            return ExitCode.OK.code();
        }
        List<String[]> rows = new ArrayList<>();
        for (Region r : regions) {
            try {
                RegionInfo info = r.info();
                rows.add(new String[] {r.name(), String.valueOf(info.version()), String.valueOf(info.size()),
                    info.writerAlive() ? "alive (pid " + info.writerPid() + ")" : "none"});
            } catch (JsonMmapException e) {
                rows.add(new String[] {r.name(), "-", "-", "unreadable: " + e.getMessage()});
            }
        }
        if (rows.isEmpty()) {
            return ExitCode.OK.code();
        }
        int width = "NAME".length();
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        String format = "%-" + width + "s  %8s  %10s  %s%n";
        out.printf(format, "NAME", "VERSION", "SIZE", "WRITER");
        for (String[] row : rows) {
            out.printf(format, (Object[]) row);
        }
        return ExitCode.OK.code();
    }
}
