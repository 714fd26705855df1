package dev.ember.cuda.kernels;

import dev.ember.DType;

import java.util.ArrayList;
import java.util.List;

/** The values compared so far and the ones that differed, each described by what was compared. */
final class Comparisons {
    private final List<String> failures = new ArrayList<>();
    private int count;

    /** Compares a value host_check printed ({@code cBits}) with Java's ({@code javaBits}): exact, or within ulps. */
    void check(String what, DType dtype, long javaBits, long cBits, int ulps) {
        count++;
        if (!ElementBits.close(dtype, javaBits, cBits, ulps)) {
            failures.add(what + ": C " + ElementBits.hex(dtype, cBits) + ", Java " + ElementBits.hex(dtype, javaBits));
        }
    }

    int count() { return count; }

    List<String> failures() { return failures; }
}
