package dev.topowatch.it.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The instructions of a Dockerfile (continuation lines joined, comments dropped). */
final class Dockerfile {

    record Instruction(String keyword, String arguments) {
    }

    private final List<Instruction> instructions = new ArrayList<>();

    Dockerfile(Path file) {
        StringBuilder pending = new StringBuilder();
        for (String line : Yamls.read(file).split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                pending.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            pending.append(stripped);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            }
        }
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    String only(String keyword) {
        List<String> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + keyword + ", found " + found);
        }
        return found.get(0);
    }

    /** The exec-form (JSON array) ENTRYPOINT. */
    List<String> entrypoint() {
        try {
            return new ObjectMapper().readValue(only("ENTRYPOINT"), new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("ENTRYPOINT is not a JSON array", e);
        }
    }
}
