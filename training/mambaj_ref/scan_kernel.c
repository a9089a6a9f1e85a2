/* Selective scan forward and backward for training on the CPU (fp32, OpenMP over batch x group).
 *
 * Recurrence per channel d (group g = d / H) and state n:
 *   a[t,n] = exp(delta[t] * A[d,n])
 *   h[t,n] = a[t,n] * h[t-1,n] + delta[t] * u[t] * B[t,n],   h[-1] = 0
 *   y[t]   = sum_n C[t,n] * h[t,n]
 * delta arrives after bias and softplus, and the D skip and z gate stay in PyTorch: autograd handles them.
 * The backward recomputes h per channel (L*N floats of scratch) instead of storing it from the forward.
 *
 * Layouts (all contiguous):
 *   u, delta, y, gy, gu, gdelta: (b, D, L)
 *   A:                           (D, N)
 *   B, C, gB, gC:                (b, G, L, N)   token-major so that the inner loop over n is contiguous
 *   gA:                          (b, D, N)      one slice per batch item (summed by the caller: no races)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

void scan_forward(const float *u, const float *delta, const float *A, const float *B, const float *C, float *y,
                  int b, int D, int G, int L, int N) {
  const int H = D / G;
#pragma omp parallel
  {
    float *h = malloc(sizeof(float) * N);
#pragma omp for schedule(dynamic)
    for (int bg = 0; bg < b * G; bg++) {
      const int bi = bg / G, g = bg % G;
      const float *Bg = B + (size_t)bg * L * N; /* (L, N) */
      const float *Cg = C + (size_t)bg * L * N;
      for (int dh = 0; dh < H; dh++) {
        const int d = g * H + dh;
        const size_t row = ((size_t)bi * D + d) * L;
        const float *Ad = A + (size_t)d * N;
        memset(h, 0, sizeof(float) * N);
        for (int t = 0; t < L; t++) {
          const float dt = delta[row + t], du = dt * u[row + t];
          const float *Bt = Bg + (size_t)t * N, *Ct = Cg + (size_t)t * N;
          float acc = 0.f;
          for (int n = 0; n < N; n++) {
            h[n] = expf(dt * Ad[n]) * h[n] + du * Bt[n];
            acc += Ct[n] * h[n];
          }
          y[row + t] = acc;
        }
      }
    }
    free(h);
  }
}

void scan_backward(const float *u, const float *delta, const float *A, const float *B, const float *C,
                   const float *gy, float *gu, float *gdelta, float *gA, float *gB, float *gC,
                   int b, int D, int G, int L, int N) {
  const int H = D / G;
#pragma omp parallel
  {
    float *hs = malloc(sizeof(float) * (size_t)(L + 1) * N); /* hs[(t+1)*N + n] = h[t,n]; hs[0..N) = 0 */
    float *gh = malloc(sizeof(float) * N);
#pragma omp for schedule(dynamic)
    for (int bg = 0; bg < b * G; bg++) {
      const int bi = bg / G, g = bg % G;
      const float *Bg = B + (size_t)bg * L * N;
      const float *Cg = C + (size_t)bg * L * N;
      float *gBg = gB + (size_t)bg * L * N;
      float *gCg = gC + (size_t)bg * L * N;
      memset(gBg, 0, sizeof(float) * (size_t)L * N);
      memset(gCg, 0, sizeof(float) * (size_t)L * N);
      for (int dh = 0; dh < H; dh++) {
        const int d = g * H + dh;
        const size_t row = ((size_t)bi * D + d) * L;
        const float *Ad = A + (size_t)d * N;
        float *gAd = gA + ((size_t)bi * D + d) * N;
        memset(hs, 0, sizeof(float) * N);
        for (int t = 0; t < L; t++) {
          const float dt = delta[row + t], du = dt * u[row + t];
          const float *Bt = Bg + (size_t)t * N, *prev = hs + (size_t)t * N;
          float *cur = hs + (size_t)(t + 1) * N;
          for (int n = 0; n < N; n++) cur[n] = expf(dt * Ad[n]) * prev[n] + du * Bt[n];
        }
        memset(gh, 0, sizeof(float) * N);
        for (int n = 0; n < N; n++) gAd[n] = 0.f;
        /* gh carries a[t+1] * dL/dh[t+1] between iterations. */
        for (int t = L - 1; t >= 0; t--) {
          const float dt = delta[row + t], ut = u[row + t], gyt = gy[row + t];
          const float *Bt = Bg + (size_t)t * N, *Ct = Cg + (size_t)t * N;
          const float *ht = hs + (size_t)(t + 1) * N, *hp = hs + (size_t)t * N;
          float *gBt = gBg + (size_t)t * N, *gCt = gCg + (size_t)t * N;
          float gdt = 0.f, gut = 0.f;
          for (int n = 0; n < N; n++) {
            const float a = expf(dt * Ad[n]);
            const float g_h = gh[n] + gyt * Ct[n]; /* dL/dh[t,n] */
            gCt[n] += gyt * ht[n];
            const float ga = g_h * hp[n] * a; /* dL/da * a = dL/d(dt*A) */
            gdt += ga * Ad[n] + g_h * ut * Bt[n];
            gAd[n] += ga * dt;
            gut += g_h * dt * Bt[n];
            gBt[n] += g_h * dt * ut;
            gh[n] = g_h * a;
          }
          gdelta[row + t] = gdt;
          gu[row + t] = gut;
        }
      }
    }
    free(hs);
    free(gh);
  }
}
