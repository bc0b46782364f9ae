package dev.tftune.models.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.models.testing.BertVocab;
import dev.tftune.models.testing.Sst2;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer and encoder on BERT-base uncased's real vocab.txt, and the tokenizer's speed. */
class BertBaseVocabularyTest {
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void load(@TempDir Path dir) throws IOException {
    tokenizer = WordPieceTokenizer.load(BertVocab.uncasedFile(dir), true);
  }

  @Test
  void vocabularyHas30522TokensWithTheStandardSpecialIds() {
    assertEquals(30522, tokenizer.vocabSize());
    assertEquals(0, tokenizer.padId());
    assertEquals(100, tokenizer.unkId());
    assertEquals(101, tokenizer.clsId());
    assertEquals(102, tokenizer.sepId());
  }

  @Test
  void readmeExampleIsTokenizedAsTheReferenceDocumentsIt() {
    // The example of the reference's README for uncased models.
    List<String> tokens = tokenizer.tokenize("John Johanson's house");

    assertEquals(List.of("john", "johan", "##son", "'", "s", "house"), tokens);
    assertArrayEquals(new int[] {2198, 13093, 3385, 1005, 1055, 2160}, tokenizer.ids(tokens));
  }

  @Test
  void encoderGivesTheIdsBertBaseExpects() {
    BertEncoding e = new BertInputEncoder(tokenizer, 128).encode("Hello, World!");

    assertArrayEquals(new int[] {101, 7592, 1010, 2088, 999, 102}, e.inputIds());
  }

  @Test
  void tokenizesEverySst2DevSentenceAndReportsTheRate() {
    List<String> sentences = Sst2.devSentences();
    for (int warmUp = 0; warmUp < 20; warmUp++) {
      sentences.forEach(tokenizer::tokenize);
    }
    int rounds = 50;
    long tokens = 0;
    long start = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (String s : sentences) {
        List<String> t = tokenizer.tokenize(s);
        assertTrue(!t.isEmpty(), () -> "no token for SST-2 sentence: " + s);
        tokens += t.size();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("WordPieceTokenizer throughput on SST-2 dev (%d sentences x %d, one "
        + "thread): %.0f sentences/s, %.0f tokens/s%n", sentences.size(), rounds,
        sentences.size() * rounds / seconds, tokens / seconds);
  }
}
