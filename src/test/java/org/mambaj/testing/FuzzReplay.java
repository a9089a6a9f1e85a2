package org.mambaj.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes the mutant of one fuzz case: {@code FuzzReplay SEED_FILE CASE_SEED TEXT_END OUT}. */
public final class FuzzReplay {

	public static void main(String[] args) throws Exception {
		byte[] seed = Files.readAllBytes(Path.of(args[0]));
		Files.write(Path.of(args[3]), Mutator.mutate(seed, new Random(Long.parseLong(args[1])), Integer.parseInt(args[2])));
	}
}
