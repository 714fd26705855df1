/*
 * OpenBLAS's side of benchmarks/side-by-side.sh: C = A B for square row-major [n, n] matrices in float32
 * (cblas_sgemm) and float64 (cblas_dgemm), the same products as Ember's MatmulBenchmark.matmul. Inputs are
 * standard normal; C is allocated once and overwritten (beta = 0).
 *
 * Built by the script against the runtime library alone, so no -dev package is needed:
 *   gcc -O2 -o benchmarks/target/openblas-gemm benchmarks/openblas/gemm.c -l:libopenblas.so.0 -lm
 * Usage: openblas-gemm THREADS WARMUP ITERATIONS TIME_MS N...
 * For each dtype and n: WARMUP iterations, then ITERATIONS of at least TIME_MS each (whole calls); the result
 * is the median of the iterations' seconds per call. Prints one JSON object.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* From OpenBLAS's cblas.h; the CBLAS enums are passed as int, which is how the C ABI passes them. */
enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111 };
void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc);
void cblas_dgemm(int order, int trans_a, int trans_b, int m, int n, int k, double alpha, const double *a, int lda,
                 const double *b, int ldb, double beta, double *c, int ldc);
void openblas_set_num_threads(int threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double normal(void) { /* Box-Muller; the values do not matter for the timing, only that they are not 0 */
    double u = (rand() + 1.0) / (RAND_MAX + 2.0), v = (rand() + 1.0) / (RAND_MAX + 2.0);
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void *matrix(int n, int is_double) {
    size_t count = (size_t) n * n;
    void *m = malloc(count * (is_double ? sizeof(double) : sizeof(float)));
    if (!m) { fprintf(stderr, "out of memory for a %dx%d matrix\n", n, n); exit(1); }
    for (size_t i = 0; i < count; i++) {
        if (is_double) ((double *) m)[i] = normal();
        else ((float *) m)[i] = (float) normal();
    }
    return m;
}

static void product(int n, int is_double, const void *a, const void *b, void *c) {
    if (is_double) cblas_dgemm(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_NO_TRANS, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    else cblas_sgemm(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_NO_TRANS, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
}

/* Seconds per call over one iteration of whole calls lasting at least `seconds`. */
static double iteration(int n, int is_double, const void *a, const void *b, void *c, double seconds) {
    long calls = 0;
    double start = now(), elapsed;
    do {
        product(n, is_double, a, b, c);
        calls++;
        elapsed = now() - start;
    } while (elapsed < seconds);
    return elapsed / calls;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s THREADS WARMUP ITERATIONS TIME_MS N...\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[1]), warmup = atoi(argv[2]), iterations = atoi(argv[3]);
    double seconds = atoi(argv[4]) / 1000.0;
    if (iterations < 1) iterations = 1;
    openblas_set_num_threads(threads);
    srand(42);

    printf("{\"engine\": \"openblas\", \"config\": \"%s\", \"threads\": %d,\n \"results\": [",
           openblas_get_config(), openblas_get_num_threads());
    double *runs = malloc(iterations * sizeof(double));
    const char *sep = "\n";
    for (int is_double = 0; is_double <= 1; is_double++) {
        for (int i = 5; i < argc; i++) {
            int n = atoi(argv[i]);
            void *a = matrix(n, is_double), *b = matrix(n, is_double), *c = matrix(n, is_double);
            product(n, is_double, a, b, c); /* the first call starts OpenBLAS's threads */
            for (int w = 0; w < warmup; w++) iteration(n, is_double, a, b, c, seconds);
            for (int r = 0; r < iterations; r++) runs[r] = iteration(n, is_double, a, b, c, seconds);
            qsort(runs, iterations, sizeof(double), by_value);
            double median = iterations % 2 ? runs[iterations / 2] : (runs[iterations / 2 - 1] + runs[iterations / 2]) / 2;
            printf("%s  {\"workload\": \"%s\", \"n\": %d, \"threads\": %d, \"seconds_per_call\": %.9g}",
                   sep, is_double ? "dgemm" : "sgemm", n, threads, median);
            sep = ",\n";
            fprintf(stderr, "  openblas %s n=%d threads=%d: %.4f ms/call\n", is_double ? "dgemm" : "sgemm", n, threads,
                    median * 1e3);
            free(a);
            free(b);
            free(c);
        }
    }
    printf("\n]}\n");
    free(runs);
    return 0;
}
