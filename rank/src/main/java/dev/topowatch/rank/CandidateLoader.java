package dev.topowatch.rank;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import dev.topowatch.rank.zoo.ZooArchitectures;
import dev.topowatch.rank.zoo.ZooModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Loads a candidate directory: a topowatch zoo model ({@code zoo-model.json}), or a DJL model whose
 * network is Java code, loaded as DJL loads one: its parameters plus an {@code ai.djl.nn.BlockFactory}
 * named by {@code blockFactory} (this loader's option, or {@code blockFactory=} in the directory's
 * {@code serving.properties}); the factory's classes come from the context class loader (the
 * command's {@code --classpath}) or the directory's own {@code classes/} and {@code libs/}, as DJL
 * looks for them.
 */
public final class CandidateLoader {
  private final String blockFactory;
  private final ClassLoader classes;

  /**
   * @param blockFactory factory class for every non-zoo candidate, or null to take it from serving.properties
   * @param classes where factory classes are found (null: this class's loader)
   */
  public CandidateLoader(String blockFactory, ClassLoader classes) {
    this.blockFactory = blockFactory;
    this.classes = classes == null ? CandidateLoader.class.getClassLoader() : classes;
  }

  /** Loads the candidate in {@code dir}; one-line messages for what the user can fix. */
  public Candidate load(Path dir) throws IOException {
    String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    if (!Files.isDirectory(dir)) {
      throw new IOException("candidate " + dir + " does not load: not a directory");
    }
    try {
      if (ZooModel.isZooModel(dir)) {
        ZooModel meta = ZooModel.read(dir);
        return new Candidate(name, "zoo", ZooModel.load(dir), ZooArchitectures.blockOutputs(meta.architecture()), meta.input());
      }
      String factory = blockFactory != null ? blockFactory : servingProperty(dir, "blockFactory");
      if (factory == null) {
        throw new IOException("neither a zoo model (" + ZooModel.METADATA + ") nor a DJL model with a BlockFactory "
            + "(give --block-factory, or blockFactory= in its serving.properties)");
      }
      return new Candidate(name, "block-factory", loadWithFactory(dir, factory), ".", null);
    } catch (IOException | ai.djl.MalformedModelException | ai.djl.repository.zoo.ModelNotFoundException | RuntimeException e) {
      throw new IOException("candidate " + dir + " does not load: " + firstLine(e), e);
    }
  }

  private Model loadWithFactory(Path dir, String factory)
      throws IOException, ai.djl.MalformedModelException, ai.djl.repository.zoo.ModelNotFoundException {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(classes);
    try {
      Criteria<NDList, NDList> criteria = Criteria.builder()
          .setTypes(NDList.class, NDList.class)
          .optModelPath(dir)
          .optEngine("PyTorch")
          .optArgument("blockFactory", factory)
          .build();
      return criteria.loadModel();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static String servingProperty(Path dir, String key) throws IOException {
    Path file = dir.resolve("serving.properties");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  static String firstLine(Throwable e) {
    Throwable t = e;
    String m = t.getMessage();
    while ((m == null || m.isBlank()) && t.getCause() != null) {
      t = t.getCause();
      m = t.getMessage();
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
