# Feed readers: OSV records, the KEV catalog, EPSS CSV.
vigil_add_fuzzer(osv_fuzzer SOURCES osv_fuzzer.cc LIBS vigil_feeds)
vigil_add_fuzzer(kev_fuzzer SOURCES kev_fuzzer.cc LIBS vigil_feeds)
vigil_add_fuzzer(epss_fuzzer SOURCES epss_fuzzer.cc LIBS vigil_feeds)
