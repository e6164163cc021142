package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code version an auditor reads: the commit, and whether tracked files were edited since. */
class CodeVersionTest {
  @TempDir Path repo;

  @Test
  void aCleanCheckoutIsItsCommitAndAnEditedOneIsMarkedDirty() throws Exception {
    git("init", "-q");
    Files.writeString(repo.resolve("Model.java"), "class Model {}\n");
    git("add", "Model.java");
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first");
    String head = git("rev-parse", "HEAD");

    assertThat(CodeVersion.ofCheckout(repo.toString())).isEqualTo(head).matches("[0-9a-f]{40}");

    Files.writeString(repo.resolve("notes.txt"), "untracked files do not change the code\n");
    assertThat(CodeVersion.ofCheckout(repo.toString())).isEqualTo(head);

    Files.writeString(repo.resolve("Model.java"), "class Model { int edited; }\n");
    assertThat(CodeVersion.ofCheckout(repo.toString())).isEqualTo(head + CodeVersion.DIRTY_SUFFIX);
  }

  @Test
  void aFolderOutsideGitHasNoCommit() {
    assertThat(CodeVersion.ofCheckout(repo.resolve("missing").toString())).isNull();
  }

  @Test
  void aBuildWithoutARecordedCommitFallsBackToGit() {
    assertThat(CodeVersion.recorded("")).isNull();
    assertThat(CodeVersion.recorded("${missrec.commit}")).isNull();
    assertThat(CodeVersion.recorded(null)).isNull();
    assertThat(CodeVersion.recorded(" 0123abc-dirty\n")).isEqualTo("0123abc-dirty");
  }

  private String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
