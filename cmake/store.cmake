# The suppression store (src/store/): SQLite behind the backend interface
# of src/store/backend.h.  Debian: libsqlite3-dev (scripts/deps/store.txt).
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
file(GLOB BK_STORE_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/store/*.c)
target_sources(bk_objects PRIVATE ${BK_STORE_SOURCES})
target_include_directories(bk_objects PRIVATE ${PROJECT_SOURCE_DIR}/src/store)
target_link_libraries(bk_objects PRIVATE PkgConfig::SQLITE3)
target_link_libraries(bouncekit PUBLIC PkgConfig::SQLITE3)
target_link_libraries(bouncekit_static PUBLIC PkgConfig::SQLITE3)

# IMAP and POP3 mailboxes of bounces (src/store/mailbox.c) use libcurl when
# its headers are there (Debian: libcurl4-openssl-dev); without them those
# sources are reported as unavailable.  libcurl is not linked: mailbox.c
# loads libcurl.so.4 (Debian: libcurl4) when a mailbox is opened, so the
# tool's other commands do not load its thirty-odd libraries at start-up.
pkg_check_modules(CURL IMPORTED_TARGET libcurl)
if(CURL_FOUND)
  set_source_files_properties(${PROJECT_SOURCE_DIR}/src/store/mailbox.c
    TARGET_DIRECTORY bk_objects PROPERTIES COMPILE_DEFINITIONS BK_HAVE_CURL=1)
  target_include_directories(bk_objects PRIVATE ${CURL_INCLUDE_DIRS})
  target_link_libraries(bouncekit PUBLIC ${CMAKE_DL_LIBS})
  target_link_libraries(bouncekit_static PUBLIC ${CMAKE_DL_LIBS})
endif()
