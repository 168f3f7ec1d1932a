// hashtable: counts occurrences of SIZE pseudo-random keys drawn from a key
// space of SIZE/4 values in an open-addressing hash table (linear probing,
// power-of-two capacity), then looks up SIZE other keys, half of them absent.
// Measures multiplicative hashing, cache-missing loads and probe loops.
// SIZE = number of insertions (and of lookups).
// bench-quick: 350000
#include <string.h>

#include "kernel_util.h"

// Keys are always odd (see main), so 0 marks an empty slot.
typedef struct {
  uint32_t* keys;
  uint32_t* counts;
  uint32_t mask;
  uint32_t shift;  // 32 - log2(capacity)
  uint32_t size;
} CountTable;

// Fibonacci hashing: multiply by 2^32 / golden ratio and keep the top bits,
// which depend on every bit of the key.
static uint32_t slot_of(const CountTable* table, uint32_t key) { return (key * 2654435769u) >> table->shift; }

static void table_init(CountTable* table, uint32_t expected_keys) {
  uint32_t capacity = 16, shift = 28;
  while (capacity < expected_keys * 2) {  // load factor <= 1/2
    capacity *= 2;
    --shift;
  }
  table->keys = kernel_alloc(capacity * sizeof(uint32_t));
  table->counts = kernel_alloc(capacity * sizeof(uint32_t));
  memset(table->keys, 0, capacity * sizeof(uint32_t));
  memset(table->counts, 0, capacity * sizeof(uint32_t));
  table->mask = capacity - 1;
  table->shift = shift;
  table->size = 0;
}

static void table_add(CountTable* table, uint32_t key) {
  for (uint32_t s = slot_of(table, key);; s = (s + 1) & table->mask) {
    if (table->keys[s] == key) {
      ++table->counts[s];
      return;
    }
    if (table->keys[s] == 0) {
      table->keys[s] = key;
      table->counts[s] = 1;
      ++table->size;
      return;
    }
  }
}

static uint32_t table_count(const CountTable* table, uint32_t key) {
  for (uint32_t s = slot_of(table, key);; s = (s + 1) & table->mask) {
    if (table->keys[s] == key) return table->counts[s];
    if (table->keys[s] == 0) return 0;
  }
}

int main(int argc, char** argv) {
  uint32_t operations = kernel_size_arg(argc, argv, 3500000, 100000000);
  uint32_t key_space = operations / 4 + 1;
  CountTable table;
  table_init(&table, key_space);

  // Key number k becomes the odd value 81006 k + 1: distinct for distinct k
  // below 2^31, never 0, and spread over the whole 32-bit range so the table
  // cannot benefit from small consecutive integers.
  KernelRng rng = {12345};
  for (uint32_t i = 0; i < operations; ++i) {
    uint32_t k = (uint32_t)(kernel_rng_next(&rng) % key_space);
    table_add(&table, k * 81006u + 1);
  }

  uint64_t hits = 0, counted = 0;
  for (uint32_t i = 0; i < operations; ++i) {
    uint32_t k = (uint32_t)(kernel_rng_next(&rng) % (2 * key_space));
    uint32_t c = table_count(&table, k * 81006u + 1);
    hits += c > 0;
    counted += c;
  }
  printf("hashtable operations=%u key_space=%u capacity=%u\n", operations, key_space, table.mask + 1);
  printf("distinct keys: %u\n", table.size);
  printf("lookups hit: %llu, counted: %llu\n", (unsigned long long)hits, (unsigned long long)counted);
  free(table.keys);
  free(table.counts);
  return 0;
}
