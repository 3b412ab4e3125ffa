package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTest {

  private static final String A = "26d441e0a1b2c3d4e5f60718293a4b5c6d7e8f90";
  private static final String B = "cb90d2b000000000000000000000000000000001";

  @TempDir Path repo;

  private Path output() throws IOException {
    return Files.createDirectories(repo.resolve("target/evalunit/com.acme.Suite"));
  }

  @Test
  void looseRefOfTheCheckedOutBranch() throws IOException {
    Files.createDirectories(repo.resolve(".git/refs/heads/feature"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/feature/x\n");
    Files.writeString(repo.resolve(".git/refs/heads/feature/x"), A + "\n");

    assertThat(GitCommit.of(output())).contains(new GitCommit(A, "feature/x"));
  }

  @Test
  void packedRefWhenThereIsNoLooseOne() throws IOException {
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled\n"
        + B + " refs/heads/other\n" + A + " refs/heads/main\n^" + B + "\n");

    assertThat(GitCommit.of(output())).contains(new GitCommit(A, "main"));
  }

  @Test
  void detachedHead() throws IOException {
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve(".git/HEAD"), A + "\n");

    assertThat(GitCommit.of(output())).contains(new GitCommit(A, null));
  }

  @Test
  void worktreeWhoseDotGitIsAFilePointingAtSharedRefs() throws IOException {
    Path main = repo.resolve("main");
    Files.createDirectories(main.resolve(".git/worktrees/wt"));
    Files.createDirectories(main.resolve(".git/refs/heads"));
    Files.writeString(main.resolve(".git/refs/heads/topic"), B + "\n");
    Files.writeString(main.resolve(".git/worktrees/wt/HEAD"), "ref: refs/heads/topic\n");
    Files.writeString(main.resolve(".git/worktrees/wt/commondir"), "../..\n");
    Path worktree = Files.createDirectories(repo.resolve("wt"));
    Files.writeString(worktree.resolve(".git"), "gitdir: ../main/.git/worktrees/wt\n");

    assertThat(GitCommit.of(Files.createDirectories(worktree.resolve("target/evalunit"))))
        .contains(new GitCommit(B, "topic"));
  }

  @Test
  void noRepositoryOrNoCommitYetGivesNothing() throws IOException {
    assertThat(GitCommit.of(output())).isEmpty();
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    assertThat(GitCommit.of(output())).isEmpty();
  }
}
