# Address verification (src/lib/address.c, typo.c, lists.c, verify.c):
# libidn2 converts internationalised domains (UTS #46), libpsl splits a
# domain into registrable name and public suffix for typo suggestions.
pkg_check_modules(IDN2 REQUIRED IMPORTED_TARGET libidn2)
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
target_link_libraries(bk_objects PRIVATE PkgConfig::IDN2 PkgConfig::PSL)
target_link_libraries(bouncekit PUBLIC PkgConfig::IDN2 PkgConfig::PSL)
target_link_libraries(bouncekit_static PUBLIC PkgConfig::IDN2 PkgConfig::PSL)

# The default lists of the verifier (disposable, role, free providers).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/verify/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bouncekit/verify
  FILES_MATCHING PATTERN "*.txt" PATTERN "README.md")
set(BK_PC_LIBS_PRIVATE "${BK_PC_LIBS_PRIVATE} -lidn2 -lpsl")

# Where "bouncekit verify" finds its lists: the installed copy, else (in a
# build tree that was not installed) the source tree's.
set_property(SOURCE ${PROJECT_SOURCE_DIR}/src/cli/cmd_verify.c APPEND PROPERTY COMPILE_DEFINITIONS
  BK_VERIFY_DATADIR="${CMAKE_INSTALL_FULL_DATADIR}/bouncekit/verify"
  BK_VERIFY_SRC_DATADIR="${PROJECT_SOURCE_DIR}/data/verify")
