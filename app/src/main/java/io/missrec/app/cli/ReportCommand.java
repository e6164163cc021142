package io.missrec.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.lineage.DatabaseConfig;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.reports.LineageReports;
import io.missrec.activities.reports.ReportRenderer;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code missrec report <run>}: a run's HTML report, re-built from the lineage database. */
@Command(
    name = "report",
    header = "Write a run's HTML report.",
    mixinStandardHelpOptions = true,
    description = {
      "Write the HTML report (training curves, final metrics, parameters)",
      "of a training or evaluation run, read from the lineage database",
      "($MISSREC_JDBC_URL, else the demo's embedded one under",
      "$MISSREC_DATA/postgres). Prints the path of index.html."
    })
public final class ReportCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      description =
          "lineage run id, or a workflow id (its last test evaluation, else its last training)")
  String run;

  @Option(names = "--out", description = "output folder (default reports/<run>)")
  Path out;

  @Override
  public Integer call() {
    Settings settings = Settings.fromEnv();
    EmbeddedPostgresServer embedded = null;
    DatabaseConfig database = settings.database();
    if (database == null) {
      Path dir = settings.dataDir().resolve("postgres");
      if (!Files.isDirectory(dir)) {
        System.err.println(
            "no lineage database: set MISSREC_JDBC_URL, or run `./missrec demo` first ("
                + dir
                + " does not exist)");
        return CliErrors.BAD_INPUT;
      }
      embedded = EmbeddedPostgresServer.start(dir);
      database = embedded.config();
    }
    try (HikariDataSource dataSource = database.toDataSource("missrec-report")) {
      Migrator.migrate(dataSource);
      System.out.println(write(new JdbcLineageStore(dataSource), run, out));
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return CliErrors.BAD_INPUT;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /**
   * Renders the report of {@code run} into {@code out} (default {@code reports/<run>}) and returns
   * the path of its index.html.
   *
   * @throws IllegalArgumentException naming what is missing when there is no such run to report
   */
  static Path write(LineageStore lineage, String run, Path out) {
    long runId = resolve(lineage, run);
    Path dir = out != null ? out : Path.of("reports", run.replaceAll("[^A-Za-z0-9._-]", "_"));
    return ReportRenderer.render(LineageReports.forRun(lineage, runId))
        .writeTo(dir.toAbsolutePath().normalize());
  }

  /** The run id named by {@code run}: a lineage run id, or the reported run of a workflow. */
  private static long resolve(LineageStore lineage, String run) {
    if (run.matches("\\d+")) {
      return Long.parseLong(run);
    }
    List<RunRecord> runs = lineage.runsOfWorkflow(run);
    return LineageReports.reportedRunOf(runs)
        .map(RunRecord::id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    runs.isEmpty()
                        ? "no lineage run with id or workflow id '" + run + "'"
                        : "workflow "
                            + run
                            + " has no training or finished test evaluation run; its runs: "
                            + runs.stream()
                                .map(r -> r.id() + " " + r.activity())
                                .collect(Collectors.joining(", "))));
  }
}
