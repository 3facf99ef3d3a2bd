package dev.topowatch.analyzer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where a WebJar's files are on the class path. The version is read from the jar's own Maven
 * metadata, so the root pom is the only place it is written.
 */
record WebJar(String name, String version) {

  /** The npm WebJar {@code org.webjars.npm:NAME} on the class path; an error naming it when absent. */
  static WebJar npm(String name) {
    String properties = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (InputStream in = WebJar.class.getClassLoader().getResourceAsStream(properties)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar org.webjars.npm:" + name + " is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return new WebJar(name, p.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class-path folder of its files, e.g. {@code META-INF/resources/webjars/uplot/1.6.30}. */
  String root() {
    return "META-INF/resources/webjars/" + name + "/" + version;
  }
}
