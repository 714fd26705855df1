package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerTeamTest {
    private final WorkerTeam team = new WorkerTeam(2);

    @Test
    void everyUnitRunsExactlyOnce() {
        for (int units : new int[] {1, 2, 7, 12, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(units);
            team.run(units, Math.min(units, 12), (start, end) -> {
                for (int i = start; i < end; i++) runs.incrementAndGet(i);
            });
            int[] expected = new int[units];
            java.util.Arrays.fill(expected, 1);
            int[] actual = new int[units];
            for (int i = 0; i < units; i++) actual[i] = runs.get(i);
            assertArrayEquals(expected, actual, units + " units");
        }
    }

    @Test
    void aPieceThatSplitsAgainRunsItsWorkOnItsOwnThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        team.run(8, 8, (start, end) -> {
            for (int i = start; i < end; i++) {
                int outer = i;
                team.run(8, 4, (s, e) -> {
                    for (int j = s; j < e; j++) runs.incrementAndGet(outer * 8 + j);
                });
            }
        });
        for (int i = 0; i < 64; i++) assertEquals(1, runs.get(i), "unit " + i);
    }

    @Test
    void aFailingPieceFailsTheCallAndTheTeamGoesOn() {
        IllegalStateException failure = new IllegalStateException("piece 3");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run(8, 8, (start, end) -> {
            if (start == 3) throw failure;
        }));
        assertSame(failure, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        team.run(8, 8, (start, end) -> runs.incrementAndGet(start));
        for (int i = 0; i < 8; i++) assertEquals(1, runs.get(i));
    }

    @Test
    void callsFromSeveralThreadsAtOnceAllComplete() throws Exception {
        int callers = 4, calls = 200, units = 100;
        AtomicIntegerArray sums = new AtomicIntegerArray(callers);
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads[c] = new Thread(() -> {
                for (int k = 0; k < calls; k++) team.run(units, 8, (start, end) -> sums.addAndGet(caller, end - start));
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join();
        for (int c = 0; c < callers; c++) assertEquals(calls * units, sums.get(c), "caller " + c);
    }
}
