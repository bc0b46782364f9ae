package dev.tftune.train;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tftune.TftuneException;
import dev.tftune.savedmodel.Folders;
import dev.tftune.savedmodel.VariableCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint folder: the values of everything training changes (the head, the
 * trained base variables, BatchNorm's moving statistics, the optimizer's slots) as a TensorFlow
 * checkpoint {@code variables.*}, and where the run stood as {@code state.json}: the step, the
 * epoch and the batches of it done, the epoch's running sums, the finished epochs' metrics, the
 * best value of each metric so far, the seed and the data's augmentation draws. With the seed,
 * that is all a run needs to continue exactly where it was.
 *
 * <p>Folders are replaced atomically: the new one is written beside the old under a temporary
 * name, then renamed. A kill between the two renames leaves the previous folder under
 * {@code .<name>.old}, which {@link #read} falls back to.
 */
final class RunCheckpoint {
  static final String STATE = "state.json";
  static final String VARIABLES = "variables";
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  private RunCheckpoint() {}

  /**
   * Where a run stood when the checkpoint was written.
   *
   * @param batchesDone batches of {@code epoch} finished; an epoch in {@code history} is
   *     complete, validation included
   * @param best the best value of each metric over the finished epochs, by label
   */
  record State(int format, long seed, int epoch, int batchesDone, long step, int examplesInEpoch,
      double lossSumInEpoch, double correctInEpoch, List<EpochMetrics> history,
      Map<String, Double> best, int[] draws, List<String> variables) {

    static Map<String, Double> bestOf(List<EpochMetrics> history) {
      Map<String, Double> best = new LinkedHashMap<>();
      for (EpochMetric m : EpochMetric.values()) {
        history.stream().mapToDouble(m::of).filter(v -> !Double.isNaN(v))
            .reduce((a, b) -> m.improves(b, a, 0) ? b : a).ifPresent(v -> best.put(m.label(), v));
      }
      return best;
    }
  }

  /** Writes {@code dir} anew, replacing what was there only once the new folder is whole. */
  static void write(Path dir, VariableCheckpoints variables, State state) {
    Path tmp = dir.resolveSibling("." + dir.getFileName() + ".tmp");
    Path old = previous(dir);
    try {
      Folders.delete(tmp);
      Files.createDirectories(tmp);
      variables.save(tmp.resolve(VARIABLES).toString());
      // written last: a folder with its state file holds whole variables
      JSON.writeValue(tmp.resolve(STATE).toFile(), state);
      Folders.delete(old);
      if (Files.exists(dir)) {
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      Folders.delete(old);
    } catch (IOException e) {
      throw new TftuneException("cannot write the checkpoint " + dir + ": " + e.getMessage(),
          "check that the run folder is writable and the disk has room", e);
    }
  }

  /**
   * The folder a checkpoint is read from: {@code dir}, or the previous one that a kill during
   * replacement left behind.
   *
   * @throws TftuneException when neither holds a checkpoint
   */
  static Path locate(Path dir) {
    if (Files.isRegularFile(dir.resolve(STATE))) {
      return dir;
    }
    Path old = previous(dir);
    if (Files.isRegularFile(old.resolve(STATE))) {
      return old;
    }
    throw new TftuneException("no checkpoint in " + dir + " (no " + STATE + ")",
        "resume from a run folder whose checkpoints/last holds a checkpoint, or start anew");
  }

  static State read(Path dir) {
    Path file = locate(dir).resolve(STATE);
    try {
      State state = JSON.readValue(file.toFile(), State.class);
      if (state.format() != FORMAT) {
        throw new TftuneException("checkpoint " + file + " has format " + state.format()
            + ", this tftune reads " + FORMAT, "resume it with the tftune version that wrote it");
      }
      return state;
    } catch (IOException e) {
      throw new TftuneException("cannot read the checkpoint " + file + ": " + e.getMessage(),
          "resume from a checkpoint tftune wrote, or start anew", e);
    }
  }

  /** The checkpoint prefix of the variables in a folder {@link #locate} found. */
  static String variablesPrefix(Path dir) {
    return locate(dir).resolve(VARIABLES).toString();
  }

  private static Path previous(Path dir) {
    return dir.resolveSibling("." + dir.getFileName() + ".old");
  }
}
