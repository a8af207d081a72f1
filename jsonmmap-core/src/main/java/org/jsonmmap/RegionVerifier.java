package org.jsonmmap;

import java.util.ArrayList;
import java.util.List;

/** {@link Region#verify()}: every check a reader makes, collected as sentences instead of thrown. */
final class RegionVerifier {
    private RegionVerifier() {
    }

    static List<String> verify(Region region) {
        List<String> problems = new ArrayList<>();
        try (RegionReader reader = region.openReader()) {
            try {
                reader.checkFile();
            } catch (RegionReplacedException | RegionCorruptException e) {
                problems.add(e.getMessage());
            }
            try {
                reader.bytes().ifPresent(b -> reader.get());
            } catch (RegionNotFoundException e) {
                throw e;
            } catch (JsonMmapException e) {
                problems.add(e.getMessage());
            }
            problems.addAll(reader.checkIdleSlot());
        } catch (RegionNotFoundException e) {
            throw e;
        } catch (JsonMmapException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
