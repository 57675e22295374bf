/* The version of the libyaml this module is linked against, read at run
 * time from the shared library. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

static PyObject *version(PyObject *self, PyObject *args)
{
	(void)self;
	(void)args;
	return PyUnicode_FromString(yaml_get_version_string());
}

static PyMethodDef methods[] = {
	{"version", version, METH_NOARGS, "libyaml's version"},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "_yamlver", NULL, -1, methods,
	NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__yamlver(void)
{
	return PyModule_Create(&module);
}
