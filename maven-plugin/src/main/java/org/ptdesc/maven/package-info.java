/**
 * The Maven goals ({@code compile}, {@code test-compile}, {@code check}): thin mojos that map
 * their parameters to a build request and hand it to {@code build}; they hold no logic of their own.
 */
package org.ptdesc.maven;
