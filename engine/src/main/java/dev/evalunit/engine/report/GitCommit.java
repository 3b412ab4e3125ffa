package dev.evalunit.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit checked out in the git repository that holds a folder, read from the files under
 * {@code .git} (no {@code git} process): {@code HEAD}, then the loose ref it names, then
 * {@code packed-refs}. Handles worktrees and submodules, whose {@code .git} is a file pointing
 * at the real git folder.
 *
 * <pre>{@code
 * GitCommit.of(Path.of("target/evalunit/com.acme.Banking77Eval"))
 * // Optional[GitCommit[commit=26d441e0..., branch=main]]
 * }</pre>
 *
 * @param commit the full object id
 * @param branch the branch name, or null for a detached HEAD
 */
public record GitCommit(String commit, String branch) {

  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

  /** The commit of the repository containing {@code folder}, or empty if there is none. */
  public static Optional<GitCommit> of(Path folder) {
    for (Path dir = folder.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path dotGit = dir.resolve(".git");
      if (Files.exists(dotGit)) {
        try {
          return read(gitDir(dotGit));
        } catch (IOException | RuntimeException unreadable) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Path gitDir(Path dotGit) throws IOException {
    if (Files.isDirectory(dotGit)) {
      return dotGit;
    }
    String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
    if (!pointer.startsWith("gitdir:")) {
      throw new IOException("not a gitdir pointer: " + dotGit);
    }
    return dotGit.getParent().resolve(pointer.substring("gitdir:".length()).strip()).normalize();
  }

  private static Optional<GitCommit> read(Path gitDir) throws IOException {
    String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
    if (OBJECT_ID.matcher(head).matches()) {
      return Optional.of(new GitCommit(head, null));
    }
    if (!head.startsWith("ref:")) {
      return Optional.empty();
    }
    String ref = head.substring("ref:".length()).strip();
    String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    // A worktree keeps HEAD itself but shares refs with the main repository ("commondir").
    Path common = gitDir;
    Path commondir = gitDir.resolve("commondir");
    if (Files.isRegularFile(commondir)) {
      common = gitDir.resolve(Files.readString(commondir, StandardCharsets.UTF_8).strip())
          .normalize();
    }
    for (Path dir : List.of(gitDir, common)) {
      Path loose = dir.resolve(ref);
      if (Files.isRegularFile(loose)) {
        String id = Files.readString(loose, StandardCharsets.UTF_8).strip();
        if (OBJECT_ID.matcher(id).matches()) {
          return Optional.of(new GitCommit(id, branch));
        }
      }
    }
    for (Path dir : List.of(gitDir, common)) {
      Path packed = dir.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
          String[] parts = line.strip().split(" ", 2);
          if (parts.length == 2 && parts[1].equals(ref)
              && OBJECT_ID.matcher(parts[0]).matches()) {
            return Optional.of(new GitCommit(parts[0], branch));
          }
        }
      }
    }
    // A fresh repository: HEAD names a branch that has no commit yet.
    return Optional.empty();
  }
}
