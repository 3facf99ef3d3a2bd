package dev.topowatch.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The demo's data directory, emptied before each demo so earlier demos' runs do not come back. Only
 * what a demo writes there is deleted: a folder holding anything else (a mistyped {@code
 * --data-dir}) is refused, never wiped.
 */
final class DemoDataDir {

  /** What the demo and its analyzer write in the data directory. */
  static final Set<String> DEMO_ENTRIES = Set.of("kafka", "state", "history", "analyzer.log", "trainer.log");

  private DemoDataDir() {}

  /** Creates {@code dir} empty, or empties it if it holds only what an earlier demo wrote. */
  static void empty(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      List<Path> entries;
      try (Stream<Path> list = Files.list(dir)) {
        entries = list.toList();
      }
      List<String> foreign = entries.stream().map(p -> p.getFileName().toString()).filter(n -> !DEMO_ENTRIES.contains(n)).sorted().toList();
      if (!foreign.isEmpty()) {
        throw new IllegalArgumentException(dir + " holds files the demo did not write (" + String.join(", ", foreign)
            + "): choose an empty or new --data-dir, or pass --keep-data to use it as it is");
      }
      for (Path entry : entries) {
        deleteRecursively(entry);
      }
    }
    Files.createDirectories(dir);
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
