package dev.topowatch.topology.gpu;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads shared libraries once per process (into the global arena: the CUDA driver must never be
 * unloaded while the process runs) and remembers where each came from.
 */
final class NativeLibraries {
  private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

  private NativeLibraries() {}

  /** A loaded library and how it was named. */
  record Loaded(String where, SymbolLookup symbols) {}

  /**
   * Loads a library by file ({@code /path/libx.so}) or by a name the dynamic loader resolves
   * ({@code libx.so.1}); empty when it cannot be loaded. A failure is not remembered: a library
   * installed later is found on the next call.
   */
  static Optional<Loaded> load(String pathOrName) {
    Loaded known = LOADED.get(pathOrName);
    if (known != null) {
      return Optional.of(known);
    }
    try {
      SymbolLookup lookup;
      if (pathOrName.contains("/")) {
        Path file = Path.of(pathOrName);
        if (!Files.isRegularFile(file)) {
          return Optional.empty();
        }
        lookup = SymbolLookup.libraryLookup(file, Arena.global());
      } else {
        lookup = SymbolLookup.libraryLookup(pathOrName, Arena.global());
      }
      return Optional.of(LOADED.computeIfAbsent(pathOrName, k -> new Loaded(k, lookup)));
    } catch (IllegalArgumentException | IllegalCallerException e) {
      return Optional.empty();
    }
  }
}
