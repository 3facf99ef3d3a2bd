package dev.topowatch.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A back end of the topology engine, found with {@link java.util.ServiceLoader}: a jar adds one by
 * listing its provider in {@code META-INF/services/dev.topowatch.topology.BettiEngineProvider}.
 */
public interface BettiEngineProvider {

  /** The name users ask for, lower case ({@code "cpu"}, {@code "gpu"}). */
  String name();

  /**
   * Rank under {@code auto}: the available back end with the highest priority is opened first.
   * {@code cpu} has 0 and is always available, so it is the last resort.
   */
  int autoPriority();

  /**
   * Whether this back end can run here, with a one-line reason either way (what was found, or
   * what is missing). Cheap enough to call at start-up; never throws.
   */
  Availability probe();

  /**
   * Opens the back end.
   *
   * @throws IllegalStateException with a one-line reason if it cannot start after all (a kernel
   *     that does not compile, no device memory)
   */
  BettiEngine open();

  /**
   * What this back end finds here, for the command line's {@code gpu-info}: a map ready for JSON
   * (strings, numbers, booleans, lists, maps) whose {@code usable} says whether it can run. The
   * default says only that and why; a back end with more to tell (driver, device, kernels) overrides it.
   *
   * @param open also open the back end once (compile or load its kernels) and report what that took
   */
  default Map<String, Object> report(boolean open) {
    Availability a = probe();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("usable", a.available());
    m.put("missing", a.available() ? List.of() : List.of(a.detail()));
    m.put("detail", a.detail());
    return m;
  }

  /** Whether a back end can run, and why (or why not). */
  record Availability(boolean available, String detail) {
    public static Availability yes(String detail) {
      return new Availability(true, detail);
    }

    public static Availability no(String detail) {
      return new Availability(false, detail);
    }
  }
}
