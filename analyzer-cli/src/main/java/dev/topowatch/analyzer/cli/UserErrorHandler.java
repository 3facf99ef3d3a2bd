package dev.topowatch.analyzer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Bad input (a bad file, a bad value) is the user's to fix: print one line, no stack trace, exit 1.
 * Anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Throwable e = ex instanceof UncheckedIOException ? ex.getCause() : ex;
    if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof IllegalStateException) {
      cmd.getErr().println(cmd.getCommandName() + ": error: " + describe(e));
      cmd.getErr().flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    ex.printStackTrace(cmd.getErr());
    cmd.getErr().flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  private static String describe(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read: " + e.getMessage();
    }
    return e.getMessage();
  }
}
