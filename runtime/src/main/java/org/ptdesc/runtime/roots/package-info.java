/**
 * Where a tree's roots come from when the user does not give them: the registers a memory
 * image's CPU notes carry ({@link org.ptdesc.runtime.roots.RootFinder}), the kernel's own
 * tables named by VMCOREINFO ({@link org.ptdesc.runtime.roots.KernelRoots}), a check that the
 * image's paging mode is the descriptor's ({@link org.ptdesc.runtime.roots.PagingModeCheck}),
 * and, when nothing says where the root is, a heuristic scan for candidate tables
 * ({@link org.ptdesc.runtime.roots.RootScan}). Nothing here prints: results are records that
 * say what was used and why, for the command line (or any other caller) to show.
 */
package org.ptdesc.runtime.roots;
