package dev.topowatch.agent.instrument;

import net.bytebuddy.asm.Advice;

/**
 * {@code Runtime.exit(status)} (so {@code System.exit}): records the status before the shutdown
 * hooks run, so the agent's hook can tell a program that failed and exited non-zero (as command-line
 * frameworks do after catching an exception) from one that finished. The advice is inlined into a
 * bootstrap class, which cannot see agent classes: it leaves the status in a system property.
 */
public final class ExitStatusAdvice {
  /** The system property the status is left in. */
  public static final String PROPERTY = "dev.topowatch.agent.exit-status";

  private ExitStatusAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) int status) {
    System.setProperty(PROPERTY, Integer.toString(status)); // a constant: javac inlines it, nothing links to this class
  }
}
