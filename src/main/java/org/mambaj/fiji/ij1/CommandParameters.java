package org.mambaj.fiji.ij1;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;

/**
 * The user-facing inputs of a SciJava command, read from its {@code @Parameter} fields: the single source
 * of the names, choices, ranges and defaults that the ImageJ 1.x dialogs show and macros use.
 */
final class CommandParameters {

	/** One input: its macro key is {@code name}; {@code choices} is empty for free values. */
	record Item(String name, Class<?> type, String label, String description, List<String> choices,
		double min, double max, Object defaultValue, boolean persist) {

		boolean isNumber() {
			return type == int.class || type == Integer.class || type == long.class || type == Long.class ||
				type == double.class || type == Double.class || type == float.class || type == Float.class;
		}

		boolean isInteger() {
			return type == int.class || type == Integer.class || type == long.class || type == Long.class;
		}

		boolean isBoolean() {
			return type == boolean.class || type == Boolean.class;
		}

		/** A checkbox that is not a command parameter. */
		static Item checkbox(String name, String label, String description, boolean value) {
			return new Item(name, boolean.class, label, description, List.of(), 0, 1, value, false);
		}
	}

	private CommandParameters() {}

	/**
	 * The inputs of {@code command} a user sets: strings, numbers and booleans, not images, services or
	 * outputs. Defaults are the field initializers of a fresh instance.
	 */
	static List<Item> of(Class<?> command) {
		Object fresh = newInstance(command);
		List<Item> items = new ArrayList<>();
		for (Class<?> c = command; c != null && c != Object.class; c = c.getSuperclass()) {
			List<Item> own = new ArrayList<>();
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Modifier.isStatic(f.getModifiers()) || !isUserInput(p, f.getType())) continue;
				own.add(item(f, p, fresh));
			}
			items.addAll(0, own); // superclass parameters first, like SciJava
		}
		return items;
	}

	private static boolean isUserInput(Parameter p, Class<?> type) {
		if (p.type() == ItemIO.OUTPUT) return false;
		if (p.visibility() == ItemVisibility.MESSAGE || p.visibility() == ItemVisibility.INVISIBLE) return false;
		return type == String.class || type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class;
	}

	private static Item item(Field f, Parameter p, Object fresh) {
		Object value = null;
		try {
			f.setAccessible(true);
			value = fresh != null ? f.get(fresh) : null;
		}
		catch (IllegalAccessException | RuntimeException e) {
			// no default: the dialog starts empty
		}
		String label = p.label().isEmpty() ? f.getName() : p.label();
		return new Item(f.getName(), f.getType(), label, p.description(), List.of(p.choices()),
			parse(p.min(), Double.NEGATIVE_INFINITY), parse(p.max(), Double.POSITIVE_INFINITY), value, p.persist());
	}

	private static double parse(String bound, double otherwise) {
		try {
			return bound.isEmpty() ? otherwise : Double.parseDouble(bound);
		}
		catch (NumberFormatException e) {
			return otherwise;
		}
	}

	private static Object newInstance(Class<?> command) {
		try {
			var ctor = command.getDeclaredConstructor();
			ctor.setAccessible(true);
			return ctor.newInstance();
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}
}
