package dev.ember.examples.distributed;

import dev.ember.Tensor;
import dev.ember.distributed.MpiProcessGroup;
import dev.ember.distributed.ReduceOp;

import java.util.Arrays;

/**
 * {@code allReduce} (float32, sum, in place) bandwidth through Ember's MPI binding, the same sizes, iteration counts
 * and timing as {@code benchmarks/mpi/allreduce_bandwidth.c}, which calls {@code MPI_Allreduce} from C;
 * {@code benchmarks/mpi/run-allreduce.sh} runs both and prints the ratio.
 * <pre>
 * bin/ember-run -n 2 dev.ember.examples.distributed.AllReduceBandwidth
 * </pre>
 */
public final class AllReduceBandwidth {
    private AllReduceBandwidth() {}

    public static void main(String[] args) {
        var group = MpiProcessGroup.init();
        long maxCount = args.length > 0 ? Long.parseLong(args[0]) / 4 : 16 << 20;   // an argument caps the bytes
        for (int count = 1024; count <= maxCount; count *= 4) {
            Tensor x = Tensor.ones(count);
            int iterations = count >= 1 << 20 ? 10 : 200;
            double[] rounds = new double[5];
            // warm-up, and time for the JIT to compile the downcall's method handle chain (interpreted, it costs tens of us)
            for (int warm = 0, n = count >= 1 << 20 ? 20 : 5000; warm < n; warm++) group.allReduce(x, ReduceOp.SUM);
            for (int r = 0; r < rounds.length; r++) {
                group.barrier();
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) group.allReduce(x, ReduceOp.SUM);
                rounds[r] = (System.nanoTime() - start) / 1e9 / iterations;
            }
            Arrays.sort(rounds);
            double seconds = rounds[2];
            if (group.rank() == 0) {
                System.out.printf("java %10d bytes  %10.1f us  %7.3f GB/s%n", count * 4L, seconds * 1e6, count * 4.0 / seconds / 1e9);
            }
        }
        group.close();
    }
}
