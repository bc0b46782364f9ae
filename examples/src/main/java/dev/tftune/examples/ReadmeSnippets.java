package dev.tftune.examples;

import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.Scaling;
import dev.tftune.data.TextTable;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ServingExporter;
import dev.tftune.head.DenseHead;
import dev.tftune.models.bert.BertDataset;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.models.catalog.ModelCache;
import dev.tftune.models.catalog.Progress;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.optimizer.Warmup;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.Evaluation;
import dev.tftune.train.FineTuner;
import dev.tftune.train.HeadSearch;
import dev.tftune.train.LearningRateFinder;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingPlan;
import java.nio.file.Path;

/**
 * The README's Java API section, word for word, so that the build compiles what the README
 * shows ({@code ReadmeSnippetsTest} checks each snippet appears here unchanged).
 */
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  static void text() {
    // README: text
    Path dir = ModelCache.defaults().resolve("bert-base-uncased", Progress.none());
    try (BertModel bert = BertModel.load(dir)) {
      LabelledTexts train = LabelledTexts.from(TextTable.read(Path.of("train.tsv")),
          "sentence", null, "label");
      BertDataset data = bert.dataset(train, 128);     // tokenizer, columns and vocabulary
      TrainedModel model = bert.classifier(BertPooling.CLS, 2)   // top 2 layers + pooler train
          .optimizer(Optimizers.adamW(1e-3f)).baseLearningRate(5e-5f)
          .schedule(LearningRateSchedule.linearWarmupDecay(0.1)).clipGlobalNorm(1f)
          .epochs(2)
          .build()
          .fit(data);
      ExportResult export = ServingExporter.builder(model)
          .exportBase(Path.of("/models/sentiment"))
          .build()
          .export();
      System.out.println("exported to " + export.directory());
    }
    // README: end
  }

  static void images() {
    // README: images
    try (BaseModel base = SavedModels.load(Path.of("resnet32"))) {
      long[] input = {32, 32, 3};
      Scaling scaling = Scaling.PER_IMAGE_STANDARDIZATION;
      ImageDataset train = ImageFitter.fit(IdxFiles.read(Path.of("train-images.gz"), 0), input,
          scaling);
      ImageDataset test = ImageFitter.fit(IdxFiles.read(Path.of("t10k-images.gz"), 0), input,
          scaling);
      TrainedModel model = FineTuner.builder()
          .base(base)
          .features("resnet_model/final_reduce_mean")
          .head(DenseHead.builder().hiddenUnits(128).dropout(0.2f).build())
          .plan(TrainingPlan.matching("conv2d_3[23]/kernel"))
          .optimizer(Optimizers.adamW(1e-3f))
          .epochs(3)
          .build()
          .fit(train, test);                   // or fit(train): validationSplit(0.1)
      Evaluation eval = model.evaluate(test);
      ServingExporter.builder(model).exportBase(Path.of("/models/fashion")).build().export();
    }
    // README: end
  }

  static void heads() {
    // README: heads
    try (BaseModel base = SavedModels.load(Path.of("resnet32"))) {
      ImageDataset train = ImageFitter.fit(IdxFiles.read(Path.of("train-images.gz"), 10_000),
          new long[] {32, 32, 3}, Scaling.PER_IMAGE_STANDARDIZATION);
      FineTuner tuner = FineTuner.builder()
          .base(base)
          .features("resnet_model/final_reduce_mean")  // base frozen: features cached
          .head(DenseHead.builder().l2(1e-4f).build())  // standardized by default
          .findLearningRate(true)                       // a range test picks the rate
          .schedule(LearningRateSchedule.cosine(Warmup.fraction(0.1)))
          .epochs(20)
          .build();
      HeadSearch.Result search = HeadSearch.over(tuner)
          .learningRates(1e-3f, 3e-3f, 1e-2f).l2(0f, 1e-4f).hidden(new int[0], new int[] {256})
          .refit(true)                                  // the best, on all 10,000 images
          .build()
          .run(train);                                  // 12 heads, one pass of the base
      System.out.println(search.table());
      TrainedModel best = search.model();
      LearningRateFinder.Found rates = LearningRateFinder.of(tuner).find(train);
    }
    // README: end
  }
}
