#include "inventory/groups.h"

namespace vigil::inventory {

void RegisterOtherLanguageExtractors(ExtractorList& out) { static_cast<void>(out); }

}  // namespace vigil::inventory
