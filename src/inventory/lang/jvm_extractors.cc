#include "inventory/groups.h"

namespace vigil::inventory {

void RegisterJvmExtractors(ExtractorList& out) { static_cast<void>(out); }

}  // namespace vigil::inventory
