/**
 * {@link dev.tributary.testkit.fake.FakeConnector}: an app that lives in memory, written in Java
 * against the connector SPI, for tests of code that uses connectors (and as an example of a Java
 * connector).
 */
@NullMarked
package dev.tributary.testkit.fake;

import org.jspecify.annotations.NullMarked;
