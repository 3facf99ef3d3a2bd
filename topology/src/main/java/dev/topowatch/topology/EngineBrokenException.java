package dev.topowatch.topology;

/**
 * An engine call failed in a way that leaves the back end unable to compute anything more (a lost
 * device, a corrupted device context), as opposed to a problem with one call's input. The volumes
 * of the failed call have no result; every later call fails the same way, at once. A caller keeps
 * those volumes and computes them on another back end, or stops and keeps them for after a restart.
 */
public final class EngineBrokenException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final String kind;

  /**
   * @param backend the back end's name ({@link BettiEngine#name()})
   * @param kind what failed, a short lower-case label the back end defines (for counters)
   */
  public EngineBrokenException(String backend, String kind, String message, Throwable cause) {
    super(message, cause);
    this.backend = backend;
    this.kind = kind;
  }

  public String backend() {
    return backend;
  }

  public String kind() {
    return kind;
  }
}
