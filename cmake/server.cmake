# The HTTP server of "bouncekit serve" (src/server/): GNU libmicrohttpd
# (Debian: libmicrohttpd-dev, scripts/deps/server.txt).  The server is part
# of the command-line tool and, like it, uses only the public header; it is
# attached to the tool's target once that exists (deferred call).  Without
# libmicrohttpd the command reports that the build has no server.  The
# library is not linked: src/server/http.c loads libmicrohttpd.so.12
# (Debian: libmicrohttpd12) when the server starts, so the tool's other
# commands do not load it (and GnuTLS under it) at start-up.
pkg_check_modules(MHD IMPORTED_TARGET libmicrohttpd>=0.9.71)
if(MHD_FOUND)
  file(GLOB BK_SERVER_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/server/*.c)
  set_property(SOURCE ${PROJECT_SOURCE_DIR}/src/cli/cmd_serve.c APPEND PROPERTY COMPILE_DEFINITIONS
    BK_HAVE_MHD=1)
  function(bk_server_attach)
    target_sources(bouncekit_cli PRIVATE ${BK_SERVER_SOURCES})
    target_include_directories(bouncekit_cli PRIVATE ${PROJECT_SOURCE_DIR}/src/server
      ${PROJECT_SOURCE_DIR}/src/cli)
    target_include_directories(bouncekit_cli PRIVATE ${MHD_INCLUDE_DIRS})
    target_link_libraries(bouncekit_cli PRIVATE ${CMAKE_DL_LIBS})
  endfunction()
  cmake_language(DEFER CALL bk_server_attach)
else()
  message(STATUS "libmicrohttpd not found: 'bouncekit serve' is left out")
endif()
