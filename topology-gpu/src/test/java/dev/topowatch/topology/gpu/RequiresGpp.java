package dev.topowatch.topology.gpu;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.SkipExecutionHook.SkipResult;

/** Skips a jqwik container, with the reason, where g++ (and so the emulated driver) is missing. */
public final class RequiresGpp implements SkipExecutionHook {
  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    return available() ? SkipResult.doNotSkip()
        : SkipResult.skip("g++ not found: the emulated CUDA driver cannot be built");
  }

  static boolean available() {
    try {
      Process p = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
