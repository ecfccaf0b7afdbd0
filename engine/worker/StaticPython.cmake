# How the engine gets its interpreter. Debian links /usr/bin/python3 with the static libpython
# because the shared one is position-independent code, and that code runs pure Python about a
# third slower: a 3-million-step loop took 132 ms through libpython3.13.so, 97 ms with the static
# library and 91 ms in python3, on the same machine. Every line of the user's code, and jedi,
# black and flake8 in the engine, pay that. So the engine links the static library the same way:
# a non-PIE executable that exports Python's symbols to the extension modules it loads.
# SANDPIPER_STATIC_PYTHON=OFF (or a Python without the static library) links the shared one.
option(SANDPIPER_STATIC_PYTHON "Link CPython's static library into the engine, as python3 is" ON)

function(sandpiper_link_python target)
    set(static_library "")
    # What the package must name that dpkg-shlibdeps no longer finds: the standard library
    # that goes with the interpreter linked in (installer/debian/package.cmake).
    set(SANDPIPER_PYTHON_STDLIB_DEPENDS "" CACHE INTERNAL "")
    if(SANDPIPER_STATIC_PYTHON)
        execute_process(
            COMMAND "${Python_EXECUTABLE}" -c
                "import sysconfig as s; print(s.get_config_var('LIBPL') or ''); print(s.get_config_var('LIBRARY') or '')"
            OUTPUT_VARIABLE python_config
            OUTPUT_STRIP_TRAILING_WHITESPACE)
        string(REPLACE "\n" ";" python_config "${python_config}")
        list(GET python_config 0 libpl)
        list(GET python_config 1 library)
        if(EXISTS "${libpl}/${library}" AND EXISTS "${libpl}/config.c")
            set(static_library "${libpl}/${library}")
        else()
            message(STATUS "No static libpython in '${libpl}': the engine links the shared one")
        endif()
    endif()
    if(NOT static_library)
        target_link_libraries(${target} PRIVATE pybind11::embed)
        return()
    endif()
    message(STATUS "The engine links CPython statically: ${static_library}")
    set(SANDPIPER_PYTHON_STDLIB_DEPENDS
        "libpython${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}-stdlib (>= ${Python_VERSION})"
        CACHE INTERNAL "")

    # The table of built-in modules comes with the library (config.c), but Debian's archive
    # leaves out the HACL* SHA-2 code that the built-in _sha2 needs. Without _sha2, hashlib
    # takes SHA-2 from OpenSSL (which it prefers anyway) and random falls back to hashlib.
    file(READ "${libpl}/config.c" inittab)
    string(REGEX REPLACE "[^\n]*_sha2[^a-z0-9_][^\n]*\n" "" inittab "${inittab}")
    set(inittab_source "${CMAKE_CURRENT_BINARY_DIR}/python_inittab.cpp")
    file(CONFIGURE OUTPUT "${inittab_source}" CONTENT "${inittab}" @ONLY)
    target_sources(${target} PRIVATE "${inittab_source}")

    target_link_libraries(${target} PRIVATE pybind11::pybind11 "${static_library}" dl m z expat)
    target_link_options(${target} PRIVATE -no-pie -Wl,--export-dynamic)
    target_compile_definitions(${target} PRIVATE SANDPIPER_STATIC_PYTHON=1)
endfunction()
