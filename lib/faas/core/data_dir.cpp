#include "faas/core/data_dir.h"

#include <cstdlib>

namespace wisp::faas {

std::filesystem::path default_data_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
    return std::filesystem::path(xdg) / "wisp";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/share/wisp";
  return std::filesystem::current_path() / "wisp-data";
}

}  // namespace wisp::faas
