package dev.topowatch.topology.gpu;

/** A CUDA driver call that failed, with the driver's name and description of the error. */
public final class CudaException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** CUDA_ERROR_OUT_OF_MEMORY. */
  public static final int OUT_OF_MEMORY = 2;

  private final int code;
  private final String call;

  CudaException(String call, int code, String name, String description) {
    super(call + " failed: " + name + " (" + description + ")");
    this.call = call;
    this.code = code;
  }

  /** The CUresult. */
  public int code() {
    return code;
  }

  /** The driver function that failed. */
  public String call() {
    return call;
  }
}
