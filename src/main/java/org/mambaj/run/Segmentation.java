package org.mambaj.run;

import org.mambaj.image.Plane;

/**
 * A segmentation result: probabilities (C channels), a {0, 1} mask or instance labels (0 = background), which
 * of them ({@code kind}, never AUTO), and the number of objects (4-connected components of a mask; 0 for
 * probabilities).
 */
public record Segmentation(Plane plane, SegmentOutput kind, int count) {}
