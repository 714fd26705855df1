package dev.ember.examples.sequence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A brief run of the adding problem learns, on sequences of 10 steps (the example's 50 take minutes): answering
 * the mean gives about 0.167, and only a working gradient through the recurrence gets far below it.
 */
class AddingProblemTest {
    @Test
    void lstmLearnsTheSum() {
        double mse = AddingProblem.train("lstm", 10, 300, 32, 0.01, 3, 300).testMse();
        assertTrue(mse < 0.03, "LSTM test MSE after 300 steps: " + mse + " (the mean gives about 0.167)");
    }

    @Test
    void gruLearnsTheSum() {
        double mse = AddingProblem.train("gru", 10, 200, 32, 0.01, 3, 200).testMse();
        assertTrue(mse < 0.03, "GRU test MSE after 200 steps: " + mse + " (the mean gives about 0.167)");
    }

    @Test
    void gradientNormsReachEveryStep() {
        AddingProblem.Run run = AddingProblem.train("rnn", 10, 1, 8, 0.01, 3, 1);
        double[] norms = AddingProblem.hiddenGradientNorms(run.model(), AddingProblem.batch(16, 10, new dev.ember.Generator(5)));
        assertTrue(norms.length == 10 && norms[9] > 0 && norms[0] < norms[9], java.util.Arrays.toString(norms));
    }
}
