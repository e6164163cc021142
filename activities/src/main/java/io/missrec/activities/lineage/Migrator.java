package io.missrec.activities.lineage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database to the lineage schema shipped in the {@code migrations} jar. */
public final class Migrator {
  /** Where the {@code migrations} module packages its SQL. */
  public static final String LOCATION = "classpath:db/migration";

  private Migrator() {}

  /**
   * Applies pending versioned and changed repeatable migrations.
   *
   * @return how many migrations ran (0 when already up to date)
   */
  public static int migrate(DataSource dataSource) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(LOCATION)
            .cleanDisabled(true)
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
