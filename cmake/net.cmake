# Network checks of "bouncekit verify" (src/net/): DNS with c-ares, the SMTP
# probe with OpenSSL for STARTTLS.
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
find_package(OpenSSL REQUIRED)
file(GLOB BK_NET_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/net/*.c)
target_sources(bk_objects PRIVATE ${BK_NET_SOURCES})
target_include_directories(bk_objects PRIVATE ${PROJECT_SOURCE_DIR}/src/net ${PROJECT_SOURCE_DIR}/src/lib)
target_link_libraries(bk_objects PRIVATE PkgConfig::CARES OpenSSL::SSL OpenSSL::Crypto)
target_link_libraries(bouncekit PUBLIC PkgConfig::CARES OpenSSL::SSL OpenSSL::Crypto)
target_link_libraries(bouncekit_static PUBLIC PkgConfig::CARES OpenSSL::SSL OpenSSL::Crypto)
set(BK_PC_LIBS_PRIVATE "${BK_PC_LIBS_PRIVATE} -lcares -lssl -lcrypto")
