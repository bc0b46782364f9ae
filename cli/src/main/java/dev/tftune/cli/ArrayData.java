package dev.tftune.cli;

import dev.tftune.data.DataException;
import dev.tftune.data.NpyArray;
import dev.tftune.data.NumericExamples;
import dev.tftune.data.NumpyArrays;
import dev.tftune.savedmodel.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NumPy data (an .npz archive, or a folder of .npy files) for a signature's inputs. */
final class ArrayData {
  private static final Logger LOG = LoggerFactory.getLogger(ArrayData.class);

  private ArrayData() {}

  /** An .npz file, or a folder holding .npy files (and nothing in sub-folders). */
  static boolean isArrays(Path data) {
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npz")) {
      return true;
    }
    if (!Files.isDirectory(data)) {
      return false;
    }
    try (Stream<Path> files = Files.list(data)) {
      List<Path> all = files.toList();
      return !all.isEmpty() && all.stream().allMatch(p -> p.toString().endsWith(".npy"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The examples of the arrays: one per signature input, named as the input, and the labels
   * ({@code label}, else {@code labels}, {@code label} or {@code y}) or targets.
   */
  static NumericExamples read(Path data, Map<String, TensorInfo> signatureInputs,
      String label, String target, List<String> classNames, boolean labelled, int limit) {
    Map<String, NpyArray> arrays = Files.isDirectory(data) ? folder(data)
        : NpyArray.readArchive(data);
    Map<String, NumericExamples.Input> inputs
 = new LinkedHashMap<>();
    signatureInputs.forEach((key, info) -> inputs.put(key, new NumericExamples.Input(
        info.shape() == null ? new long[] {-1}
            : Arrays.copyOfRange(info.shape(), 1, info.shape().length), info.dtype())));
    NumericExamples examples = NumpyArrays.read(arrays, data.toString(), inputs, label, target,
        classNames, labelled, limit);
    inputs.keySet().forEach(key -> LOG.info("input {} <- array {} {}, fed as {}", key, key,
        Arrays.toString(arrays.get(key).shape()), Arrays.toString(examples.shape(key))));
    if (labelled) {
      LOG.info("data: {} examples from {}, {}", examples.size(), data, examples.regression()
          ? "regression targets " + examples.classNames() : "classes " + examples.classNames());
    }
    return examples;
  }

  /** The .npy files of a folder, by name without the extension. */
  private static Map<String, NpyArray> folder(Path data) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        arrays.put(n.substring(0, n.length() - 4), NpyArray.read(f));
      }
    } catch (IOException e) {
      throw new DataException("cannot list " + data + ": " + e.getMessage(),
          "check that the folder is readable");
    }
    return arrays;
  }
}
