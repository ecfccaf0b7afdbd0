# The Debian package, built by `installer/sandpiper package` (release preset, then cpack -G DEB)
# and proven by `installer/sandpiper package --check`. The install rules live with their
# targets; this file adds what only the package has: documentation, maintainer scripts and the
# control fields.

# Debian wants the man page and changelog compressed, without timestamps (gzip -n).
set(SANDPIPER_DOC_GZ)
foreach(pair IN ITEMS "resources/desktop/sandpiper.1|sandpiper.1.gz"
                      "installer/debian/changelog|changelog.gz")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 source)
    list(GET pair 1 target)
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/package/${target}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/package
        COMMAND sh -c "gzip -9n -c '${PROJECT_SOURCE_DIR}/${source}' > '${CMAKE_BINARY_DIR}/package/${target}'"
        DEPENDS ${PROJECT_SOURCE_DIR}/${source}
        VERBATIM)
    list(APPEND SANDPIPER_DOC_GZ ${CMAKE_BINARY_DIR}/package/${target})
endforeach()
add_custom_target(sandpiper_package_docs ALL DEPENDS ${SANDPIPER_DOC_GZ})
install(FILES ${CMAKE_BINARY_DIR}/package/sandpiper.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/package/changelog.gz installer/debian/copyright
    installer/licenses/duckdb-NOTICE.md
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/sandpiper)
install(FILES examples/iris_analysis.py DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/sandpiper/examples)
install(FILES installer/debian/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
    RENAME sandpiper)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sandpiper)
set(CPACK_PACKAGE_VENDOR "The Sandpiper developers")
set(CPACK_PACKAGE_CONTACT "The Sandpiper developers <maintainers@sandpiper.example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "data-science workbench with sandboxed Python sessions")
# Lines of at most 79 characters, as Debian's tools show them.
set(CPACK_PACKAGE_DESCRIPTION
    "Sandpiper is a native desktop workbench for data science in Python. Every
Python session runs in its own operating-system sandbox: a private workspace
folder, no network, and limits on memory, time and output.

It has an editor with code cells, completion that knows the live session,
black and flake8; a Files panel and an import dialog for CSV, Excel, JSON and
Parquet; a variable inspector and a data grid for tables of any size;
matplotlib, seaborn, Plotly and Altair charts with export; SQL with DuckDB;
Dask for data larger than memory; a resource monitor, usage records and an
audit log; and headless batch runs (sandpiper --batch).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SANDPIPER_HOMEPAGE}")
# Shared libraries from the binaries themselves (dpkg-shlibdeps); DuckDB is private.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
    "${CMAKE_BINARY_DIR}/_CPack_Packages/Linux/DEB/sandpiper-${PROJECT_VERSION}-Linux/usr/${SANDPIPER_INSTALL_PRIVATE_LIBDIR}")
# What the binaries load but do not link: the Python packages the runtime imports (see
# engine/python/sandpiper_runtime), Qt plugins, the web engine's helper process and the chart
# scripts the Plots panel reads from /usr/share (resources/chartpage.cpp).
set(SANDPIPER_RUNTIME_DEPENDS
    python3
    python3-numpy python3-pandas python3-matplotlib python3-plotly python3-altair
    python3-sklearn python3-scipy python3-statsmodels python3-seaborn
    python3-openpyxl python3-xlsxwriter python3-xlrd python3-odf python3-charset-normalizer
    python3-dask python3-distributed
    python3-jedi black flake8
    qt6-qpa-plugins libxcb-cursor0 qt6-svg-plugins libqt6sql6-sqlite libqt6webenginecore6-bin
    libjs-vega node-vega-lite node-vega-embed)
if(SANDPIPER_PYTHON_STDLIB_DEPENDS)
    list(APPEND SANDPIPER_RUNTIME_DEPENDS "${SANDPIPER_PYTHON_STDLIB_DEPENDS}")
endif()
list(JOIN SANDPIPER_RUNTIME_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, qt6-translations-l10n, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/installer/debian/postinst
    ${PROJECT_SOURCE_DIR}/installer/debian/prerm ${PROJECT_SOURCE_DIR}/installer/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
