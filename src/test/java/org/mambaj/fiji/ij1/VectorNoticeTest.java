package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The Log hears about the missing vector module once, with the fix; nothing when the vector kernels run. */
class VectorNoticeTest {

	@Test
	void onceAndOnlyWhenScalar() {
		List<String> log = new ArrayList<>();
		AtomicBoolean shown = new AtomicBoolean();
		VectorNotice.once(true, shown, log::add);
		assertEquals(0, log.size());
		VectorNotice.once(false, shown, log::add);
		VectorNotice.once(false, shown, log::add);
		assertEquals(1, log.size());
		assertTrue(log.get(0).contains("--add-modules=jdk.incubator.vector"), log.get(0));
		assertTrue(log.get(0).contains("extra-mambaj.toml"), log.get(0));
	}
}
