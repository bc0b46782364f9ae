package dev.tftune.models.image;

import dev.tftune.savedmodel.BaseModel;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainingPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipe for an image classifier on any image SavedModel: the head attaches to the last
 * global pooling before the outputs (or a tensor the caller names), and the top residual
 * blocks, found from the graph's residual connections, train when asked.
 *
 * <pre>{@code
 * TrainedModel model = ImageClassifier.tuner(base, null, 1).epochs(3).build()
 *     .fit(ImageFitter.fit(images, inputShape, Scaling.UNIT));
 * }</pre>
 */
public final class ImageClassifier {
  private static final Logger LOG = LoggerFactory.getLogger(ImageClassifier.class);

  private ImageClassifier() {}

  /**
   * A tuner with the base, the feature tensor and the plan set; the caller adds the rest.
   *
   * @param features a tensor name, or null for the one {@link FeatureTensors#find} chooses
   * @param unfreezeTop residual blocks to train, counted from the top; 0 keeps the base frozen
   * @throws dev.tftune.TftuneException when the tensor does not exist, no feature tensor is
   *     found, or the model has fewer blocks
   */
  public static FineTuner.Builder tuner(BaseModel base, String features, int unfreezeTop) {
    String tensor = features;
    if (tensor == null) {
      FeatureTensors.Found found = FeatureTensors.find(base);
      tensor = found.tensor();
      LOG.info("features: {}, {} (a tensor named in features(...) overrides)", tensor,
          found.reason());
    } else {
      base.tensor(tensor); // fail on a wrong name before any data is read
    }
    TrainingPlan plan = TrainingPlan.headOnly();
    if (unfreezeTop > 0) {
      ResidualBlocks blocks = ResidualBlocks.find(base, tensor);
      plan = blocks.unfreezeTop(unfreezeTop);
      LOG.info("unfreezing the top {} of {} residual blocks", unfreezeTop, blocks.count());
    }
    return FineTuner.builder().base(base).features(tensor).plan(plan);
  }

  /**
   * Gradual unfreezing stages: stage k trains the top {@code tops[k]} residual blocks below
   * {@code features} (null: the tensor {@link #tuner} chooses), for
   * {@link FineTuner.Builder#gradualUnfreezing}.
   *
   * @throws dev.tftune.TftuneException when the model has fewer blocks
   */
  public static List<TrainingPlan> unfreezingStages(BaseModel base, String features,
      int... tops) {
    ResidualBlocks blocks = ResidualBlocks.find(base,
        features != null ? features : FeatureTensors.find(base).tensor());
    List<TrainingPlan> stages = new ArrayList<>();
    for (int top : tops) {
      stages.add(blocks.unfreezeTop(top));
    }
    LOG.info("gradual unfreezing of the top {} of {} residual blocks, epoch by epoch",
        Arrays.toString(tops), blocks.count());
    return stages;
  }
}
