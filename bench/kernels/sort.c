// sort: sorts SIZE pseudo-random 32-bit keys twice, with an introspective-
// style quicksort (median of three, insertion sort for short ranges) and with
// a heap sort, then checks that both results agree and are ordered. Measures
// data-dependent branches, indexed loads and stores, and call overhead.
// SIZE = number of keys.
// bench-quick: 130000
#include <string.h>

#include "kernel_util.h"

static inline void swap_keys(uint32_t* a, uint32_t* b) {
  uint32_t t = *a;
  *a = *b;
  *b = t;
}

static void insertion_sort(uint32_t* keys, size_t count) {
  for (size_t i = 1; i < count; ++i) {
    uint32_t key = keys[i];
    size_t j = i;
    for (; j > 0 && keys[j - 1] > key; --j) keys[j] = keys[j - 1];
    keys[j] = key;
  }
}

// Hoare-style partition around the median of the first, middle and last key.
// Returns the split point: keys[0..split) <= pivot <= keys[split..count).
static size_t partition(uint32_t* keys, size_t count) {
  size_t mid = count / 2;
  if (keys[mid] < keys[0]) swap_keys(&keys[mid], &keys[0]);
  if (keys[count - 1] < keys[0]) swap_keys(&keys[count - 1], &keys[0]);
  if (keys[count - 1] < keys[mid]) swap_keys(&keys[count - 1], &keys[mid]);
  uint32_t pivot = keys[mid];
  size_t i = 0, j = count - 1;
  for (;;) {
    while (keys[i] < pivot) ++i;
    while (keys[j] > pivot) --j;
    if (i >= j) return j + 1;
    swap_keys(&keys[i], &keys[j]);
    ++i;
    --j;
  }
}

// Recurses only into the smaller half and loops on the larger one, so the
// stack depth stays below log2(count) whatever the input.
static void quick_sort(uint32_t* keys, size_t count) {
  while (count > 24) {
    size_t split = partition(keys, count);
    if (split < count - split) {
      quick_sort(keys, split);
      keys += split;
      count -= split;
    } else {
      quick_sort(keys + split, count - split);
      count = split;
    }
  }
  insertion_sort(keys, count);
}

static void sift_down(uint32_t* keys, size_t root, size_t count) {
  uint32_t key = keys[root];
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= count) break;
    if (child + 1 < count && keys[child + 1] > keys[child]) ++child;
    if (keys[child] <= key) break;
    keys[root] = keys[child];
    root = child;
  }
  keys[root] = key;
}

static void heap_sort(uint32_t* keys, size_t count) {
  for (size_t i = count / 2; i-- > 0;) sift_down(keys, i, count);
  for (size_t end = count; end-- > 1;) {
    swap_keys(&keys[0], &keys[end]);
    sift_down(keys, 0, end);
  }
}

int main(int argc, char** argv) {
  uint32_t count = kernel_size_arg(argc, argv, 1200000, 100000000);
  uint32_t* by_quick = kernel_alloc(count * sizeof(uint32_t));
  uint32_t* by_heap = kernel_alloc(count * sizeof(uint32_t));
  KernelRng rng = {7};
  for (uint32_t i = 0; i < count; ++i) by_quick[i] = (uint32_t)(kernel_rng_next(&rng) >> 32);
  memcpy(by_heap, by_quick, count * sizeof(uint32_t));

  quick_sort(by_quick, count);
  heap_sort(by_heap, count);

  uint64_t weighted_sum = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (by_quick[i] != by_heap[i] || (i > 0 && by_quick[i - 1] > by_quick[i])) {
      fprintf(stderr, "sort mismatch at index %u\n", i);
      return 1;
    }
    weighted_sum += (uint64_t)by_quick[i] * (i + 1);
  }
  printf("sort n=%u: quick sort and heap sort agree\n", count);
  printf("min %u median %u max %u\n", by_quick[0], by_quick[count / 2], by_quick[count - 1]);
  printf("weighted sum: %llu\n", (unsigned long long)weighted_sum);
  free(by_quick);
  free(by_heap);
  return 0;
}
