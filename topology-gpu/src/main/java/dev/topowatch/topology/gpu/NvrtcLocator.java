package dev.topowatch.topology.gpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an NVRTC library may be: the file the settings name, else {@code libnvrtc.so.13} or
 * {@code .12} (the driver's own major version first: a cubin from a newer NVRTC does not load on an
 * older driver) on the loader path, in the CUDA toolkit's usual folders, and in pip's
 * {@code nvidia-cuda-nvrtc} packages. Only a few folders are listed, never searched recursively.
 */
final class NvrtcLocator {
  private NvrtcLocator() {}

  /** Candidates in the order they are tried: loader names, then files. */
  static List<String> candidates(GpuSettings settings, int driverMajor, Map<String, String> env) {
    if (settings.nvrtc().isPresent()) {
      return List.of(settings.nvrtc().get().toString());
    }
    List<String> sonames = new ArrayList<>();
    if (driverMajor == 12 || driverMajor == 13) {
      sonames.add("libnvrtc.so." + driverMajor);
    }
    for (String s : List.of("libnvrtc.so.13", "libnvrtc.so.12")) {
      if (!sonames.contains(s)) {
        sonames.add(s);
      }
    }
    Set<String> out = new LinkedHashSet<>(sonames);
    for (Path dir : folders(env)) {
      for (String so : sonames) {
        out.add(dir.resolve(so).toString());
      }
    }
    return List.copyOf(out);
  }

  /** A short account of where it looked, for the message when nothing was found. */
  static String searched(GpuSettings settings) {
    return settings.nvrtc().map(p -> p.toString())
        .orElse("libnvrtc.so.13/.12 on the loader path, $CUDA_HOME, /usr/local/cuda*, pip's nvidia/cuda_nvrtc");
  }

  static Optional<NativeLibraries.Loaded> find(GpuSettings settings, int driverMajor, Map<String, String> env) {
    for (String candidate : candidates(settings, driverMajor, env)) {
      Optional<NativeLibraries.Loaded> lib = NativeLibraries.load(candidate);
      if (lib.isPresent()) {
        return lib;
      }
    }
    return Optional.empty();
  }

  private static List<Path> folders(Map<String, String> env) {
    List<Path> dirs = new ArrayList<>();
    for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        dirs.add(Path.of(v, "lib64"));
        dirs.add(Path.of(v, "targets", "x86_64-linux", "lib"));
      }
    }
    dirs.add(Path.of("/usr/local/cuda/lib64"));
    dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
    for (Path cuda : list(Path.of("/usr/local"), "cuda-*")) {
      dirs.add(cuda.resolve("targets/x86_64-linux/lib"));
      dirs.add(cuda.resolve("lib64"));
    }
    dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
    for (Path site : sitePackages(env)) {
      dirs.add(site.resolve("nvidia/cuda_nvrtc/lib"));
      dirs.add(site.resolve("nvidia/cu13/lib"));
      dirs.add(site.resolve("nvidia/cu12/lib"));
    }
    return dirs.stream().filter(Files::isDirectory).toList();
  }

  /** Python package folders worth a look: the active environment's, the system's and the user's. */
  private static List<Path> sitePackages(Map<String, String> env) {
    List<Path> roots = new ArrayList<>();
    for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        roots.add(Path.of(v, "lib"));
      }
    }
    roots.add(Path.of("/usr/lib"));
    roots.add(Path.of("/usr/local/lib"));
    roots.add(Path.of(System.getProperty("user.home"), ".local", "lib"));
    roots.add(Path.of("/opt/conda/lib"));
    for (Path opt : list(Path.of("/opt"), "*")) {
      roots.add(opt.resolve(".venv/lib"));
      roots.add(opt.resolve("lib"));
    }
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      for (Path python : list(root, "python3*")) {
        out.add(python.resolve("site-packages"));
        out.add(python.resolve("dist-packages"));
      }
    }
    return out;
  }

  private static List<Path> list(Path dir, String glob) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
      ds.forEach(out::add);
    } catch (IOException | SecurityException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }
}
