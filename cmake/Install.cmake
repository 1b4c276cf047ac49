# `cmake --install`: the binary, its man page and shell completions; CPack:
# the Debian package (`make package`, scripts/package.sh).
include(GNUInstallDirs)

# The relocatable tarball ships the shared libraries in lib/blastradius next
# to bin/. DT_RPATH (not RUNPATH) so that the libraries' own dependencies
# are found there too; a system install simply has no such directory.
# The build tree's binary gets the same RPATH (BUILD_WITH_INSTALL_RPATH),
# which names a directory beside its own (in a build tree: the checkout's
# lib/, which does not exist). Otherwise CMake pads the empty build RPATH
# with ':' to leave room for the install one, and an empty entry means "the
# current directory": a build-tree binary run inside a scanned repository
# (the from-source hook, the Action's build path) would load that
# repository's libfmt.so.9 or libc.so.6 (issue 13.1; tests/hostile: planted
# libraries).
set_target_properties(blastradius PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}/blastradius"
  BUILD_WITH_INSTALL_RPATH ON)
target_link_options(blastradius PRIVATE "LINKER:--disable-new-dtags")

install(TARGETS blastradius RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Man pages are installed gzipped (Debian policy; man reads both).
set(_man "${PROJECT_SOURCE_DIR}/docs/man/blastradius.1")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_man}")
file(ARCHIVE_CREATE OUTPUT "${PROJECT_BINARY_DIR}/blastradius.1.gz" PATHS "${_man}" FORMAT raw COMPRESSION GZip)
install(FILES "${PROJECT_BINARY_DIR}/blastradius.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES completions/blastradius.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME blastradius)
install(FILES completions/_blastradius DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME blastradius)
set(CPACK_PACKAGE_VENDOR blastradius)
set(CPACK_PACKAGE_CONTACT "blastradius maintainers <blastradius@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline secret scanner that ranks credentials by the damage they could do")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Runtime libraries (libhs5 or libvectorscan5, libre2, libtbb, libfmt, ...)
# from dpkg-shlibdeps, as the distribution it is built on names them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Those names and sonames differ between distributions (Debian 12: libre2-9,
# libvectorscan5; Ubuntu 24.04: libre2-10, libhyperscan5 on amd64), so a .deb
# installs only where it was built. The Debian revision says where:
# 0.1.0-1~debian12, 0.1.0-1~ubuntu24.04 (tests/packaging/distro_test.sh
# builds the Ubuntu one in an Ubuntu root).
set(_deb_release 1)
if(EXISTS /etc/os-release)
  file(STRINGS /etc/os-release _os_lines REGEX "^(ID|VERSION_ID)=")
  set(_os_id "")
  set(_os_version "")
  foreach(_line IN LISTS _os_lines)
    string(REGEX REPLACE "^[A-Z_]+=\"?([^\"]*)\"?$" "\\1" _value "${_line}")
    if(_line MATCHES "^ID=")
      set(_os_id "${_value}")
    else()
      set(_os_version "${_value}")
    endif()
  endforeach()
  if(_os_id MATCHES "^[a-z0-9.+]+$" AND _os_version MATCHES "^[0-9.]*$")
    set(_deb_release "1~${_os_id}${_os_version}")
  endif()
endif()
set(CPACK_DEBIAN_PACKAGE_RELEASE "${_deb_release}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS git)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Finds every credential an AI coding agent (or an attacker) could read in a
repository, works out offline what each one can do through its provider's
API, and ranks them by blast radius. Text, JSON, SARIF, Markdown, HTML and
GitLab reports; pre-commit and CI modes.")
set(CPACK_OUTPUT_FILE_PREFIX packages)
include(CPack)
