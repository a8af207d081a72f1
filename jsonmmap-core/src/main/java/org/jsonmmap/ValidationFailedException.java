package org.jsonmmap;

import java.util.List;

/**
 * A document was refused by the writer's {@link DocumentValidator}: nothing was published and the
 * region keeps its previous version. {@link #violations()} lists every rule the document breaks.
 */
public class ValidationFailedException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * @param region the region the document was meant for
     * @param keptVersion the version the region keeps (0 if none)
     * @param violations every violation, at least one
     */
    public ValidationFailedException(String region, long keptVersion, List<Violation> violations) {
        super(message(region, keptVersion, violations));
        this.violations = List.copyOf(violations);
    }

    private static String message(String region, long keptVersion, List<Violation> violations) {
        StringBuilder b = new StringBuilder("document for region '").append(region).append("' breaks ")
                .append(violations.size()).append(violations.size() == 1 ? " rule" : " rules").append(" of its validator; ")
                .append(keptVersion == 0 ? "nothing was published" : "version " + keptVersion + " stays").append(':');
        for (Violation v : violations) {
            b.append("\n  ").append(v);
        }
        return b.toString();
    }

    /** @return every violation, in the order the validator found them (never empty) */
    public List<Violation> violations() {
        return violations;
    }
}
