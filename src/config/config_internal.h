#ifndef DH_CONFIG_INTERNAL_H
#define DH_CONFIG_INTERNAL_H

/*
 * Where the configuration for for_path lies, without reading it: *out is
 * the absolute path of the DH_CONFIG_NAME file (caller frees with free())
 * or NULL when there is none. Returns 0 or DH_EIO (errno set) when the
 * starting folder cannot be resolved.
 */
int dh__config_locate(char **out, const char *for_path);

#endif
