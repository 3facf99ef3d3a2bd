package dev.topowatch.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Opens a back end by name, among those that {@link ServiceLoader} finds on the class path, and
 * says which one it picked and why. The caller logs the reason: this library does no I/O.
 */
public final class BettiEngines {
  private BettiEngines() {}

  /** An opened engine and the one-line reason it was chosen (and, under auto, what was passed over). */
  public record Choice(BettiEngine engine, String reason) {}

  /** The back ends found, highest auto priority first. */
  public static List<BettiEngineProvider> providers() {
    List<BettiEngineProvider> out = new ArrayList<>();
    ServiceLoader.load(BettiEngineProvider.class, BettiEngines.class.getClassLoader()).forEach(out::add);
    out.sort(Comparator.comparingInt(BettiEngineProvider::autoPriority).reversed()
        .thenComparing(BettiEngineProvider::name));
    return out;
  }

  /** Names accepted by {@link #open(String)}: every back end found, then {@code auto}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    providers().forEach(p -> names.add(p.name()));
    names.add("auto");
    return names;
  }

  /**
   * Opens {@code backend}: a back end's name, or {@code "auto"} for the available back end with the
   * highest priority ({@code cpu} when no other can start). Case-insensitive.
   *
   * @throws IllegalArgumentException for a name no back end has
   * @throws IllegalStateException when the named back end cannot run here, with a one-line reason
   */
  public static Choice open(String backend) {
    String name = backend == null ? "" : backend.trim().toLowerCase(Locale.ROOT);
    if (name.equals("auto")) {
      return openAuto();
    }
    BettiEngineProvider provider = providers().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown backend '" + backend + "': expected one of " + String.join(", ", names())));
    BettiEngineProvider.Availability a = provider.probe();
    if (!a.available()) {
      throw new IllegalStateException(name + " back end unavailable: " + a.detail());
    }
    return new Choice(provider.open(), name + " (asked for): " + a.detail());
  }

  private static Choice openAuto() {
    List<String> passedOver = new ArrayList<>();
    for (BettiEngineProvider p : providers()) {
      BettiEngineProvider.Availability a = p.probe();
      if (!a.available()) {
        passedOver.add(p.name() + ": " + a.detail());
        continue;
      }
      try {
        BettiEngine engine = p.open();
        String reason = "auto picked " + p.name() + " (" + a.detail() + ")"
            + (passedOver.isEmpty() ? "" : "; passed over " + String.join("; ", passedOver));
        return new Choice(engine, reason);
      } catch (RuntimeException e) {
        passedOver.add(p.name() + ": " + e.getMessage());
      }
    }
    throw new IllegalStateException("no back end can run: " + String.join("; ", passedOver));
  }
}
