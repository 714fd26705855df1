package dev.ember.examples.classic;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;

/** Short runs of the classic-learner examples: they learn what the notes say they learn, and fail where they say. */
class ClassicExamplesTest {
    @Test
    void perceptronAndAdalineLearnASeparableSetAndThePerceptronFailsOnXor() {
        var text = new ByteArrayOutputStream();
        ClassicLearners.Outcome o = ClassicLearners.run(new PrintStream(text), 30);
        assertTrue(o.separableRun().converged(), text.toString());
        assertEquals(1.0, o.perceptronAccuracy());
        assertTrue(o.adalineAccuracy() >= 0.95, text.toString());
        assertTrue(o.adalineCost().getLast() < o.adalineCost().getFirst(), text.toString());
        assertFalse(o.xorRun().converged(), text.toString());
        assertEquals(50, o.xorRun().epochs());
        assertTrue(text.toString().contains("did not converge in 50 epochs"));
    }

    @Test
    void seedTwosVectorisedEquationsAgreeWithAutodiffAndLearn() {
        var text = new ByteArrayOutputStream();
        LogisticRegressionByHand.Outcome o = LogisticRegressionByHand.run(new PrintStream(text), 60, 40);
        assertTrue(o.largestGradientDifference() < 1e-12, text.toString());
        assertEquals(Math.log(2), o.firstCost(), 1e-12);
        assertTrue(o.lastCost() < 0.5 * o.firstCost(), text.toString());
        assertTrue(o.accuracy() >= 0.85, text.toString());
    }
}
