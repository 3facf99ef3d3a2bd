package dev.topowatch.topology.gpu;

/** NVRTC refused the kernel source; the message holds the compiler's log. */
public final class NvrtcException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String log;

  NvrtcException(String message, String log) {
    super(log.isBlank() ? message : message + ":\n" + log.strip());
    this.log = log;
  }

  /** The compiler's log, as NVRTC wrote it. */
  public String log() {
    return log;
  }
}
