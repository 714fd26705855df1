package dev.ember.nn.data;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.fail;

/** Counts a fuzz run's outcomes: cases loaded, and refusals by the class of problem their message names. */
final class FuzzTally {
    private final String what;
    private final Map<String, Integer> refused = new TreeMap<>();
    private int cases;
    private int loaded;
    private int either;

    FuzzTally(String what) { this.what = what; }

    void loaded() {
        cases++;
        loaded++;
    }

    /** A refusal whose problem is one of {@code classes} (message fragment -> class name); anything else fails. */
    void refused(String problem, Map<String, String> classes, String description) {
        cases++;
        for (var c : classes.entrySet()) {
            if (problem.contains(c.getKey())) {
                refused.merge(c.getValue(), 1, Integer::sum);
                return;
            }
        }
        fail(description + ": refused with an unclear message: " + problem);
    }

    /** A case whose meaning the test's reference left open (either outcome was allowed); also counted above. */
    void either() { either++; }

    int cases() { return cases; }

    @Override
    public String toString() {
        int total = refused.values().stream().mapToInt(Integer::intValue).sum();
        return what + ": " + cases + " cases, " + loaded + " loaded exactly what the file says, " + total + " refused " + refused
                + (either > 0 ? "; " + either + " of them irregular, where loading or refusing were both allowed" : "");
    }
}
