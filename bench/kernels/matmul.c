// matmul: C = A * B for dense SIZE x SIZE matrices of doubles, in i-k-j loop
// order so the inner loop streams through rows of B and C (the loop a
// compiler can vectorise without reordering any floating-point sum). Prints
// the sum and the trace of C and one entry. Measures multiply-add throughput
// and sequential memory access.
// SIZE = matrix dimension.
// bench-quick: 460
#include "kernel_util.h"

// Entries are multiples of 1/64 in [-1, 1): exactly representable, so only
// the sums round.
static double random_entry(KernelRng* rng) {
  return (double)(int)(kernel_rng_next(rng) % 128) / 64.0 - 1.0;
}

int main(int argc, char** argv) {
  uint32_t n = kernel_size_arg(argc, argv, 1000, 4000);
  size_t cells = (size_t)n * n;
  double* a = kernel_alloc(cells * sizeof(double));
  double* b = kernel_alloc(cells * sizeof(double));
  double* c = kernel_alloc(cells * sizeof(double));
  KernelRng rng = {99};
  for (size_t i = 0; i < cells; ++i) a[i] = random_entry(&rng);
  for (size_t i = 0; i < cells; ++i) b[i] = random_entry(&rng);
  for (size_t i = 0; i < cells; ++i) c[i] = 0;

  for (uint32_t i = 0; i < n; ++i) {
    double* c_row = c + (size_t)i * n;
    for (uint32_t k = 0; k < n; ++k) {
      double a_ik = a[(size_t)i * n + k];
      const double* b_row = b + (size_t)k * n;
      for (uint32_t j = 0; j < n; ++j) c_row[j] += a_ik * b_row[j];
    }
  }

  double sum = 0, trace = 0;
  for (size_t i = 0; i < cells; ++i) sum += c[i];
  for (uint32_t i = 0; i < n; ++i) trace += c[(size_t)i * n + i];
  printf("matmul %ux%u\n", n, n);
  printf("sum: %.6f\n", sum);
  printf("trace: %.6f\n", trace);
  printf("c[last][0]: %.6f\n", c[(size_t)(n - 1) * n]);
  free(a);
  free(b);
  free(c);
  return 0;
}
