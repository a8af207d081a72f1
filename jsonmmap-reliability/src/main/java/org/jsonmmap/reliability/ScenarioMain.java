package org.jsonmmap.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The JVM of one scenario: {@code ScenarioMain N quick|full WORKDIR REPO}. Runs it, prints its {@code RESULT}
 * line, and kills every child it started (also when it fails).
 */
public final class ScenarioMain {
    private ScenarioMain() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Budget budget = Budget.of(args[1]);
        Path work = Paths.get(args[2]);
        Path repo = Paths.get(args[3]);
        Runtime.getRuntime().addShutdownHook(new Thread(Child::killAll, "kill-children"));
        Result result;
        try {
            result = run(n, budget, work, repo);
        } catch (Throwable e) {
            result = new Result(n, Run.NAMES[n], "harness error");
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            System.out.println(sw);
            result.fail("the harness itself failed: " + e);
        } finally {
            Child.killAll();
        }
        System.out.println(result.toResultLine());
        System.out.flush();
        System.exit(0);
    }

    static Result run(int n, Budget b, Path work, Path repo) throws Exception {
        switch (n) {
            case 1: return TornReadSoak.run(b, work);
            case 2: return CrashLoop.run(b, work);
            case 3: return ReaderCrash.run(b, work);
            case 4: return CorruptionFuzz.run(b, work, repo);
            case 5: return FileFaults.run(b, work);
            case 6: return Permissions.run(b, work);
            case 7: return ResourceHygiene.run(b, work);
            case 8: return OwnershipRaces.run(b, work);
            default: throw new IllegalArgumentException("no scenario " + n);
        }
    }
}
