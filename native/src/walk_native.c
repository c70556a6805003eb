/*
 * One directory of forbidlint's walk in one call, by its open descriptor: getdents64, then for
 * each name fstatat (AT_SYMLINK_NOFOLLOW), readlinkat for a symlink, and the access labels
 * (system.posix_acl_access, security.selinux when asked) of anything else. Everything is read
 * relative to the descriptor, so a directory swapped after it was opened never leads elsewhere,
 * and no path through /proc/self/fd is walked per entry as Node's path-only calls need.
 *
 * Exports:
 *   openDirectory(atFd, path, noFollow) -> fd   openat(atFd, path, O_RDONLY|O_DIRECTORY|O_CLOEXEC[|O_NOFOLLOW]); atFd -1: the cwd
 *   identity(fd) -> [dev, ino]                 fstat
 *   close(fd)                                  close(2): Node's closeSync warns, in a worker, of a descriptor it did not open
 *   list(fd, acl, context) -> { names, extras, numbers }
 *     names: every name's bytes, each followed by a NUL; extras: link targets and label values;
 *     numbers: FIELDS doubles per entry (see enum below), lengths -1 where absent.
 * Failures throw an Error carrying the number in `errno`, which the caller names (ENOENT, ELOOP...).
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

/* getxattrat(2), Linux 6.13: the same number on every architecture's table bar alpha. */
#ifndef SYS_getxattrat
#define SYS_getxattrat 464
#endif

enum { F_ERRNO, F_MODE, F_UID, F_GID, F_SIZE, F_DEV, F_INO, F_NAME_LEN, F_LINK_LEN, F_LINK_ERRNO, F_ACL_LEN, F_CONTEXT_LEN, FIELDS };

struct xattr_args {
  uint64_t value;
  uint32_t size;
  uint32_t flags;
};

/* 0: not tried yet; 1: getxattrat works; 2: the kernel (or a seccomp filter) refuses it, use /proc. */
static volatile int xattrat_state = 0;

typedef struct {
  char *data;
  size_t length, capacity;
} bytes_t;

typedef struct {
  double *data;
  size_t length, capacity;
} numbers_t;

static int bytes_add(bytes_t *b, const char *data, size_t length) {
  if (b->length + length > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 4096;
    while (capacity < b->length + length) capacity *= 2;
    char *grown = realloc(b->data, capacity);
    if (grown == NULL) return -1;
    b->data = grown;
    b->capacity = capacity;
  }
  if (length) memcpy(b->data + b->length, data, length);
  b->length += length;
  return 0;
}

static double *numbers_next(numbers_t *n) {
  if (n->length + FIELDS > n->capacity) {
    size_t capacity = n->capacity ? n->capacity * 2 : FIELDS * 256;
    double *grown = realloc(n->data, capacity * sizeof(double));
    if (grown == NULL) return NULL;
    n->data = grown;
    n->capacity = capacity;
  }
  double *entry = n->data + n->length;
  n->length += FIELDS;
  return entry;
}

/* A label of the entry `name` in the directory `dirfd`, a final symlink not followed: its length, or -1 with errno. */
static ssize_t read_label(int dirfd, const char *name, const char *attribute, char *value, size_t size) {
  if (xattrat_state != 2) {
    struct xattr_args args = {.value = (uint64_t)(uintptr_t)value, .size = (uint32_t)size, .flags = 0};
    long got = syscall(SYS_getxattrat, dirfd, name, AT_SYMLINK_NOFOLLOW, attribute, &args, sizeof args);
    if (got >= 0) {
      xattrat_state = 1;
      return got;
    }
    if (xattrat_state == 1 || (errno != ENOSYS && errno != EPERM && errno != EINVAL)) return -1;
    xattrat_state = 2;
  }
  char path[PATH_MAX + 32];
  if (snprintf(path, sizeof path, "/proc/self/fd/%d/%s", dirfd, name) >= (int)sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return lgetxattr(path, attribute, value, size);
}

static napi_value throw_errno(napi_env env, int error, const char *call) {
  char text[128];
  snprintf(text, sizeof text, "%s: %s", call, strerror(error));
  napi_value message, exception, number;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, NULL, message, &exception);
  napi_create_int32(env, error, &number);
  napi_set_named_property(env, exception, "errno", number);
  napi_throw(env, exception);
  return NULL;
}

static int int_arg(napi_env env, napi_value value, int32_t *out) { return napi_get_value_int32(env, value, out) == napi_ok ? 0 : -1; }

static napi_value open_directory(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t at;
  bool no_follow = false;
  char path[PATH_MAX];
  size_t length;
  if (argc < 3 || int_arg(env, argv[0], &at) || napi_get_value_string_utf8(env, argv[1], path, sizeof path, &length) != napi_ok || napi_get_value_bool(env, argv[2], &no_follow) != napi_ok) {
    napi_throw_type_error(env, NULL, "openDirectory(atFd, path, noFollow)");
    return NULL;
  }
  if (length >= sizeof path - 1) return throw_errno(env, ENAMETOOLONG, "openat");
  int fd = openat(at < 0 ? AT_FDCWD : at, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0));
  if (fd < 0) return throw_errno(env, errno, "openat");
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

/* The one descriptor argument of identity() and close(); throws a TypeError naming `usage` when absent. */
static int fd_only_arg(napi_env env, napi_callback_info info, const char *usage, int32_t *fd) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || int_arg(env, argv[0], fd)) {
    napi_throw_type_error(env, NULL, usage);
    return -1;
  }
  return 0;
}

static napi_value identity(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (fd_only_arg(env, info, "identity(fd)", &fd)) return NULL;
  struct stat st;
  if (fstat(fd, &st) < 0) return throw_errno(env, errno, "fstat");
  napi_value result, dev, ino;
  napi_create_array_with_length(env, 2, &result);
  napi_create_double(env, (double)st.st_dev, &dev);
  napi_create_double(env, (double)st.st_ino, &ino);
  napi_set_element(env, result, 0, dev);
  napi_set_element(env, result, 1, ino);
  return result;
}

static napi_value close_directory(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (fd_only_arg(env, info, "close(fd)", &fd)) return NULL;
  if (close(fd) < 0 && errno != EINTR) return throw_errno(env, errno, "close");
  return NULL;
}

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* Largest value of one extended attribute (XATTR_SIZE_MAX). */
#define LABEL_MAX 65536

static int list_entry(int fd, const char *name, bool acl, bool context, bytes_t *names, bytes_t *extras, numbers_t *numbers, char *scratch) {
  double *entry = numbers_next(numbers);
  size_t name_length = strlen(name);
  if (entry == NULL || bytes_add(names, name, name_length + 1)) return -1;
  for (int i = 0; i < FIELDS; i++) entry[i] = 0;
  entry[F_NAME_LEN] = (double)name_length;
  entry[F_LINK_LEN] = entry[F_ACL_LEN] = entry[F_CONTEXT_LEN] = -1;
  struct stat st;
  if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
    entry[F_ERRNO] = errno;
    return 0;
  }
  entry[F_MODE] = st.st_mode;
  entry[F_UID] = st.st_uid;
  entry[F_GID] = st.st_gid;
  entry[F_SIZE] = (double)st.st_size;
  entry[F_DEV] = (double)st.st_dev;
  entry[F_INO] = (double)st.st_ino;
  if (S_ISLNK(st.st_mode)) {
    ssize_t length = readlinkat(fd, name, scratch, LABEL_MAX);
    if (length < 0) {
      entry[F_LINK_ERRNO] = errno;
    } else {
      if (bytes_add(extras, scratch, (size_t)length)) return -1;
      entry[F_LINK_LEN] = (double)length;
    }
    return 0;
  }
  /* Any failure to read a label (none set, a filesystem without xattrs, gone since) leaves it absent. */
  if (acl) {
    ssize_t length = read_label(fd, name, "system.posix_acl_access", scratch, LABEL_MAX);
    if (length >= 0) {
      if (bytes_add(extras, scratch, (size_t)length)) return -1;
      entry[F_ACL_LEN] = (double)length;
    }
  }
  if (context) {
    ssize_t length = read_label(fd, name, "security.selinux", scratch, LABEL_MAX);
    if (length >= 0) {
      if (bytes_add(extras, scratch, (size_t)length)) return -1;
      entry[F_CONTEXT_LEN] = (double)length;
    }
  }
  return 0;
}

static napi_value to_buffer(napi_env env, const bytes_t *b) {
  napi_value buffer;
  void *copy;
  napi_create_buffer_copy(env, b->length, b->length ? b->data : "", &copy, &buffer);
  return buffer;
}

static napi_value list(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  bool acl = false, context = false;
  if (argc < 3 || int_arg(env, argv[0], &fd) || napi_get_value_bool(env, argv[1], &acl) != napi_ok || napi_get_value_bool(env, argv[2], &context) != napi_ok) {
    napi_throw_type_error(env, NULL, "list(fd, acl, context)");
    return NULL;
  }
  bytes_t names = {0}, extras = {0};
  numbers_t numbers = {0};
  char *scratch = malloc(LABEL_MAX);
  char *dirents = malloc(32768);
  int failed = 0, error = 0;
  const char *call = "getdents64";
  if (scratch == NULL || dirents == NULL) {
    error = ENOMEM;
    failed = 1;
  }
  while (!failed) {
    long got = syscall(SYS_getdents64, fd, dirents, 32768);
    if (got < 0) {
      error = errno;
      failed = 1;
      break;
    }
    if (got == 0) break;
    for (long at = 0; at < got;) {
      struct linux_dirent64 *d = (struct linux_dirent64 *)(dirents + at);
      at += d->d_reclen;
      const char *name = d->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      if (list_entry(fd, name, acl, context, &names, &extras, &numbers, scratch)) {
        error = ENOMEM;
        call = "list";
        failed = 1;
        break;
      }
    }
  }
  napi_value result = NULL;
  if (failed) {
    throw_errno(env, error, call);
  } else {
    napi_value array_buffer, typed;
    void *data;
    napi_create_arraybuffer(env, numbers.length * sizeof(double), &data, &array_buffer);
    if (numbers.length) memcpy(data, numbers.data, numbers.length * sizeof(double));
    napi_create_typedarray(env, napi_float64_array, numbers.length, array_buffer, 0, &typed);
    napi_create_object(env, &result);
    napi_set_named_property(env, result, "names", to_buffer(env, &names));
    napi_set_named_property(env, result, "extras", to_buffer(env, &extras));
    napi_set_named_property(env, result, "numbers", typed);
  }
  free(names.data);
  free(extras.data);
  free(numbers.data);
  free(scratch);
  free(dirents);
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor exports_list[] = {
      {"openDirectory", NULL, open_directory, NULL, NULL, NULL, napi_enumerable, NULL},
      {"identity", NULL, identity, NULL, NULL, NULL, napi_enumerable, NULL},
      {"list", NULL, list, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_directory, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof exports_list / sizeof exports_list[0], exports_list);
  napi_value fields;
  napi_create_int32(env, FIELDS, &fields);
  napi_set_named_property(env, exports, "fields", fields);
  return exports;
}
