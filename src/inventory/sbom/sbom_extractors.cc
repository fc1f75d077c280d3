#include "inventory/groups.h"

namespace vigil::inventory {

void RegisterSbomExtractors(ExtractorList& out) { static_cast<void>(out); }

}  // namespace vigil::inventory
