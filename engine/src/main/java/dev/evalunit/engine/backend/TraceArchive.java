package dev.evalunit.engine.backend;

import dev.evalunit.engine.backend.BackendException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks the backend's trace ZIP into a suite's {@code traces/} folder, and nowhere else: every
 * entry name is checked before anything is written, and an archive with an absolute name, a
 * drive letter, or a {@code ..} segment (in either slash direction) is rejected whole ("zip
 * slip"). The unpacked size is capped so a compressed bomb cannot fill the disk.
 *
 * <pre>{@code
 * List<Path> files = TraceArchive.extract(downloadedZip, suiteDir.resolve("traces"));
 * }</pre>
 */
public final class TraceArchive {

  /** The most bytes one archive may unpack to. */
  static final long MAX_UNPACKED_BYTES = 1L << 30;

  private TraceArchive() {}

  /**
   * Extracts {@code zip} into {@code target}.
   *
   * @return the files written, relative to {@code target}
   * @throws BackendException of kind {@code UNSAFE_ARCHIVE} (nothing written) or
   *     {@code PROTOCOL} (not a ZIP, or too large)
   */
  public static List<Path> extract(Path zip, Path target) {
    return extract(zip, target, MAX_UNPACKED_BYTES);
  }

  static List<Path> extract(Path zip, Path target, long maxBytes) {
    Path root = target.toAbsolutePath().normalize();
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(archive.entries());
      List<Path> destinations = new ArrayList<>();
      for (ZipEntry entry : entries) {
        destinations.add(destination(root, entry.getName()));
      }
      Files.createDirectories(root);
      List<Path> written = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < entries.size(); i++) {
        ZipEntry entry = entries.get(i);
        Path destination = destinations.get(i);
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
          continue;
        }
        Files.createDirectories(destination.getParent());
        try (InputStream in = archive.getInputStream(entry);
            OutputStream out = Files.newOutputStream(destination)) {
          byte[] buffer = new byte[8192];
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
              throw new BackendException(Kind.PROTOCOL, 0, "the trace archive unpacks to more "
                  + "than " + maxBytes + " bytes; stopped at entry \"" + entry.getName() + "\"",
                  null);
            }
            out.write(buffer, 0, n);
          }
        }
        written.add(root.relativize(destination));
      }
      return written;
    } catch (ZipException e) {
      throw new BackendException(Kind.PROTOCOL, 0, "the trace archive is not a readable ZIP: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the trace archive into " + root, e);
    }
  }

  /** Where an entry may be written, or an UNSAFE_ARCHIVE error naming it. */
  private static Path destination(Path root, String name) {
    String normalised = name.replace('\\', '/');
    boolean escapes = normalised.isEmpty()
        || normalised.indexOf('\0') >= 0
        || normalised.startsWith("/")
        || normalised.matches("^[A-Za-z]:.*");
    for (String segment : normalised.split("/")) {
      escapes |= segment.equals("..");
    }
    Path destination = escapes ? null : root.resolve(normalised).normalize();
    if (destination == null || !destination.startsWith(root)) {
      throw new BackendException(Kind.UNSAFE_ARCHIVE, 0, "the trace archive was rejected: its "
          + "entry \"" + name + "\" would be written outside " + root
          + " (absolute paths and \"..\" are not allowed); nothing was unpacked", null);
    }
    return destination;
  }
}
