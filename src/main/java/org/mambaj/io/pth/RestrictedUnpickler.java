package org.mambaj.io.pth;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mambaj.io.WeightsFormatException;

/**
 * Reads the pickle of a {@code torch.save}d checkpoint without running anything: a small stack machine for the
 * opcodes of pickle protocols 2 to 5 that interprets only what a state dict and a training run's checkpoint
 * (nnU-Net's: run information with {@code torch.device}s and NumPy scalars) contain. Python objects become Java
 * values: int as {@link Long} (or {@link BigInteger}), float as {@link Double}, str as {@link String}, bytes as
 * {@code byte[]}, bool, None as null, list and tuple as {@link List}, dict and OrderedDict as {@link LinkedHashMap},
 * a tensor as a {@link TensorView}, a storage as a {@link StorageRef}, a {@code torch.device} as its string
 * ({@code "cuda:0"}), a NumPy float64/float32/int64 scalar as a Double or Long.
 * <p>
 * Like {@code torch.load(weights_only=True)}, it refuses every global not in {@link PickleGlobal} (naming it, e.g.
 * {@code posix.system}), every call of something that is not one of those, and every opcode that could build an
 * arbitrary object ({@code INST}, {@code OBJ}, {@code NEWOBJ} of a non-dict, extension registry codes).
 */
final class RestrictedUnpickler {

	/** Stands for MARK on the stack; never escapes. */
	private static final Object MARK = new Object();
	/** Deeper nesting than this is not a state dict; refusing keeps hostile input from exhausting memory. */
	private static final int MAX_STACK = 1_000_000;

	private final ByteBuffer in;
	private final String source;
	private final List<Object> stack = new ArrayList<>();
	private final List<Integer> marks = new ArrayList<>();
	private final Map<Long, Object> memo = new HashMap<>();

	private RestrictedUnpickler(byte[] pickle, String source) {
		this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
		this.source = source;
	}

	/** The object the pickle describes; {@code source} names the file (and record) in every error. */
	static Object load(byte[] pickle, String source) throws WeightsFormatException {
		try {
			return new RestrictedUnpickler(pickle, source).run();
		} catch (java.nio.BufferUnderflowException e) {
			throw new WeightsFormatException(source + ": the pickle ends in the middle of an instruction (truncated)");
		} catch (ClassCastException | IndexOutOfBoundsException e) {
			throw new WeightsFormatException(source + ": malformed pickle (" + e.getMessage() + ")");
		}
	}

	private Object run() throws WeightsFormatException {
		while (true) {
			int position = in.position();
			int op = in.get() & 0xFF;
			switch (op) {
				case 0x80 -> { // PROTO
					int protocol = in.get() & 0xFF;
					if (protocol > 5) throw error(position, "pickle protocol " + protocol + " is not supported");
				}
				case 0x95 -> in.getLong(); // FRAME: a length hint only
				case '.' -> { // STOP
					if (stack.size() != 1 || !marks.isEmpty()) throw error(position, "the pickle ends with " +
						stack.size() + " values on the stack");
					return stack.get(0);
				}
				case '(' -> marks.add(stack.size());
				case '0' -> pop(); // POP
				case '1' -> popMark(); // POP_MARK
				case '2' -> push(peek()); // DUP
				case 'N' -> push(null);
				case 0x88 -> push(Boolean.TRUE);
				case 0x89 -> push(Boolean.FALSE);
				case 'J' -> push((long) in.getInt());
				case 'K' -> push((long) (in.get() & 0xFF));
				case 'M' -> push((long) (in.getShort() & 0xFFFF));
				case 0x8a -> push(longN(in.get() & 0xFF));
				case 0x8b -> push(longN(length(in.getInt(), position)));
				case 'G' -> push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT: big-endian
				case 'X' -> push(text(length(in.getInt(), position), StandardCharsets.UTF_8));
				case 0x8c -> push(text(in.get() & 0xFF, StandardCharsets.UTF_8));
				case 0x8d -> push(text(length(in.getLong(), position), StandardCharsets.UTF_8));
				case 'T' -> push(text(length(in.getInt(), position), StandardCharsets.ISO_8859_1));
				case 'U' -> push(text(in.get() & 0xFF, StandardCharsets.ISO_8859_1));
				case 'B' -> push(bytes(length(in.getInt(), position)));
				case 'C' -> push(bytes(in.get() & 0xFF));
				case 0x8e -> push(bytes(length(in.getLong(), position)));
				case ')' -> push(tuple(List.of()));
				case 't' -> push(tuple(popMark()));
				case 0x85 -> push(tuple(popN(1)));
				case 0x86 -> push(tuple(popN(2)));
				case 0x87 -> push(tuple(popN(3)));
				case ']' -> push(new ArrayList<>());
				case 'l' -> push(new ArrayList<>(popMark())); // LIST
				case '}' -> push(new LinkedHashMap<>());
				case 'd' -> push(dict(popMark(), position)); // DICT
				case 'a' -> { Object v = pop(); list(peek(), position).add(v); } // APPEND
				case 'e' -> { List<Object> items = popMark(); list(peek(), position).addAll(items); } // APPENDS
				case 's' -> { Object v = pop(); Object k = pop(); map(peek(), position).put(key(k, position), v); }
				case 'u' -> { Map<Object, Object> items = dict(popMark(), position); map(peek(), position).putAll(items); }
				case 'q' -> memo.put((long) (in.get() & 0xFF), peek()); // BINPUT
				case 'r' -> memo.put(in.getInt() & 0xFFFFFFFFL, peek()); // LONG_BINPUT
				case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
				case 'h' -> push(memoGet(in.get() & 0xFF, position)); // BINGET
				case 'j' -> push(memoGet(in.getInt() & 0xFFFFFFFFL, position)); // LONG_BINGET
				case 'c' -> push(global(line(position), line(position), position)); // GLOBAL
				case 0x93 -> { Object name = pop(); Object module = pop(); // STACK_GLOBAL
					if (!(module instanceof String m) || !(name instanceof String n))
						throw error(position, "STACK_GLOBAL without module and name strings");
					push(global(m, n, position)); }
				case 'Q' -> push(persistent(pop(), position)); // BINPERSID
				case 'R' -> { Object args = pop(); push(call(pop(), args, position)); } // REDUCE
				case 0x81 -> { Object args = pop(); push(call(pop(), args, position)); } // NEWOBJ
				case 'b' -> build(pop(), peek(), position); // BUILD
				default -> throw error(position, "pickle opcode " + opcodeName(op) + " is not allowed in a " +
					"state dict (only tensors, numbers, strings, lists, tuples and dicts are read)");
			}
			if (stack.size() > MAX_STACK) throw error(position, "more than " + MAX_STACK + " values on the stack");
		}
	}

	private Object global(String pickledModule, String name, int position) throws WeightsFormatException {
		// protocol 2 writes Python 2 module names; name them as Python 3 does (as pickle's _compat_pickle maps them)
		String module = switch (pickledModule) {
			case "__builtin__" -> "builtins";
			case "copy_reg" -> "copyreg";
			default -> pickledModule;
		};
		Object resolved = PickleGlobal.resolve(module, name);
		if (resolved == null) throw error(position, "refused pickle global '" + module + "." + name + "': only " +
			PickleGlobal.ALLOWED + " are allowed (no code from a checkpoint is ever run; re-save just the state " +
			"dict: torch.save(model.state_dict(), path))");
		return resolved;
	}

	private Object call(Object callable, Object argsObject, int position) throws WeightsFormatException {
		if (!(callable instanceof PickleGlobal g) || g == PickleGlobal.STORAGE)
			throw error(position, "refused call of " + describe(callable) + ": only " + PickleGlobal.ALLOWED +
				" may be called in a checkpoint");
		if (!(argsObject instanceof List<?> args)) throw error(position, "call of " + g.pythonName + " without an argument tuple");
		switch (g) {
			case ORDERED_DICT -> {
				if (!args.isEmpty()) throw error(position, "collections.OrderedDict called with arguments " + args);
				return new LinkedHashMap<>();
			}
			case TORCH_DEVICE -> { // torch.device('cuda', 0) or ('cpu',): kept as its string
				if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof String type) ||
					(args.size() == 2 && !(args.get(1) instanceof Long)))
					throw error(position, "torch.device called with " + args + ", expected (type[, index])");
				return args.size() == 2 ? type + ":" + args.get(1) : type;
			}
			case NUMPY_DTYPE -> {
				if (args.isEmpty() || !(args.get(0) instanceof String code))
					throw error(position, "numpy.dtype called without a type code");
				NumpyDtype dtype = NumpyDtype.of(code);
				if (dtype == null) throw error(position, "refused numpy.dtype('" + code + "'): only float64 ('f8'), " +
					"float32 ('f4') and int64 ('i8') scalars are read");
				return dtype;
			}
			case NUMPY_SCALAR -> {
				if (args.size() != 2 || !(args.get(0) instanceof NumpyDtype dtype) || !(args.get(1) instanceof byte[] raw))
					throw error(position, "numpy.core.multiarray.scalar called with " + describe(args) +
						", expected (dtype, bytes)");
				if (raw.length != dtype.itemSize) throw error(position, "a NumPy " + dtype + " scalar of " + raw.length +
					" bytes (expected " + dtype.itemSize + ")");
				return dtype.decode(raw);
			}
			case CODECS_ENCODE -> { // protocol 2 writes Python 3 bytes as _codecs.encode(text, 'latin1')
				if (args.size() != 2 || !(args.get(0) instanceof String text) || !"latin1".equals(args.get(1)))
					throw error(position, "_codecs.encode called with " + describe(args) + ", expected (text, 'latin1')");
				return text.getBytes(StandardCharsets.ISO_8859_1);
			}
			case REBUILD_PARAMETER -> {
				if (args.size() < 1 || !(args.get(0) instanceof TensorView t))
					throw error(position, "torch._utils._rebuild_parameter without a tensor");
				return t;
			}
			default -> {
				if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage))
					throw error(position, "torch._utils._rebuild_tensor_v2 without (storage, offset, size, stride)");
				return new TensorView(storage, integer(args.get(1), "storage offset", position),
					integers(args.get(2), "size", position), integers(args.get(3), "stride", position));
			}
		}
	}

	/** BUILD sets object state; allowed only as the attributes of an OrderedDict (a state dict's _metadata). */
	private void build(Object state, Object target, int position) throws WeightsFormatException {
		if (target instanceof Map && (state == null || state instanceof Map)) return;
		if (target instanceof TensorView && (state == null || state instanceof Map<?, ?> m && m.isEmpty())) return;
		if (target instanceof NumpyDtype dtype && state instanceof List<?> t && t.size() >= 2 && t.get(1) instanceof String order
			&& order.length() == 1 && "<>|=".contains(order)) {
			dtype.byteOrder = order.charAt(0);
			return;
		}
		throw error(position, "refused BUILD (setting the state) of " + describe(target));
	}

	private StorageRef persistent(Object pid, int position) throws WeightsFormatException {
		if (!(pid instanceof List<?> t) || t.size() != 5 || !"storage".equals(t.get(0)))
			throw error(position, "unsupported persistent id " + describe(pid) + " (expected ('storage', type, key, " +
				"location, size))");
		if (!(t.get(1) instanceof StorageType type)) throw error(position, "storage of unsupported type " + describe(t.get(1)));
		if (!(t.get(2) instanceof String key) || !key.matches("[A-Za-z0-9_]{1,64}"))
			throw error(position, "storage key " + describe(t.get(2)) + " is not a plain record name");
		long numel = integer(t.get(4), "storage size", position);
		if (numel < 0) throw error(position, "storage " + key + " has negative size " + numel);
		return new StorageRef(type, key, numel);
	}

	private long integer(Object value, String what, int position) throws WeightsFormatException {
		if (value instanceof Long l) return l;
		throw error(position, what + " is " + describe(value) + ", not an integer");
	}

	private long[] integers(Object value, String what, int position) throws WeightsFormatException {
		if (!(value instanceof List<?> list)) throw error(position, "tensor " + what + " is " + describe(value) + ", not a tuple");
		long[] out = new long[list.size()];
		for (int i = 0; i < out.length; i++) out[i] = integer(list.get(i), "tensor " + what + " entry", position);
		return out;
	}

	private Object longN(int n) {
		byte[] littleEndian = bytes(n);
		if (n == 0) return 0L;
		byte[] bigEndian = new byte[n];
		for (int i = 0; i < n; i++) bigEndian[i] = littleEndian[n - 1 - i];
		BigInteger v = new BigInteger(bigEndian);
		return v.bitLength() < 64 ? (Object) v.longValue() : v;
	}

	private int length(long n, int position) throws WeightsFormatException {
		if (n < 0 || n > in.remaining()) throw error(position, "a length of " + n + " bytes runs past the end of " +
			"the pickle (" + in.remaining() + " bytes left)");
		return (int) n;
	}

	private byte[] bytes(int n) {
		byte[] b = new byte[n];
		in.get(b);
		return b;
	}

	private String text(int n, java.nio.charset.Charset charset) {
		return new String(bytes(n), charset);
	}

	/** A newline-terminated ASCII line (GLOBAL's module and name). */
	private String line(int position) throws WeightsFormatException {
		StringBuilder s = new StringBuilder();
		while (true) {
			byte b = in.get();
			if (b == '\n') return s.toString();
			if (s.length() > 256) throw error(position, "GLOBAL name longer than 256 characters");
			s.append((char) (b & 0xFF));
		}
	}

	private Object memoGet(long index, int position) throws WeightsFormatException {
		if (!memo.containsKey(index)) throw error(position, "memo entry " + index + " used before it was set");
		return memo.get(index);
	}

	private static List<Object> tuple(List<Object> items) {
		return Collections.unmodifiableList(new ArrayList<>(items));
	}

	private Map<Object, Object> dict(List<Object> items, int position) throws WeightsFormatException {
		if (items.size() % 2 != 0) throw error(position, "a dict with an odd number of keys and values");
		Map<Object, Object> d = new LinkedHashMap<>();
		for (int i = 0; i < items.size(); i += 2) d.put(key(items.get(i), position), items.get(i + 1));
		return d;
	}

	private Object key(Object k, int position) throws WeightsFormatException {
		if (k instanceof Map || k instanceof ArrayList) throw error(position, "unhashable dict key " + describe(k));
		return k;
	}

	@SuppressWarnings("unchecked")
	private List<Object> list(Object target, int position) throws WeightsFormatException {
		if (target instanceof ArrayList<?> l) return (List<Object>) l;
		throw error(position, "APPEND to " + describe(target) + ", which is not a list");
	}

	@SuppressWarnings("unchecked")
	private Map<Object, Object> map(Object target, int position) throws WeightsFormatException {
		if (target instanceof Map<?, ?> m) return (Map<Object, Object>) m;
		throw error(position, "SETITEM on " + describe(target) + ", which is not a dict");
	}

	private void push(Object o) {
		stack.add(o);
	}

	private Object pop() {
		if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size()))
			throw new IndexOutOfBoundsException("pop from an empty stack");
		return stack.remove(stack.size() - 1);
	}

	private Object peek() {
		if (stack.isEmpty()) throw new IndexOutOfBoundsException("the stack is empty");
		return stack.get(stack.size() - 1);
	}

	private List<Object> popN(int n) {
		List<Object> items = new ArrayList<>();
		for (int i = 0; i < n; i++) items.add(0, pop());
		return items;
	}

	private List<Object> popMark() {
		if (marks.isEmpty()) throw new IndexOutOfBoundsException("no MARK on the stack");
		int at = marks.remove(marks.size() - 1);
		List<Object> top = stack.subList(at, stack.size());
		List<Object> items = new ArrayList<>(top);
		top.clear();
		return items;
	}

	private static String describe(Object o) {
		if (o == null) return "None";
		if (o instanceof PickleGlobal g) return g.pythonName;
		if (o instanceof StorageType t) return "torch." + t.className;
		if (o instanceof String s) return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
		if (o instanceof List) return "a tuple/list";
		if (o instanceof Map) return "a dict";
		if (o instanceof TensorView) return "a tensor";
		if (o instanceof NumpyDtype d) return d.toString();
		if (o instanceof byte[] b) return b.length + " bytes";
		return o.getClass().getSimpleName() + " " + o;
	}

	private static String opcodeName(int op) {
		String name = switch (op) {
			case 'i' -> "INST"; case 'o' -> "OBJ"; case 0x82 -> "EXT1"; case 0x83 -> "EXT2"; case 0x84 -> "EXT4";
			case 0x92 -> "NEWOBJ_EX"; case 'P' -> "PERSID"; case 'I' -> "INT"; case 'L' -> "LONG"; case 'F' -> "FLOAT";
			case 'S' -> "STRING"; case 'V' -> "UNICODE"; case 'p' -> "PUT"; case 'g' -> "GET";
			case 0x8f -> "EMPTY_SET"; case 0x90 -> "ADDITEMS"; case 0x91 -> "FROZENSET"; case 0x96 -> "BYTEARRAY8";
			case 0x97 -> "NEXT_BUFFER"; case 0x98 -> "READONLY_BUFFER";
			default -> "unknown";
		};
		return name + " (0x" + Integer.toHexString(op) + ")";
	}

	private WeightsFormatException error(int position, String message) {
		return new WeightsFormatException(source + ": " + message + " (pickle byte " + position + ")");
	}
}
