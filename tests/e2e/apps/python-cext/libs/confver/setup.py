from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("confver._yamlver", ["src/yamlver.c"], libraries=["yaml"]),
    ]
)
