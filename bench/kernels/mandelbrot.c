// mandelbrot: iterate z = z^2 + c over a SIZE x SIZE grid covering
// [-2, 0.5] x [-1.25, 1.25], up to 100 iterations per point. Instead of the
// image it prints how many points stayed bounded, the total iteration count
// and an FNV-1a hash of the 1-bit-per-pixel image. Measures a loop-carried
// dependency chain of double multiplies and adds, and a data-dependent exit.
// SIZE = grid width and height in points.
// bench-quick: 570
#include "kernel_util.h"

#define MAX_ITERATIONS 100

// Iterations before |z| exceeds 2, or MAX_ITERATIONS if it never does.
static int escape_time(double cr, double ci) {
  double zr = 0, zi = 0;
  for (int k = 0; k < MAX_ITERATIONS; ++k) {
    double zr2 = zr * zr, zi2 = zi * zi;
    if (zr2 + zi2 > 4.0) return k;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
  }
  return MAX_ITERATIONS;
}

int main(int argc, char** argv) {
  uint32_t size = kernel_size_arg(argc, argv, 1800, 20000);
  uint32_t row_bytes = (size + 7) / 8;
  uint8_t* row = kernel_alloc(row_bytes);

  uint64_t inside = 0, iterations = 0, image_hash = KERNEL_FNV_OFFSET;
  double step = 2.5 / (double)size;
  for (uint32_t y = 0; y < size; ++y) {
    double ci = -1.25 + step * (double)y;
    for (uint32_t b = 0; b < row_bytes; ++b) row[b] = 0;
    for (uint32_t x = 0; x < size; ++x) {
      double cr = -2.0 + step * (double)x;
      int k = escape_time(cr, ci);
      iterations += (uint64_t)k;
      if (k == MAX_ITERATIONS) {
        ++inside;
        row[x / 8] |= (uint8_t)(0x80u >> (x % 8));
      }
    }
    image_hash = kernel_fnv_bytes(image_hash, row, row_bytes);
  }
  free(row);

  printf("mandelbrot %ux%u max_iterations=%d\n", size, size, MAX_ITERATIONS);
  printf("inside: %llu\n", (unsigned long long)inside);
  printf("iterations: %llu\n", (unsigned long long)iterations);
  printf("image fnv1a: %016llx\n", (unsigned long long)image_hash);
  return 0;
}
