// Where `wisp serve` keeps its registry and logs when --data is not given:
// $XDG_DATA_HOME/wisp, else $HOME/.local/share/wisp, else ./wisp-data.
#pragma once

#include <filesystem>

namespace wisp::faas {

std::filesystem::path default_data_dir();

}  // namespace wisp::faas
