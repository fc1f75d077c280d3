#include "inventory/groups.h"

namespace vigil::inventory {

void RegisterOsExtractors(ExtractorList& out) { static_cast<void>(out); }

}  // namespace vigil::inventory
