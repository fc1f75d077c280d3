// The "csv" input: packages listed by hand or by another tool, one per row
// "ecosystem,compare_as,name,version" (an empty ecosystem makes the 4th column a commit). Read
// with the rules of Go's encoding/csv, as osv-scanner does. Claims no file by name: it is chosen
// explicitly (--as csv). Stateless; thread-safe.
#pragma once

#include <memory>

#include "inventory/extractor.h"

namespace vigil::inventory {

[[nodiscard]] std::unique_ptr<const Extractor> MakeCsvExtractor();

}  // namespace vigil::inventory
