// Which ABI a module is written for, from its exports alone: `wisp dev -m`
// needs no --abi for ordinary modules.
#pragma once

#include <optional>
#include <string_view>

#include "faas/core/function_config.h"

namespace wisp::manifest {

// Http when the module exports a function `wisp_handle`, else Stdio when it
// exports `_start`; nothing for anything else (a module that does not decode,
// neither entry point). Decodes with lib/binary, not validated: the deploy
// that follows validates and says what is wrong.
std::optional<faas::Abi> detect_abi(std::string_view bytes);

}  // namespace wisp::manifest
