/**
 * Encryption at rest for credentials and other secrets: AES-256-GCM under a key set that supports
 * rotation. Every sealed value names the key that sealed it, so old data stays readable while new
 * writes use the newest key.
 */
@NullMarked
package dev.tributary.engine.crypto;

import org.jspecify.annotations.NullMarked;
