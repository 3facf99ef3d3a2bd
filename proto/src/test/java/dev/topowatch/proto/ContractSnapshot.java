package dev.topowatch.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flat, diff-friendly view of a proto file: one line per field ({@code Msg.field = field N TYPE
 * LABEL}) and per enum value ({@code Enum.VALUE = enum N}).
 */
final class ContractSnapshot {

  private ContractSnapshot() {}

  static Map<String, String> of(FileDescriptor file) {
    Map<String, String> entries = new TreeMap<>();
    for (Descriptor message : file.getMessageTypes()) {
      addMessage(message, entries);
    }
    for (EnumDescriptor e : file.getEnumTypes()) {
      addEnum(e, entries);
    }
    return entries;
  }

  private static void addMessage(Descriptor message, Map<String, String> entries) {
    for (FieldDescriptor field : message.getFields()) {
      entries.put(
          field.getFullName(),
          "field " + field.getNumber() + " " + field.toProto().getType() + " " + field.toProto().getLabel()
              + typeName(field));
    }
    for (Descriptor nested : message.getNestedTypes()) {
      if (!nested.getOptions().getMapEntry()) {
        addMessage(nested, entries);
      }
    }
    for (EnumDescriptor e : message.getEnumTypes()) {
      addEnum(e, entries);
    }
  }

  private static String typeName(FieldDescriptor field) {
    switch (field.getJavaType()) {
      case MESSAGE:
        return " " + field.getMessageType().getFullName();
      case ENUM:
        return " " + field.getEnumType().getFullName();
      default:
        return "";
    }
  }

  private static void addEnum(EnumDescriptor e, Map<String, String> entries) {
    for (EnumValueDescriptor value : e.getValues()) {
      entries.put(e.getFullName() + "." + value.getName(), "enum " + value.getNumber());
    }
  }

  static List<String> render(Map<String, String> entries) {
    List<String> lines = new ArrayList<>();
    lines.add("# Wire contract snapshot of topowatch/v1/telemetry.proto; see TelemetryCompatibilityTest.");
    entries.forEach((k, v) -> lines.add(k + " = " + v));
    return lines;
  }

  static Map<String, String> parse(List<String> lines) {
    Map<String, String> entries = new TreeMap<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf(" = ");
      entries.put(line.substring(0, eq), line.substring(eq + 3));
    }
    return entries;
  }

  /** What {@code current} breaks of {@code recorded}: changed, removed or renumbered-and-reused entries. */
  static List<String> incompatibilities(Map<String, String> recorded, Map<String, String> current) {
    List<String> broken = new ArrayList<>();
    recorded.forEach(
        (name, shape) -> {
          String now = current.get(name);
          if (now == null) {
            broken.add(name + " was removed (mark its number reserved instead): " + shape);
          } else if (!now.equals(shape)) {
            broken.add(name + " changed from '" + shape + "' to '" + now + "'");
          }
        });
    current.forEach(
        (name, shape) -> {
          if (recorded.containsKey(name)) {
            return;
          }
          String container = name.substring(0, name.lastIndexOf('.'));
          String number = shape.split(" ")[1];
          recorded.forEach(
              (oldName, oldShape) -> {
                boolean sameContainer = oldName.substring(0, oldName.lastIndexOf('.')).equals(container);
                boolean sameKind = oldShape.split(" ")[0].equals(shape.split(" ")[0]);
                if (sameContainer && sameKind && oldShape.split(" ")[1].equals(number)) {
                  broken.add(name + " reuses number " + number + " of " + oldName);
                }
              });
        });
    return broken;
  }
}
