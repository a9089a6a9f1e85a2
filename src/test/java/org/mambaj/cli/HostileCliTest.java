package org.mambaj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.image.Plane;
import org.mambaj.run.HeapCheckAccess;
import org.mambaj.testing.TestPackages;

import ij.ImagePlus;
import ij.io.FileSaver;

/** The command line under hostile input (issue 10, items 5, 8, 11, 13, 14 and the heap check). */
class HostileCliTest {

	@TempDir
	Path tmp;

	CliSession cli;

	@BeforeEach
	void setUp() {
		cli = CliSession.in(tmp);
	}

	@AfterEach
	void tearDown() {
		cli.close();
	}

	Main main() {
		return cli.main();
	}

	String out() {
		return cli.out();
	}

	String err() {
		return cli.err();
	}

	Path image(String name) throws IOException {
		Path folder = Files.createDirectories(tmp.resolve("images"));
		ImagePlus imp = MainTest.grey(40, 36, name.hashCode());
		Path file = folder.resolve(name);
		boolean ok = name.endsWith(".png") ? new FileSaver(imp).saveAsPng(file.toString()) : new FileSaver(imp).saveAsTiff(file.toString());
		assertTrue(ok);
		return file;
	}

	List<String> listing(Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void imagesWhoseResultsWouldShareANameAreRefusedBeforeInference() throws Exception {
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		image("a.png");
		image("a.tif");
		Path o = tmp.resolve("o");
		assertEquals(1, main().run("segment", "--model", seg.toString(), "--engine", "java", tmp.resolve("images").toString(),
			"--output", o.toString()));
		assertTrue(err().contains("a.png") && err().contains("a.tif") && err().contains("both write"), err());
		assertEquals("", out(), "nothing ran");
		assertTrue(!Files.exists(o) || listing(o).isEmpty(), "nothing written");
	}

	@Test
	void anOutputThatIsAFileIsRefusedBeforeInference() throws Exception {
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Path file = Files.writeString(tmp.resolve("out.txt"), "keep me");
		assertEquals(1, main().run("segment", "--model", seg.toString(), "--engine", "java", image("a.png").toString(),
			"--output", file.toString()));
		assertTrue(err().contains("is a file"), err());
		assertEquals("", out(), "nothing ran");
		assertEquals("keep me", Files.readString(file));
	}

	@Test
	void imageJSaveErrorsGoIntoTheExceptionNotOnStandardOutput() throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a folder nobody can write to, even root");
		PrintStream stdout = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeTiff(MainTest.grey(8, 8, 1),
				Path.of("/proc/self/mambaj-result.tif")));
			assertTrue(e.getMessage().contains("could not write"), e.getMessage());
		}
		finally {
			System.setOut(stdout);
		}
		assertEquals("", captured.toString(StandardCharsets.UTF_8), "standard output keeps one line per image");
	}

	@Test
	void aTruncatedTiffIsRefusedWithAClearMessage() throws Exception {
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Path whole = image("whole.tif");
		byte[] bytes = Files.readAllBytes(whole);
		Path header = Files.write(tmp.resolve("images/header.tif"), Arrays.copyOf(bytes, 100));
		Path half = Files.write(tmp.resolve("images/half.tif"), Arrays.copyOf(bytes, bytes.length / 2));
		Path cut = Files.write(tmp.resolve("images/cut.tif"), Arrays.copyOf(bytes, 9));
		Files.delete(whole);
		assertEquals(1, main().run("segment", "--model", seg.toString(), "--engine", "java", header.toString(), half.toString(),
			cut.toString()));
		assertEquals("", out(), "no truncated image was segmented");
		assertTrue(err().contains(half + ": truncated TIFF"), err());
		for (Path p : List.of(header, cut)) assertTrue(err().contains(p + ": truncated TIFF") || err().contains(p + ": not a readable TIFF"), err());
	}

	/** Found by the fuzz suite: ImageJ followed a directory chain that loops back forever, filling memory. */
	@Test
	void aTiffWhoseImageDirectoriesLoopIsRefusedAtOnce() throws Exception {
		Path file = image("loop.tif");
		byte[] b = Files.readAllBytes(file);
		java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(b[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN
			: java.nio.ByteOrder.BIG_ENDIAN);
		int ifd = buf.getInt(4), entries = buf.getShort(ifd) & 0xFFFF;
		buf.putInt(ifd + 2 + 12 * entries, ifd); // the next directory is this one again
		Files.write(file, b);
		IOException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
			() -> assertThrows(IOException.class, () -> ImageFiles.open(file)));
		assertTrue(e.getMessage().contains("loop"), e.getMessage());
	}

	/** Found by the fuzz suite: 2^30 strip offsets made ImageJ allocate them (OutOfMemoryError) or read them forever. */
	@Test
	void aTiffEntryDeclaringMoreValuesThanTheFileHoldsIsRefused() throws Exception {
		Path file = image("strips.tif");
		byte[] b = Files.readAllBytes(file);
		java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(b[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN
			: java.nio.ByteOrder.BIG_ENDIAN);
		int ifd = buf.getInt(4), entries = buf.getShort(ifd) & 0xFFFF;
		boolean found = false;
		for (int i = 0; i < entries; i++) {
			int at = ifd + 2 + 12 * i;
			if ((buf.getShort(at) & 0xFFFF) != 273) continue; // StripOffsets
			buf.putShort(at + 2, (short) 4).putInt(at + 4, 1 << 30).putInt(at + 8, 8);
			found = true;
		}
		assertTrue(found, "the seed has a StripOffsets entry");
		Files.write(file, b);
		IOException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
			() -> assertThrows(IOException.class, () -> ImageFiles.open(file)));
		assertTrue(e.getMessage().contains("tag 273"), e.getMessage());
	}

	@Test
	void runningOutOfMemoryOnOneImageDoesNotStopTheBatch() throws Exception {
		Path a = image("a.png"), b = image("b.png"), c = image("c.png");
		StringBuilder lines = new StringBuilder();
		int failures = main().eachImage(List.of(a, b, c), file -> {
			if (file.equals(b)) throw new OutOfMemoryError("Java heap space");
			return file + "\tok";
		}, lines, 1);
		assertEquals(1, failures);
		assertEquals(a + "\tok\n" + c + "\tok\n", lines.toString());
		assertTrue(err().contains(b + ": out of memory"), err());
	}

	@Test
	void imagesRunTwoAtOnceAndPrintInTheirOrder() throws Exception {
		Path a = image("a.png"), b = image("b.png"), c = image("c.png");
		java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
		StringBuilder lines = new StringBuilder();
		int failures = main().eachImage(List.of(a, b, c), file -> {
			if (!file.equals(c)) { // a and b are one batch: each waits until the other has started
				both.countDown();
				try {
					if (!both.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IOException("ran alone");
				}
				catch (InterruptedException e) {
					throw new IOException(e);
				}
			}
			if (file.equals(a)) java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // finishes last, printed first
			return file + "\tok";
		}, lines, 2);
		assertEquals(0, failures, err());
		assertEquals(a + "\tok\n" + b + "\tok\n" + c + "\tok\n", lines.toString());
	}

	@Test
	void anImageOutOfMemoryBesideAnotherIsTriedAgainAlone() throws Exception {
		Path a = image("a.png"), b = image("b.png");
		java.util.concurrent.atomic.AtomicInteger triesOfB = new java.util.concurrent.atomic.AtomicInteger();
		StringBuilder lines = new StringBuilder();
		int failures = main().eachImage(List.of(a, b), file -> {
			if (file.equals(b) && triesOfB.incrementAndGet() == 1) throw new OutOfMemoryError("Java heap space");
			return file + "\tok";
		}, lines, 2);
		assertEquals(0, failures, err());
		assertEquals(2, triesOfB.get());
		assertEquals(a + "\tok\n" + b + "\tok\n", lines.toString());
	}

	@Test
	void anImageTooLargeForTheHeapIsRefusedBeforeAnyWork() {
		Plane image = new Plane(new float[16], 1, 4, 4);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> HeapCheckAccess.require(image, 20000L * 20000 * 64, 3L << 30, 4L << 30));
		assertTrue(e.getMessage().contains("4x4 pixels") && e.getMessage().contains("4.0 GB"), e.getMessage());
	}

	@Test
	void temporaryFilesOfAKilledRunAreSweptFromTheOutputFolder() throws Exception {
		Path seg = TestPackages.write(TestPackages.SEGMENTER, tmp);
		Path o = Files.createDirectories(tmp.resolve("o"));
		// a pid that cannot be running: above Linux's pid_max
		Path stale = Files.writeString(o.resolve(".a_mask.tif.part-99999999-1.tif"), "half");
		Path foreign = Files.writeString(o.resolve(".hidden-by-the-user"), "mine");
		assertEquals(0, main().run("segment", "--model", seg.toString(), "--engine", "java", image("a.png").toString(),
			"--output", o.toString()), err());
		assertFalse(Files.exists(stale));
		assertTrue(Files.exists(foreign));
		assertEquals(List.of(".hidden-by-the-user", "a_mask.tif"), listing(o));
	}
}
