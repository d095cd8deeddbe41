/**
 * Pictures of an address space: {@link org.ptdesc.view.WalkCapture} records a walk compactly
 * (coalesced runs, holes, tables, faults), {@link org.ptdesc.view.Picture} adds the collapsed
 * scale, warnings and the difference of two walks, and {@link org.ptdesc.view.ViewPage} writes
 * one self-contained HTML page (inline script, style and data; nothing loaded from anywhere).
 * Needs only the runtime.
 */
package org.ptdesc.view;
