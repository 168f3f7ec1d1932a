// Files compiled into the wisp binary by embed_templates.cmake: the project
// templates of `wisp new` (group = template name) and the SDK files they
// vendor (groups "sdk/c" and "sdk/rust").
#pragma once

#include <cstddef>

namespace wisp::manifest {

struct EmbeddedFile {
  const char* group;
  const char* path;  // relative, '/'-separated
  const unsigned char* data;
  size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

}  // namespace wisp::manifest
