package dev.evalunit.engine.backend;

import dev.evalunit.engine.backend.BackendException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks the backend's trace ZIP into a suite's {@code traces/} folder, and nowhere else. Each
 * entry is judged on its own: one whose name would land outside the folder (an absolute name, a
 * drive letter, a {@code ..} segment in either slash direction: "zip slip") or whose data is
 * corrupt is rejected with its reason and the others are unpacked, so one bad entry costs one
 * trace, not the job's results. Every entry goes through a temporary file, so no half-written
 * trace is ever left. The unpacked size is capped: an archive that unpacks to more (a zip
 * bomb) is stopped and everything it had unpacked is deleted.
 *
 * <pre>{@code
 * TraceArchive.Unpacked unpacked = TraceArchive.extract(downloadedZip, suiteDir.resolve("traces"));
 * unpacked.files();     // [seed_0_trace.json, ...], relative to the traces folder
 * unpacked.rejected();  // [entry "../x.json": would be written outside ...]
 * }</pre>
 */
public final class TraceArchive {

  /** The most bytes one archive may unpack to (and be downloaded as): 1 GiB. */
  public static final long MAX_BYTES = 1L << 30;

  private TraceArchive() {}

  /**
   * What an archive yielded.
   *
   * @param files the files written, relative to the target folder
   * @param rejected one line per entry that was not unpacked, naming it and why
   */
  public record Unpacked(List<Path> files, List<String> rejected) {

    public Unpacked {
      files = List.copyOf(files);
      rejected = List.copyOf(rejected);
    }
  }

  /**
   * Extracts {@code zip} into {@code target}, at most {@link #MAX_BYTES} in all.
   *
   * @throws BackendException of kind {@code PROTOCOL} when it is not a ZIP or unpacks to more
   *     than the cap (then nothing of it is left in {@code target})
   */
  public static Unpacked extract(Path zip, Path target) {
    return extract(zip, target, MAX_BYTES);
  }

  static Unpacked extract(Path zip, Path target, long maxBytes) {
    Path root = target.toAbsolutePath().normalize();
    List<Path> written = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      long total = 0;
      for (ZipEntry entry : Collections.list(archive.entries())) {
        Path destination = destination(root, entry.getName());
        if (destination == null) {
          rejected.add("entry \"" + entry.getName() + "\" would be written outside " + root
              + " (absolute paths and \"..\" are not allowed)");
          continue;
        }
        if (entry.isDirectory()) {
          continue;
        }
        Files.createDirectories(destination.getParent());
        Path part = destination.resolveSibling(destination.getFileName() + ".part");
        try (InputStream in = archive.getInputStream(entry);
            OutputStream out = Files.newOutputStream(part)) {
          byte[] buffer = new byte[8192];
          CRC32 crc = new CRC32();
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
              throw new TooLarge(entry.getName());
            }
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
          }
          // ZipFile does not check the CRC itself (ZipInputStream would).
          if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ZipException("CRC mismatch");
          }
        } catch (ZipException e) {
          Files.deleteIfExists(part);
          rejected.add("entry \"" + entry.getName() + "\" is corrupt (" + e.getMessage() + ")");
          continue;
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(part);
          throw e;
        }
        Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING);
        written.add(root.relativize(destination));
      }
      return new Unpacked(written, rejected);
    } catch (TooLarge e) {
      deleteAll(root, written);
      throw new BackendException(Kind.PROTOCOL, 0, "the trace archive unpacks to more than "
          + maxBytes + " bytes (stopped at entry \"" + e.getMessage() + "\"); the "
          + written.size() + " trace file" + (written.size() == 1 ? " already unpacked was"
              : "s already unpacked were") + " deleted", null);
    } catch (ZipException e) {
      deleteAll(root, written);
      throw new BackendException(Kind.PROTOCOL, 0, "the trace archive is not a readable ZIP: "
          + e.getMessage(), e);
    } catch (IOException e) {
      deleteAll(root, written);
      throw new UncheckedIOException("cannot unpack the trace archive into " + root, e);
    }
  }

  /** Thrown inside the unpacking loop when the cap is passed; carries the entry's name. */
  private static final class TooLarge extends IOException {
    TooLarge(String entry) {
      super(entry);
    }
  }

  private static void deleteAll(Path root, List<Path> written) {
    for (Path file : written) {
      try {
        Files.deleteIfExists(root.resolve(file));
      } catch (IOException ignored) {
        // best effort: the message says what happened
      }
    }
  }

  /** Where an entry may be written, or null when its name would leave {@code root}. */
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
    return destination == null || !destination.startsWith(root) || destination.equals(root)
        ? null : destination;
  }
}
