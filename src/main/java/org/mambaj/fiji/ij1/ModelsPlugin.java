package org.mambaj.fiji.ij1;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.mambaj.fiji.ModelsCommand;
import org.mambaj.zoo.ModelInfo;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.command.ContextCommand;

/**
 * Plugins > MambaJ > MambaJ Models...: runs {@link ModelsCommand} itself (it needs no services) with the
 * dialog's values; its report goes to the Log, and "list" also fills the "MambaJ Models" table.
 */
public final class ModelsPlugin implements PlugIn {

	static final String TABLE = "MambaJ Models";

	@Override
	public void run(String arg) {
		try {
			Map<String, Object> values = new ParameterDialog("MambaJ Models", ModelsCommand.class, List.of(), Map.of()).ask();
			if (values == null) return;
			ModelsCommand command = new ModelsCommand();
			for (Map.Entry<String, Object> e : values.entrySet()) setField(command, e.getKey(), e.getValue());
			command.run();
			if (command.isCanceled()) throw new IllegalArgumentException(command.getCancelReason());
			IJ.log(String.valueOf(getField(command, "report")).strip());
			if ("list".equals(values.get("action"))) table().show(TABLE);
		}
		catch (IOException | RuntimeException e) {
			CommandPlugin.error(e);
		}
	}

	/** One row per installed model: name, task, origin, title, metrics. */
	private static ResultsTable table() throws IOException {
		ResultsTable table = new ResultsTable();
		table.showRowNumbers(false);
		for (ModelInfo m : ModelRegistry.shared().list()) {
			table.incrementCounter();
			table.addValue("Name", m.name());
			table.addValue("Task", m.task());
			table.addValue("Origin", m.origin());
			table.addValue("Title", m.title());
			m.metrics().forEach((k, v) -> {
				if (v instanceof Number n) table.addValue(k, n.doubleValue());
			});
		}
		return table;
	}

	private static void setField(ContextCommand command, String name, Object value) {
		try {
			Field f = field(command.getClass(), name);
			f.setAccessible(true);
			f.set(command, value);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("cannot set " + name + " of " + command.getClass().getSimpleName(), e);
		}
	}

	private static Object getField(ContextCommand command, String name) {
		try {
			Field f = field(command.getClass(), name);
			f.setAccessible(true);
			return f.get(command);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("cannot read " + name + " of " + command.getClass().getSimpleName(), e);
		}
	}

	private static Field field(Class<?> type, String name) throws NoSuchFieldException {
		for (Class<?> c = type; c != null; c = c.getSuperclass()) {
			try {
				return c.getDeclaredField(name);
			}
			catch (NoSuchFieldException e) {
				// look in the superclass
			}
		}
		throw new NoSuchFieldException(name);
	}
}
