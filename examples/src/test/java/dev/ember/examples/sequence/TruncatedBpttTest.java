package dev.ember.examples.sequence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A brief run of the truncated-BPTT example learns: far below answering 0, and the carried state helps. */
class TruncatedBpttTest {
    @Test
    void learnsTheSignalWithTheStateCarriedAcrossChunks() {
        double[] r = TruncatedBptt.run(3, 20, 200, 3, false);
        double carried = r[1];
        double reset = r[2];
        double zero = r[3];
        assertTrue(zero > 0.5, "the signal's mean square: " + zero);
        assertTrue(carried < 0.05, "test MSE with the state carried: " + carried + " (answering 0: " + zero + ")");
        assertTrue(carried < reset, "carrying the state must beat resetting it: " + carried + " vs " + reset);
    }
}
