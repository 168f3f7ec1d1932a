// Errors of the platform. Unlike engine errors (wisp::Error), these carry the
// kind of failure a client must see (an HTTP status), not a pipeline phase.
#pragma once

#include <string>

#include "wisp/error.h"

namespace wisp::faas {

enum class FailKind { Invalid, NotFound, Conflict, Io, Internal };

struct Failure {
  FailKind kind = FailKind::Internal;
  std::string message;
};

template <class T>
using Result = Expected<T, Failure>;

inline Unexpected<Failure> fail(FailKind kind, std::string message) {
  return {Failure{kind, std::move(message)}};
}

// The HTTP status that reports `kind` to an admin client.
int http_status_of(FailKind kind);

}  // namespace wisp::faas
