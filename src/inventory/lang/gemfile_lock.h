// The Gemfile.lock extractor ("Gemfile.lock"): the gems of Bundler's GEM, GIT, PATH and PLUGIN SOURCE
// sections, with the pinned revision for git gems. Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeGemfileLockExtractor();

}  // namespace vigil::inventory
