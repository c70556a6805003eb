{
  "targets": [
    {
      "target_name": "walk_native",
      "sources": ["src/walk_native.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [["OS!='linux'", {"type": "none", "sources!": ["src/walk_native.c"]}]]
    }
  ]
}
