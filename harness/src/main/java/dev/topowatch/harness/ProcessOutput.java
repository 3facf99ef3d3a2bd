package dev.topowatch.harness;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Copies a child process's output to a log file, line by line and flushed as it comes (a test or a
 * user reading the log sees what the process printed so far), and hands each line to a listener.
 */
public final class ProcessOutput {

  private ProcessOutput() {}

  /** Starts the copy on a daemon thread named {@code threadName}; join it to know the last line is in the log. */
  public static Thread copy(Process process, Path log, Consumer<String> onLine, String threadName) throws IOException {
    BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    Thread pump = new Thread(() -> {
      try (writer;
          BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          writer.write(line);
          writer.newLine();
          writer.flush();
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the process was destroyed and its output closed: nothing more to copy
      }
    }, threadName);
    pump.setDaemon(true);
    pump.start();
    return pump;
  }
}
