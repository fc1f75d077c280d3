#include "inventory/groups.h"

namespace vigil::inventory {

void RegisterPythonExtractors(ExtractorList& out) { static_cast<void>(out); }

}  // namespace vigil::inventory
