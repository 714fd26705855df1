/*
 * MPI_Allreduce (float32, sum, in place) bandwidth straight from C: the reference Ember's binding is measured against
 * (dev.ember.distributed.AllReduceBandwidth runs the same sizes and iteration counts through MpiProcessGroup).
 *   mpicc -O2 -o /tmp/allreduce_bandwidth benchmarks/mpi/allreduce_bandwidth.c
 *   mpirun -n 2 /tmp/allreduce_bandwidth
 * Prints, per size: bytes, microseconds per call (median of 5 timed rounds), algorithm bandwidth in GB/s.
 * An argument caps the size in bytes (default 64 MiB).
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    long max_count = argc > 1 ? atol(argv[1]) / 4 : 16L << 20;
    for (long count = 1024; count <= max_count; count *= 4) {
        float *x = malloc(count * sizeof(float));
        for (long i = 0; i < count; i++) x[i] = 1.0f;
        int iterations = (int) (count >= (1L << 20) ? 10 : 200);
        double rounds[5];
        MPI_Allreduce(MPI_IN_PLACE, x, (int) count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);   /* warm-up */
        for (int r = 0; r < 5; r++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double start = MPI_Wtime();
            for (int i = 0; i < iterations; i++) {
                MPI_Allreduce(MPI_IN_PLACE, x, (int) count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
            }
            rounds[r] = (MPI_Wtime() - start) / iterations;
        }
        qsort(rounds, 5, sizeof(double), compare);
        double seconds = rounds[2];
        if (rank == 0) {
            printf("c    %10ld bytes  %10.1f us  %7.3f GB/s\n", count * 4, seconds * 1e6, count * 4 / seconds / 1e9);
            fflush(stdout);
        }
        free(x);
    }
    MPI_Finalize();
    return 0;
}
