/**
 * JDBC plumbing shared by every feature: the connection pool, migrations, transactions, ids and
 * keyset paging. It knows no feature; features bring their own SQL.
 */
@NullMarked
package dev.tributary.engine.store;

import org.jspecify.annotations.NullMarked;
