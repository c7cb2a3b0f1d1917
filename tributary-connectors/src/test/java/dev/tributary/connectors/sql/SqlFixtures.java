package dev.tributary.connectors.sql;

/** The tables the SQL connector tests work on, written for each dialect. */
final class SqlFixtures {

  private SqlFixtures() {}

  static String[] tables(Dialect dialect) {
    if (dialect == Dialect.POSTGRESQL) {
      return new String[] {
          "CREATE TABLE people (id serial PRIMARY KEY, full_name text NOT NULL, email varchar(200), age integer,"
              + " score numeric(6,2), active boolean DEFAULT true, born date, updated_at timestamptz, profile jsonb,"
              + " slug text GENERATED ALWAYS AS (lower(full_name)) STORED)",
          "CREATE TABLE memberships (team text, person_id integer, role text, PRIMARY KEY (team, person_id))",
          "CREATE VIEW people_view AS SELECT id, full_name FROM people",
          "CREATE TABLE canary (id integer PRIMARY KEY, note text)",
          "INSERT INTO canary VALUES (1, 'still here')"};
    }
    return new String[] {
        "CREATE TABLE people (id int AUTO_INCREMENT PRIMARY KEY, full_name varchar(200) NOT NULL, email varchar(200),"
            + " age int, score decimal(6,2), active boolean DEFAULT true, born date, updated_at datetime(6), profile json,"
            + " slug varchar(200) AS (lower(full_name)) STORED)",
        "CREATE TABLE memberships (team varchar(100), person_id int, role varchar(100), PRIMARY KEY (team, person_id))",
        "CREATE VIEW people_view AS SELECT id, full_name FROM people",
        "CREATE TABLE canary (id int PRIMARY KEY, note varchar(100))",
        "INSERT INTO canary VALUES (1, 'still here')"};
  }
}
