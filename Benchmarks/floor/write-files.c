// Reads every file under SRC into memory, then writes them all under DST (made fresh, folders as needed), timing
// only the writing: the floor of putting a built site's bytes on this file system, one thread.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
typedef struct { char *rel; char *data; size_t size; int isdir; } item;
static item *items; static size_t count, cap;
static void add(const char *rel, char *data, size_t size, int isdir) {
  if (count == cap) { cap = cap ? cap * 2 : 1024; items = realloc(items, cap * sizeof *items); }
  items[count++] = (item){strdup(rel), data, size, isdir};
}
static void walk(const char *root, const char *rel) {
  char path[8192]; snprintf(path, sizeof path, "%s/%s", root, rel);
  DIR *d = opendir(path); struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char r[8192]; snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    char p[8192]; snprintf(p, sizeof p, "%s/%s", root, r);
    struct stat st; stat(p, &st);
    if (S_ISDIR(st.st_mode)) { add(r, NULL, 0, 1); walk(root, r); }
    else { int fd = open(p, O_RDONLY); char *b = malloc(st.st_size); size_t n = read(fd, b, st.st_size); close(fd); add(r, b, n, 0); }
  }
  closedir(d);
}
int main(int argc, char **argv) {
  walk(argv[1], "");
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  mkdir(argv[2], 0755); size_t bytes = 0;
  for (size_t i = 0; i < count; i++) {
    char p[8192]; snprintf(p, sizeof p, "%s/%s", argv[2], items[i].rel);
    if (items[i].isdir) { mkdir(p, 0755); continue; }
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644); write(fd, items[i].data, items[i].size); close(fd); bytes += items[i].size;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("wrote %zu files, %zu bytes in %.3f s\n", count, bytes, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
  return 0;
}
