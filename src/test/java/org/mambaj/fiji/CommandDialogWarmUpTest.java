package org.mambaj.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mambaj.run.DialogWarmUp;
import org.mambaj.testing.TestPackages;
import org.mambaj.zoo.BundledModels;
import org.mambaj.zoo.ModelRegistry;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.thread.ThreadService;
import org.scijava.widget.AbstractInputHarvester;
import org.scijava.widget.AbstractInputPanel;
import org.scijava.widget.AbstractInputWidget;
import org.scijava.widget.InputHarvester;
import org.scijava.widget.InputPanel;
import org.scijava.widget.InputWidget;

import net.imglib2.img.array.ArrayImgs;

/**
 * The SciJava commands warm the model the user types into their dialog, and only then: a run whose inputs a script
 * gives has no dialog and never warms up. The dialog here is SciJava's own input harvesting (AbstractInputHarvester,
 * DefaultWidgetModel) with a stand-in for the Swing dialog, which is not on Maven Central: the "user" types the model
 * name one key at a time and clicks OK once the warm-up is done.
 */
@Timeout(120)
class CommandDialogWarmUpTest {

	@TempDir
	static Path tmp;

	static Context context;
	static CommandService commands;
	static ModelRegistry registry;
	static String nuclei;

	@BeforeAll
	static void setUp() throws Exception {
		registry = new ModelRegistry(new BundledModels(ClassLoader.getPlatformClassLoader(), tmp.resolve("cache")),
			tmp.resolve("user"));
		nuclei = registry.install(TestPackages.write(TestPackages.NUCLEI, tmp.resolve("source"))).name();
		context = new Context();
		context.service(MambaJService.class).setRegistry(registry);
		PluginService plugins = context.service(PluginService.class);
		PluginInfo<PreprocessorPlugin> dialog = new PluginInfo<>(TypingDialog.class, PreprocessorPlugin.class);
		dialog.setPriority(InputHarvester.PRIORITY);
		plugins.addPlugin(dialog);
		plugins.addPlugin(new PluginInfo<>(AnyWidget.class, InputWidget.class));
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
		registry.close();
	}

	@BeforeEach
	void noDialogYet() {
		TypingDialog.shown = 0;
	}

	@Test
	void theModelTypedIntoTheDialogIsWarmedBeforeTheRun() throws Exception {
		TypingDialog.typed = nuclei;
		CommandModule m = run(Map.of("input", ArrayImgs.floats(32, 32), "engine", "java"));
		assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
		assertEquals(1, TypingDialog.shown);
		DialogWarmUp w = ((ModelCommand) m.getDelegateObject()).dialogWarmUp();
		assertNotNull(w, "the dialog's model was warmed");
		assertEquals(1, w.started(), "one warm-up for the whole name, none for the keys before it");
		assertTrue(w.ready(), "the warm-up ran its synthetic inferences while the dialog was open");
		assertNotNull(m.getOutput("result"));
	}

	@Test
	void aTextThatIsNoModelStartsNothing() throws Exception {
		TypingDialog.typed = "no-such-model";
		CommandModule m = run(Map.of("input", ArrayImgs.floats(32, 32), "engine", "java"));
		assertEquals(1, TypingDialog.shown);
		assertNull(((ModelCommand) m.getDelegateObject()).dialogWarmUp());
		assertTrue(m.isCanceled() && m.getCancelReason().contains("no-such-model"), m.getCancelReason());
	}

	/** With every input given, as a script gives them, there is no dialog and nothing warms. */
	@Test
	void aRunWithEveryInputGivenNeverWarmsUp() throws Exception {
		Map<String, Object> inputs = new HashMap<>(Map.of("input", ArrayImgs.floats(32, 32), "channel_axis", false,
			"model", nuclei, "engine", "java", "normalize", "model", "low", 1.0, "high", 99.8, "tile", 0, "overlap", -1));
		inputs.put("output", "auto");
		CommandModule m = run(inputs);
		assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
		assertEquals(0, TypingDialog.shown, "no input left to ask for");
		assertNull(((ModelCommand) m.getDelegateObject()).dialogWarmUp());
	}

	static CommandModule run(Map<String, Object> inputs) throws Exception {
		return commands.run(SegmentCommand.class, true, inputs).get();
	}

	/** SciJava's input harvesting with a user who types {@link #typed} into the Model field, then clicks OK. */
	public static class TypingDialog extends AbstractInputHarvester<Object, Object> implements PreprocessorPlugin {
		static volatile String typed;
		static volatile int shown;

		@Parameter
		private ThreadService threads;

		private String cancelReason;

		@Override
		public void process(Module module) {
			try {
				harvest(module);
			} catch (Exception e) {
				cancel(e.getMessage());
			}
		}

		@Override
		public InputPanel<Object, Object> createInputPanel() {
			return new Panel();
		}

		@Override
		public boolean harvestInputs(InputPanel<Object, Object> panel, Module module) {
			shown++;
			try {
				for (int i = 1; i <= typed.length(); i++) {
					panel.getWidget("model").get().setValue(typed.substring(0, i)); // what a text field reports
					EventQueue.invokeAndWait(() -> {}); // SciJava runs the callback on the event dispatch thread
					threads.queue(ModelCommand.WARM_UP_QUEUE, () -> {}).get(); // and the command checks the name there
				}
				DialogWarmUp w = ((ModelCommand) module.getDelegateObject()).dialogWarmUp();
				long deadline = System.nanoTime() + 60_000_000_000L; // the user looks at the dialog a while
				while (w != null && !w.ready() && System.nanoTime() < deadline) Thread.sleep(10);
				return true;
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}

		@Override
		public boolean isCanceled() {
			return cancelReason != null;
		}

		@Override
		public void cancel(String reason) {
			cancelReason = reason == null ? "" : reason;
		}

		@Override
		public String getCancelReason() {
			return cancelReason;
		}
	}

	static class Panel extends AbstractInputPanel<Object, Object> {
		@Override public Class<Object> getWidgetComponentType() { return Object.class; }
		@Override public Object getComponent() { return this; }
		@Override public Class<Object> getComponentType() { return Object.class; }
	}

	/** A widget for every parameter type. */
	public static class AnyWidget extends AbstractInputWidget<Object, Object> {
		@Override public Object getValue() { return get().getValue(); }
		@Override public void refreshWidget() {}
		@Override public Object getComponent() { return this; }
		@Override public Class<Object> getComponentType() { return Object.class; }
	}
}
