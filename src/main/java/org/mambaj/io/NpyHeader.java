package org.mambaj.io;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The validated header dictionary of a {@code .npy} file: {@code descr}, {@code fortran_order}, {@code shape}. */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, int[] shape) {

	private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

	static NpyHeader parse(String text, String file) throws WeightsFormatException {
		Object parsed = PythonLiteralParser.parse(text, file);
		if (!(parsed instanceof Map)) throw new WeightsFormatException(file + ": .npy header is not a dictionary: " +
			text.strip());
		Map<?, ?> dict = (Map<?, ?>) parsed;
		if (!dict.keySet().equals(KEYS)) throw new WeightsFormatException(file + ": .npy header keys must be " +
			"descr, fortran_order and shape, found " + dict.keySet());

		Object descr = dict.get("descr");
		if (!(descr instanceof String)) throw new WeightsFormatException(file + ": unsupported descr " + descr +
			" (structured arrays are not supported; supported: " + NpyDtype.supported() + ")");
		NpyDtype dtype = NpyDtype.byDescr((String) descr);
		if (dtype == null) throw new WeightsFormatException(file + ": unsupported dtype '" + descr +
			"' (supported: " + NpyDtype.supported() + "; big-endian data must be converted with " +
			"arr.astype(arr.dtype.newbyteorder('<')))");

		Object fortran = dict.get("fortran_order");
		if (!(fortran instanceof Boolean)) throw new WeightsFormatException(file + ": fortran_order must be True " +
			"or False, found " + fortran);

		Object shapeValue = dict.get("shape");
		if (!(shapeValue instanceof List)) throw new WeightsFormatException(file + ": shape must be a tuple, " +
			"found " + shapeValue);
		List<?> shapeList = (List<?>) shapeValue;
		int[] shape = new int[shapeList.size()];
		long numel = 1;
		for (int i = 0; i < shape.length; i++) {
			Object dim = shapeList.get(i);
			if (!(dim instanceof Long) || (Long) dim < 0 || (Long) dim > Integer.MAX_VALUE)
				throw new WeightsFormatException(file + ": invalid dimension " + dim + " in shape " + shapeList);
			shape[i] = (int) (long) (Long) dim;
			numel *= shape[i];
			if (numel > Integer.MAX_VALUE - 8) throw new WeightsFormatException(file + ": shape " + shapeList +
				" has more elements than a Java array can hold");
		}
		return new NpyHeader(dtype, (Boolean) fortran, shape);
	}

	long numel() {
		long n = 1;
		for (int d : shape) n *= d;
		return n;
	}

	/** A Fortran-ordered array of at most one non-trivial dimension has the same bytes as the C-ordered one. */
	boolean layoutIsC() {
		if (!fortranOrder) return true;
		int nonTrivial = 0;
		for (int d : shape) if (d > 1) nonTrivial++;
		return nonTrivial <= 1;
	}
}
