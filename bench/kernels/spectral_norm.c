// spectral-norm: the largest singular value of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to SIZE x SIZE, by ten
// rounds of the power method on A^T A. Measures double division and
// multiply-add loops with the matrix computed on the fly (no memory traffic).
// SIZE = matrix dimension. Known value: SIZE=100 gives 1.274219991.
// bench-quick: 560
#include <math.h>

#include "kernel_util.h"

static double matrix_entry(uint32_t i, uint32_t j) {
  uint32_t s = i + j;
  return 1.0 / ((double)s * (double)(s + 1) / 2.0 + (double)i + 1.0);
}

// out = A * in
static void multiply_a(const double* in, double* out, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    double sum = 0;
    for (uint32_t j = 0; j < n; ++j) sum += matrix_entry(i, j) * in[j];
    out[i] = sum;
  }
}

// out = A^T * in
static void multiply_a_transposed(const double* in, double* out, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    double sum = 0;
    for (uint32_t j = 0; j < n; ++j) sum += matrix_entry(j, i) * in[j];
    out[i] = sum;
  }
}

// out = A^T A in, using `scratch` for A in.
static void multiply_ata(const double* in, double* out, double* scratch, uint32_t n) {
  multiply_a(in, scratch, n);
  multiply_a_transposed(scratch, out, n);
}

int main(int argc, char** argv) {
  uint32_t n = kernel_size_arg(argc, argv, 1800, 100000);
  double* u = kernel_alloc(n * sizeof(double));
  double* v = kernel_alloc(n * sizeof(double));
  double* scratch = kernel_alloc(n * sizeof(double));
  for (uint32_t i = 0; i < n; ++i) u[i] = 1.0;

  for (int round = 0; round < 10; ++round) {
    multiply_ata(u, v, scratch, n);
    multiply_ata(v, u, scratch, n);
  }

  // Rayleigh quotient of the last two iterates.
  double uv = 0, vv = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  printf("spectral-norm n=%u\n", n);
  printf("norm: %.9f\n", sqrt(uv / vv));
  free(u);
  free(v);
  free(scratch);
  return 0;
}
