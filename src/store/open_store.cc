// Chooses the Store implementation from where the store lives: a PostgreSQL URL or a SQLite path.
#include "store/store.h"

namespace vigil::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view location) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return OpenPostgresStore(std::string(location));
  }
  return OpenSqliteStore(std::string(location));
}

}  // namespace vigil::store
