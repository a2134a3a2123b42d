# Network checks of "bouncekit verify" (src/net/): DNS with c-ares, the SMTP
# probe with OpenSSL for STARTTLS.  libssl is not linked: src/net/smtp.c
# loads it (libssl.so.3, Debian: libssl3) when a probe starts, so the
# tool's other commands do not load libssl and libcrypto at start-up; the
# build needs its headers (libssl-dev).
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
find_package(OpenSSL REQUIRED)
file(GLOB BK_NET_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/net/*.c)
target_sources(bk_objects PRIVATE ${BK_NET_SOURCES})
target_include_directories(bk_objects PRIVATE ${PROJECT_SOURCE_DIR}/src/net ${PROJECT_SOURCE_DIR}/src/lib
  ${OPENSSL_INCLUDE_DIR})
target_link_libraries(bk_objects PRIVATE PkgConfig::CARES)
target_link_libraries(bouncekit PUBLIC PkgConfig::CARES ${CMAKE_DL_LIBS})
target_link_libraries(bouncekit_static PUBLIC PkgConfig::CARES ${CMAKE_DL_LIBS})
set(BK_PC_LIBS_PRIVATE "${BK_PC_LIBS_PRIVATE} -lcares")
