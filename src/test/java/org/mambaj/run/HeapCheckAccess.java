package org.mambaj.run;

import org.mambaj.image.Plane;
import org.mambaj.image.Raster;

/** Lets tests outside org.mambaj.run give {@link HeapCheck} a heap of their choosing. */
public final class HeapCheckAccess {

	private HeapCheckAccess() {}

	public static void require(Plane image, long need, long free, long max) {
		HeapCheck.require(Raster.of(image), need, free, max);
	}
}
