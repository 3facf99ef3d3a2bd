package dev.topowatch.topology.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** The element types the reader supports, with their byte order. */
final class NpyDtype {
  static final String SUPPORTED = "float32, float64, int32, int64, uint8, bool (f4, f8, i4, i8, u1, b1)";

  private final String descr;
  private final char kind;
  private final int itemSize;
  private final ByteOrder order;

  private NpyDtype(String descr, char kind, int itemSize, ByteOrder order) {
    this.descr = descr;
    this.kind = kind;
    this.itemSize = itemSize;
    this.order = order;
  }

  /**
   * Parses a numpy {@code descr} such as {@code <f4}, {@code >i8} or {@code |b1}.
   *
   * @throws IllegalArgumentException if the type is not one of {@link #SUPPORTED}
   */
  static NpyDtype parse(String descr) {
    String d = descr.trim();
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
      char c = d.charAt(0);
      order = c == '>' ? ByteOrder.BIG_ENDIAN : c == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
      d = d.substring(1);
    }
    switch (d.toLowerCase(Locale.ROOT)) {
      case "f4":
        return new NpyDtype(descr, 'f', 4, order);
      case "f8":
        return new NpyDtype(descr, 'f', 8, order);
      case "i4":
        return new NpyDtype(descr, 'i', 4, order);
      case "i8":
        return new NpyDtype(descr, 'i', 8, order);
      case "u1":
        return new NpyDtype(descr, 'u', 1, order);
      case "b1":
        return new NpyDtype(descr, 'b', 1, order);
      default:
        throw new IllegalArgumentException("unsupported dtype '" + descr + "': supported are " + SUPPORTED);
    }
  }

  String descr() {
    return descr;
  }

  char kind() {
    return kind;
  }

  int itemSize() {
    return itemSize;
  }

  ByteOrder order() {
    return order;
  }

  double read(ByteBuffer b, int index) {
    int at = index * itemSize;
    switch (kind) {
      case 'f':
        return itemSize == 4 ? b.getFloat(at) : b.getDouble(at);
      default:
        return readLong(b, index);
    }
  }

  long readLong(ByteBuffer b, int index) {
    int at = index * itemSize;
    switch (kind) {
      case 'i':
        return itemSize == 4 ? b.getInt(at) : b.getLong(at);
      case 'u':
        return b.get(at) & 0xff;
      case 'b':
        return b.get(at) != 0 ? 1 : 0;
      default:
        throw new IllegalStateException("not an integer type: " + descr);
    }
  }
}
