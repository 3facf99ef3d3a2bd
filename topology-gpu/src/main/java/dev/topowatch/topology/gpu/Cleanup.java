package dev.topowatch.topology.gpu;

/**
 * Release steps that must all be tried even when one fails (a lost device fails every driver call):
 * the first failure is the one reported, later ones are attached to it as suppressed.
 */
final class Cleanup {
  private RuntimeException first;

  /** Runs {@code step}, keeping its failure. */
  void run(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
  }

  /** Throws the first failure, if any. */
  void rethrow() {
    if (first != null) {
      throw first;
    }
  }

  /** Attaches every failure to {@code primary}, an error that is being reported already. */
  void suppressInto(Throwable primary) {
    if (first != null) {
      primary.addSuppressed(first);
    }
  }
}
