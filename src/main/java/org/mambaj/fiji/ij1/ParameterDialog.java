package org.mambaj.fiji.ij1;

import java.awt.Choice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;

/**
 * An ImageJ 1.x dialog for a SciJava command's inputs. The label of each field starts with the parameter's
 * name (an underscore shows as a space), so the Recorder writes {@code name=value} and a macro's options
 * are read back under the same keys the SciJava command uses. A value is remembered between dialogs (in
 * IJ_Prefs) only where the command's parameter persists; macro runs neither read nor change remembered values.
 */
final class ParameterDialog {

	private final String title;
	private final String prefsPrefix;
	private final List<CommandParameters.Item> items;
	private final Map<String, List<String>> choices;

	/**
	 * @param extras options of the ImageJ 1.x entry only, shown after the command's
	 * @param choices per parameter name, choices known only at run time (e.g. the installed models); they
	 *          replace the annotation's
	 */
	ParameterDialog(String title, Class<?> command, List<CommandParameters.Item> extras, Map<String, List<String>> choices) {
		this.title = title;
		this.prefsPrefix = "mambaj." + command.getSimpleName() + ".";
		this.items = new ArrayList<>(CommandParameters.of(command));
		this.items.addAll(extras);
		this.choices = choices;
	}

	/** This dialog without the named parameters (those the caller answers itself). */
	ParameterDialog without(List<String> names) {
		items.removeIf(item -> names.contains(item.name()));
		return this;
	}

	/** Shows the dialog (or reads the macro's options); the values by parameter name, or null if cancelled. */
	Map<String, Object> ask() {
		return ask(choices -> {});
	}

	/**
	 * {@link #ask()}, telling {@code onChoices} the selected value of every choice field (by parameter name) while
	 * the dialog is open: once when it appears and again whenever the user picks another value. Not called for a
	 * macro, which shows no dialog.
	 */
	Map<String, Object> ask(Consumer<Map<String, String>> onChoices) {
		boolean macro = Macro.getOptions() != null;
		GenericDialog gd = new GenericDialog(title);
		for (CommandParameters.Item item : items) add(gd, item, macro ? item.defaultValue() : remembered(item));
		gd.addHelp(help());
		if (!macro) watchChoices(gd, onChoices);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		Map<String, Object> values = new LinkedHashMap<>();
		for (CommandParameters.Item item : items) values.put(item.name(), next(gd, item));
		if (gd.invalidNumber()) throw new IllegalArgumentException("a number in the dialog is not valid: " + gd.getErrorMessage());
		if (!macro) for (CommandParameters.Item item : items)
			if (item.persist()) Prefs.set(prefsPrefix + item.name(), String.valueOf(values.get(item.name())));
		return values;
	}

	private void add(GenericDialog gd, CommandParameters.Item item, Object value) {
		String label = label(item);
		List<String> options = choices.getOrDefault(item.name(), item.choices());
		if (item.isBoolean()) gd.addCheckbox(label, Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value)));
		else if (!options.isEmpty()) {
			String selected = value != null && options.contains(String.valueOf(value)) ? String.valueOf(value) : options.get(0);
			gd.addChoice(label, options.toArray(String[]::new), selected);
		}
		else if (item.isNumber()) {
			double v = value instanceof Number n ? n.doubleValue() : parseOr(String.valueOf(value), 0);
			gd.addNumericField(label, v, item.isInteger() ? 0 : 2, 6, hint(item.label()));
		}
		else gd.addStringField(label, value == null ? "" : String.valueOf(value), 20);
	}

	/** Reports the choice fields' selections now and on every change (GenericDialog keeps its Choices in order). */
	private void watchChoices(GenericDialog gd, Consumer<Map<String, String>> onChoices) {
		List<String> names = new ArrayList<>();
		for (CommandParameters.Item item : items)
			if (!item.isBoolean() && !choices.getOrDefault(item.name(), item.choices()).isEmpty()) names.add(item.name());
		List<Choice> fields = gd.getChoices() == null ? List.of() : List.copyOf(gd.getChoices());
		if (fields.size() != names.size()) return; // not the dialog this class built: better no reports than wrong ones
		Runnable report = () -> {
			Map<String, String> selected = new LinkedHashMap<>();
			for (int i = 0; i < names.size(); i++) selected.put(names.get(i), fields.get(i).getSelectedItem());
			onChoices.accept(selected);
		};
		for (Choice field : fields) field.addItemListener(e -> report.run());
		report.run();
	}

	private Object next(GenericDialog gd, CommandParameters.Item item) {
		List<String> options = choices.getOrDefault(item.name(), item.choices());
		if (item.isBoolean()) return gd.getNextBoolean();
		if (!options.isEmpty()) return gd.getNextChoice();
		if (item.isNumber()) {
			double v = gd.getNextNumber();
			if (v < item.min() || v > item.max()) throw new IllegalArgumentException(item.name() + " must be between " +
				format(item.min()) + " and " + format(item.max()) + ", got " + format(v));
			return item.isInteger() ? (Object) (int) Math.round(v) : (Object) v;
		}
		return gd.getNextString();
	}

	/** Capitalized parameter name: GenericDialog shows "_" as a space and records the lower-case name. */
	private static String label(CommandParameters.Item item) {
		String n = item.name();
		return n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1);
	}

	/** The parenthesized part of a SciJava label ("Tile size (0 = model default)"), shown after the field. */
	private static String hint(String label) {
		int open = label.indexOf('('), close = label.lastIndexOf(')');
		return open >= 0 && close > open ? label.substring(open, close + 1) : "";
	}

	private Object remembered(CommandParameters.Item item) {
		String stored = item.persist() ? Prefs.get(prefsPrefix + item.name(), null) : null;
		return stored != null ? stored : item.defaultValue();
	}

	/** The parameters' SciJava labels and descriptions, for the dialog's Help button. */
	private String help() {
		StringBuilder html = new StringBuilder("<html><h3>" + title + "</h3><dl>");
		for (CommandParameters.Item item : items)
			html.append("<dt><b>").append(item.name()).append("</b>: ").append(item.label()).append("</dt><dd>")
				.append(item.description()).append("</dd>");
		return html.append("</dl></html>").toString();
	}

	private static double parseOr(String s, double otherwise) {
		try {
			return Double.parseDouble(s);
		}
		catch (NumberFormatException e) {
			return otherwise;
		}
	}

	private static String format(double v) {
		return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
	}
}
