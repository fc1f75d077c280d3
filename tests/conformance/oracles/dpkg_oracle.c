/* Differential oracle for Debian versions: dpkg's own parseversion and dpkg_version_compare
 * (libdpkg, package libdpkg-dev). Reads "A<TAB>B" lines on stdin and prints "<", "=", ">" or
 * "error" per line. Like `dpkg --compare-versions`, a parse warning (bad character, upstream not
 * starting with a digit) still compares; only parse errors answer "error". */
#define LIBDPKG_VOLATILE_API 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpkg/dpkg.h>
#include <dpkg/dpkg-db.h>
#include <dpkg/error.h>
#include <dpkg/version.h>

static int Parse(struct dpkg_version *version, const char *text) {
  struct dpkg_error err = DPKG_ERROR_INIT;
  int ok = parseversion(version, text, &err) == 0 || err.type == DPKG_MSG_WARN;
  dpkg_error_destroy(&err);
  return ok;
}

int main(void) {
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&line, &capacity, stdin)) != -1) {
    if (length > 0 && line[length - 1] == '\n') line[--length] = '\0';
    char *tab = strchr(line, '\t');
    if (tab == NULL) {
      fprintf(stderr, "line without a tab: %s\n", line);
      return 2;
    }
    *tab = '\0';
    struct dpkg_version a, b;
    if (!Parse(&a, line) || !Parse(&b, tab + 1)) {
      puts("error");
      continue;
    }
    int c = dpkg_version_compare(&a, &b);
    puts(c < 0 ? "<" : c > 0 ? ">" : "=");
  }
  free(line);
  return 0;
}
