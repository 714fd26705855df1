package dev.ember.distributed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every collective, dtype and op on two processes under mpirun ({@link CollectivesProgram}). */
class MpiCollectivesTest {

    @Test
    void everyCollectiveDtypeAndOpOnTwoRanks() throws Exception {
        MpiRun run = MpiRun.run(2, 120, CollectivesProgram.class);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("rank 0 of 2: 82 checks passed"), run::toString);
        assertTrue(run.output().contains("rank 1 of 2: 82 checks passed"), run::toString);
    }
}
