package dev.ember.examples.gan;

import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GanTest {
    /** The mean distance of the points {@code [n, 2]} from the ring's circle. */
    private static double offCircle(Tensor points, double radius) {
        return points.square().sum(1).sqrt().sub(radius).abs().mean().item();
    }

    @Test
    void aShortRunMovesTheGeneratorOntoTheRing() {
        Tensor.manualSeed(1);
        Ring ring = new Ring(8, 2, 0.05);
        Gan gan = GanTraining.ringGan(new Generator(1));
        double before = offCircle(gan.sample(1000), 2);
        GanTraining.trainRing(gan, ring, 300, 128, new Generator(2), false);
        double after = offCircle(gan.sample(1000), 2);
        System.out.printf("ring GAN, 300 steps: mean distance from the circle %.3f -> %.3f%n", before, after);
        // the untrained generator sits near the origin (distance ~2); here 300 steps bring it to 0.94, a wrong
        // gradient leaves it where it was
        assertTrue(before > 1.5, "before " + before);
        assertTrue(after < 0.6 * before, "after " + after);
    }

    @Test
    void coverageCountsModesAndSamplesOnThem() {
        Ring ring = new Ring(8, 2, 0.05);
        Ring.Coverage perfect = ring.coverage(ring.sample(2000, new Generator(3)));
        assertEquals(8, perfect.modesCovered());
        assertTrue(perfect.fractionOnModes() > 0.98, "" + perfect.fractionOnModes());
        Ring.Coverage collapsed = ring.coverage(ring.center(3).reshape(1, 2).expand(500, 2).contiguous());
        assertEquals(1, collapsed.modesCovered());
        assertEquals(500, collapsed.perMode()[3]);
    }
}
