# Container images: a docker-save or OCI-layout tarball, its layers and their whiteouts.
vigil_add_fuzzer(image_fuzzer SOURCES image_fuzzer.cc LIBS vigil_inventory)
