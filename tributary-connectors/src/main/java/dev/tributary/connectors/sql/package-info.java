/**
 * The SQL connector: a customer's PostgreSQL or MariaDB database as data locations. Schemas
 * (PostgreSQL) or databases (MariaDB) are directories, tables and views are collections, columns
 * are fields. Every identifier is quoted for its dialect and every value is bound, never spliced.
 */
@NullMarked
package dev.tributary.connectors.sql;

import org.jspecify.annotations.NullMarked;
