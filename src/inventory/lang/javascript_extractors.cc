#include "inventory/groups.h"

namespace vigil::inventory {

void RegisterJavaScriptExtractors(ExtractorList& out) { static_cast<void>(out); }

}  // namespace vigil::inventory
