"""Library versions for the hello message."""

import importlib.metadata
import os
import tempfile
import unittest

import helpers  # noqa: F401  (puts the runtime on sys.path)

from sandpiper_runtime import libraries, session


class LibrariesTest(unittest.TestCase):
    def test_same_as_importlib_metadata(self):
        found = libraries.versions()
        self.assertIn("numpy", found)
        self.assertIn("pandas", found)
        for name in libraries.LIBRARIES:
            try:
                expected = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                self.assertNotIn(name, found)
                continue
            self.assertEqual(found.get(name), expected, name)

    def test_folder_names_and_metadata_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "scikit_learn-1.4.2.dist-info"))
            os.mkdir(os.path.join(tmp, "Foo.Bar-2.0-py3.13.egg-info"))
            nameless = os.path.join(tmp, "nover.egg-info")
            os.mkdir(nameless)
            with open(os.path.join(nameless, "PKG-INFO"), "w") as f:
                f.write("Metadata-Version: 2.1\nName: nover\nVersion: 0.3.1\n\n")
            os.mkdir(os.path.join(tmp, "unrelated-1.0.dist-info"))
            found = libraries.versions(
                ("scikit-learn", "foo-bar", "nover", "absent"),
                path=[tmp, "/does/not/exist"],
            )
        self.assertEqual(
            found, {"scikit-learn": "1.4.2", "foo-bar": "2.0", "nover": "0.3.1"}
        )

    def test_first_on_path_wins(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            os.mkdir(os.path.join(a, "numpy-9.9.dist-info"))
            os.mkdir(os.path.join(b, "numpy-1.0.dist-info"))
            self.assertEqual(
                libraries.versions(("numpy",), path=[a, b]), {"numpy": "9.9"}
            )

    def test_hello_info(self):
        info = session.hello_info()
        self.assertRegex(info["python_version"], r"^3\.\d+\.\d+$")
        self.assertIsInstance(info["libraries"], dict)


if __name__ == "__main__":
    unittest.main()
