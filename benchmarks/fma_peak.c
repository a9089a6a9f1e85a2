/*
 * The machine's fp32 FMA peak with 1 and with N threads: what two threads can gain at most on this host.
 * Each thread runs 10 independent 8-lane FMA chains (AVX2; enough to hide FMA latency) in registers, pinned to
 * its own CPU: no memory traffic, no synchronisation. On a VM whose vCPUs share physical cores, N threads give
 * less than N times one.
 *
 *   gcc -O2 -mavx2 -mfma -pthread benchmarks/fma_peak.c -o target/fma_peak && target/fma_peak 2 5
 *   (threads, rounds): prints GFLOP/s for 1 thread and for all threads, alternating, then the median ratio.
 */
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 10
static const long ITERATIONS = 200000000L; /* about 1.3 s on one 3 GHz core */

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *chains(void *cpu) {
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET((int) (long) cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
	__m256 acc[CHAINS], m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
	for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_set1_ps(1.0f + i * 1e-3f);
	for (long n = 0; n < ITERATIONS; n++)
		for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_fmadd_ps(acc[i], m, c);
	__m256 sum = acc[0];
	for (int i = 1; i < CHAINS; i++) sum = _mm256_add_ps(sum, acc[i]);
	float out[8];
	_mm256_storeu_ps(out, sum);
	return (void *) (long) (out[0] > 1e30f); /* keeps the loop from being optimised away */
}

/* GFLOP/s of all threads together (2 FLOP per lane of an FMA) */
static double gflops(int threads) {
	pthread_t t[threads];
	double t0 = now();
	for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, chains, (void *) (long) i);
	for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
	return threads * ITERATIONS * CHAINS * 16.0 / (now() - t0) / 1e9;
}

static int byValue(const void *a, const void *b) {
	double x = *(const double *) a, y = *(const double *) b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv) {
	int threads = argc > 1 ? atoi(argv[1]) : 2, rounds = argc > 2 ? atoi(argv[2]) : 5;
	if (threads < 1 || threads > 256 || rounds < 1 || rounds > 100) {
		fprintf(stderr, "usage: fma_peak [threads 1-256] [rounds 1-100]\n");
		return 2;
	}
	double ratio[rounds];
	for (int r = 0; r < rounds; r++) {
		double one = gflops(1), all = gflops(threads);
		ratio[r] = all / one;
		printf("round %d: 1 thread %.1f GFLOP/s, %d threads %.1f GFLOP/s (%.2fx)\n", r + 1, one, threads, all, ratio[r]);
	}
	qsort(ratio, rounds, sizeof ratio[0], byValue);
	printf("median %d threads / 1 thread: %.2fx\n", threads, ratio[rounds / 2]);
	return 0;
}
