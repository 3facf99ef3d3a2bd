package dev.topowatch.topology.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numpy {@code .npy} files (format versions 1.0, 2.0 and 3.0): float32, float64, int32,
 * int64, uint8 and bool, either byte order, C or Fortran order.
 *
 * <p>Malformed input raises {@link IllegalArgumentException} saying what is wrong: a bad magic
 * string, an unsupported version, a malformed header, an unsupported dtype, or fewer data bytes
 * than the header's shape needs.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"])(.*?)\\1");
  private static final Pattern DESCR_ANY = Pattern.compile("['\"]descr['\"]\\s*:\\s*([^,]+)");
  private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * Reads a file.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not a supported {@code .npy} file; the message names the file
   */
  public static NpyArray read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the bytes of a {@code .npy} file. */
  public static NpyArray parse(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < MAGIC.length + 2) {
      throw new IllegalArgumentException("not a .npy file: only " + bytes.length + " bytes");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new IllegalArgumentException("not a .npy file: bad magic string (expected \\x93NUMPY)");
      }
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    int lengthBytes = major == 1 ? 2 : (major == 2 || major == 3) ? 4 : -1;
    if (lengthBytes < 0) {
      throw new IllegalArgumentException("unsupported .npy format version " + major + "." + minor);
    }
    int start = 8 + lengthBytes;
    if (bytes.length < start) {
      throw new IllegalArgumentException("file ends inside the header length field");
    }
    long headerLength = lengthBytes == 2 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
    if (start + headerLength > bytes.length) {
      throw new IllegalArgumentException(
          "file ends inside the header: header length " + headerLength + ", file " + bytes.length + " bytes");
    }
    String header = new String(bytes, start, (int) headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
    if (!header.startsWith("{") || !header.endsWith("}")) {
      throw new IllegalArgumentException("malformed header: not a dictionary: " + header);
    }
    NpyDtype dtype = NpyDtype.parse(descr(header));
    boolean fortran = "True".equals(find(FORTRAN, header, "fortran_order"));
    int[] shape = shape(find(SHAPE, header, "shape"), header);
    long size = 1;
    for (int d : shape) {
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("array too large: more than " + Integer.MAX_VALUE + " elements");
      }
    }
    long needed = size * dtype.itemSize();
    long dataStart = start + headerLength;
    long available = bytes.length - dataStart;
    if (available < needed) {
      throw new IllegalArgumentException("file is shorter than its header says: shape "
          + java.util.Arrays.toString(shape) + " of " + dtype.descr() + " needs " + needed
          + " data bytes, the file has " + available);
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) needed);
    return new NpyArray(dtype, shape, fortran, data, (int) size);
  }

  private static String descr(String header) {
    Matcher m = DESCR.matcher(header);
    if (m.find()) {
      return m.group(2);
    }
    Matcher any = DESCR_ANY.matcher(header);
    if (any.find()) { // e.g. a structured dtype given as a list
      throw new IllegalArgumentException(
          "unsupported dtype " + any.group(1).trim() + ": supported are " + NpyDtype.SUPPORTED);
    }
    throw new IllegalArgumentException("malformed header: no 'descr' in " + header);
  }

  private static String find(Pattern p, String header, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException("malformed header: no valid '" + key + "' in " + header);
    }
    return m.group(1);
  }

  private static int[] shape(String tuple, String header) {
    List<Integer> dims = new ArrayList<>();
    for (String part : tuple.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (p.endsWith("L")) {
        p = p.substring(0, p.length() - 1); // Python 2 longs
      }
      try {
        int d = Integer.parseInt(p);
        if (d < 0) {
          throw new NumberFormatException();
        }
        dims.add(d);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("malformed header: bad dimension '" + p + "' in " + header);
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }
}
