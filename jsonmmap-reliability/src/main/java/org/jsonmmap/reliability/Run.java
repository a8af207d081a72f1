package org.jsonmmap.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of {@code reliability/run [--quick] [--only 1,4] [--work DIR]}: runs each scenario in a child
 * JVM of its own with its time limit, prints one line per scenario and a summary, and exits non-zero if any
 * scenario failed (or did not finish in time). Every process a scenario started is killed when it ends.
 */
public final class Run {
    static final String[] NAMES = {"", "torn-read-soak", "crash-loop", "reader-crash", "corruption-fuzz",
        "file-faults", "permissions", "resource-hygiene", "ownership-races"};

    private Run() {
    }

    public static void main(String[] args) throws Exception {
        Budget budget = Budget.of("full");
        List<Integer> only = new ArrayList<>();
        Path work = null;
        Path repo = Paths.get(".").toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": budget = Budget.of("quick"); break;
                case "--full": budget = Budget.of("full"); break;
                case "--only":
                    for (String n : args[++i].split(",")) {
                        only.add(Integer.parseInt(n.trim()));
                    }
                    break;
                case "--work": work = Paths.get(args[++i]); break;
                case "--repo": repo = Paths.get(args[++i]).toAbsolutePath().normalize(); break;
                default:
                    System.err.println("usage: reliability/run [--quick] [--only N,M] [--work DIR]");
                    System.exit(2);
            }
        }
        if (only.isEmpty()) {
            for (int n = 1; n < NAMES.length; n++) {
                only.add(n);
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("jsonmmap-reliability-");
        }
        Files.createDirectories(work);
        // on Ctrl-C or kill: no scenario process may outlive the run
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly), "kill-scenarios"));
        System.out.println("jsonmmap reliability, " + budget.mode() + " mode, " + Instant.now() + ", logs in " + work);
        long start = System.nanoTime();
        int failed = 0;
        List<String> lines = new ArrayList<>();
        for (int n : only) {
            String line = runScenario(n, budget, work, repo);
            lines.add(line);
            if (!line.contains("verdict PASS")) {
                failed++;
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String summary = "reliability " + budget.mode() + ": " + only.size() + " scenarios, " + (only.size() - failed)
                + " PASS, " + failed + " FAIL, " + seconds + " s";
        System.out.println(summary);
        lines.add(summary);
        Files.write(work.resolve("summary.txt"), lines);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String runScenario(int n, Budget budget, Path work, Path repo) throws IOException, InterruptedException {
        Path dir = work.resolve("s" + n + "-" + NAMES[n]);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        int limit = budget.timeLimitSeconds(n);
        String line;
        try (Child c = Child.start(dir, List.of(), System.getProperty("java.class.path"), List.of("-Xmx512m"),
                ScenarioMain.class, Integer.toString(n), budget.mode(), dir.toString(), repo.toString())) {
            Integer exit = c.awaitExitKillingTree(Duration.ofSeconds(limit));
            Files.write(dir.resolve("scenario.log"), c.output());
            String result = c.lastLine("RESULT\t");
            long secs = (System.nanoTime() - t0) / 1_000_000_000L;
            if (exit == null) {
                line = Result.reportLine(n, NAMES[n], 0, "did not finish", 1, "", "killed after the time limit of "
                        + limit + " s");
            } else if (result == null || Result.reportLineOf(result) == null) {
                line = Result.reportLine(n, NAMES[n], 0, "no result", 1, "", "the scenario JVM exited with " + exit
                        + " without a result; see " + dir);
            } else {
                line = Result.reportLineOf(result);
            }
            line += " [" + secs + " s]";
            System.out.println(line);
            if (!line.contains("verdict PASS")) {
                int shown = 0;
                for (String l : c.output()) {
                    if (l.startsWith("FAILURE ") && shown++ < 5) {
                        System.out.println("    " + l);
                    }
                }
                System.out.println("    log: " + dir.resolve("scenario.log"));
            }
        }
        return line;
    }
}
