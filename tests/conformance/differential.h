// Differential testing of a version scheme against a native tool: a generator command prints
// realistic pairs "A<TAB>B" (one per line), an oracle command reads those lines on stdin and prints
// "<", "=", ">" or "error" for each, and every answer must equal vigil's. Used by the conformance
// tests; both commands run through /bin/sh from the source tree.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "version/scheme.h"

namespace vigil::testing {

using VersionPair = std::pair<std::string, std::string>;

// Runs a shell command with `input` on stdin and returns its stdout lines; fails the current test
// (returning what was read) if the command exits non-zero.
std::vector<std::string> RunCommandLines(const std::string& command, std::string_view input = {});

// Reads "A<TAB>B" lines printed by `generator`.
std::vector<VersionPair> GeneratePairs(const std::string& generator);

// Asks `oracle` for each pair and checks that `scheme` agrees on every one (an oracle "error" must
// be a vigil encode error too). Reports the first disagreements and the total count.
void ExpectAgreement(const version::Scheme& scheme, const std::vector<VersionPair>& pairs,
                     const std::string& oracle);

// True if `program` is on PATH (the native tools are installed by scripts/setup).
bool HaveProgram(const std::string& program);

}  // namespace vigil::testing
