/**
 * The {@code ptdesc} command line: one class per command ({@code check}, {@code compile},
 * {@code walk}, {@code translate}, {@code info}, {@code view}, {@code build}), mixins for the
 * options they share (descriptor, image and roots, access, stage 2), and one checked, buffered
 * output ({@link org.ptdesc.cli.Main#commandLine()}) that turns every failure into its exit
 * status: 0 success, 1 bad input, 2 usage, 3 output not written, 70 internal error, 141 closed pipe.
 */
package org.ptdesc.cli;
