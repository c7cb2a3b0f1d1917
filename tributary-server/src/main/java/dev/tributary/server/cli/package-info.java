/** The {@code tributary} command line: {@code serve}, {@code token} and {@code rotate-key}. */
@NullMarked
package dev.tributary.server.cli;

import org.jspecify.annotations.NullMarked;
