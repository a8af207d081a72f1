package org.jsonmmap.reliability;

/**
 * The bounds of one run, quick (CI, at most 3 minutes in all) or full (at most 30 minutes). Every loop of
 * every scenario is bounded by one of these counts and by a time limit.
 */
record Budget(boolean quick,
              int soakRounds, int soakRoundSeconds,
              int crashKills, int crashLivesPerChain, int crashMaxDelayMillis,
              int readerCrashKills, int readerCrashSeconds,
              int fuzzCases, int cliEvery,
              int faultRepeats,
              int hygieneOpenCycles, int hygieneSubscribeCycles,
              int raceSeconds, int deleteRaceSeconds, int forcedDeleteTrials) {

    static Budget quickMode() {
        return new Budget(true, 3, 6, 30, 10, 150, 12, 16, 2_000, 250, 1, 10_000, 1_000, 12, 6, 15);
    }

    static Budget fullMode() {
        return new Budget(false, 20, 30, 1_000, 10, 150, 120, 120, 10_500, 50, 2, 100_000, 10_000, 600, 60, 200);
    }

    /**
     * The budget of a mode; {@code RELIABILITY_SOAK=rounds,seconds} overrides the soak's and
     * {@code RELIABILITY_RACES=takeoverSeconds,deleteSeconds,forcedTrials} the ownership races' (to study them).
     */
    static Budget of(String mode) {
        Budget b = mode.equals("quick") ? quickMode() : fullMode();
        String soak = System.getenv("RELIABILITY_SOAK");
        if (soak != null && soak.matches("\\d+,\\d+")) {
            String[] rs = soak.split(",");
            b = new Budget(b.quick, Integer.parseInt(rs[0]), Integer.parseInt(rs[1]), b.crashKills, b.crashLivesPerChain,
                    b.crashMaxDelayMillis, b.readerCrashKills, b.readerCrashSeconds, b.fuzzCases, b.cliEvery,
                    b.faultRepeats, b.hygieneOpenCycles, b.hygieneSubscribeCycles, b.raceSeconds, b.deleteRaceSeconds,
                    b.forcedDeleteTrials);
        }
        String races = System.getenv("RELIABILITY_RACES");
        if (races != null && races.matches("\\d+,\\d+,\\d+")) {
            String[] r = races.split(",");
            b = new Budget(b.quick, b.soakRounds, b.soakRoundSeconds, b.crashKills, b.crashLivesPerChain,
                    b.crashMaxDelayMillis, b.readerCrashKills, b.readerCrashSeconds, b.fuzzCases, b.cliEvery,
                    b.faultRepeats, b.hygieneOpenCycles, b.hygieneSubscribeCycles, Integer.parseInt(r[0]),
                    Integer.parseInt(r[1]), Integer.parseInt(r[2]));
        }
        return b;
    }

    String mode() {
        return quick ? "quick" : "full";
    }

    /** The time limit of scenario {@code n} in this mode, after which {@link Run} kills it and fails it. */
    int timeLimitSeconds(int n) {
        switch (n) {
            case 1: return soakRounds * soakRoundSeconds + 90;
            case 2: return quick ? 90 : 900;
            case 3: return readerCrashSeconds + 90;
            case 4: return quick ? 90 : 420;
            case 5: return quick ? 120 : 300;
            case 6: return 90;
            case 7: return quick ? 90 : 300;
            case 8: return raceSeconds + deleteRaceSeconds + forcedDeleteTrials * 2 + 120;
            default: return 60;
        }
    }
}
