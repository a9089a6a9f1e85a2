package org.mambaj.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.mambaj.fiji.ClassifyCommand;
import org.mambaj.fiji.ModelsCommand;
import org.mambaj.fiji.SegmentCommand;

/** The dialog's fields are the SciJava command's user inputs: names, choices, ranges and defaults (headless). */
class CommandParametersTest {

	@Test
	void segmentInputsWithoutImagesServicesOrOutputs() {
		List<String> names = CommandParameters.of(SegmentCommand.class).stream().map(CommandParameters.Item::name).toList();
		assertEquals(List.of("channel_axis", "model", "engine", "normalize", "low", "high", "tile", "overlap", "output"), names);
	}

	@Test
	void choicesRangesAndDefaultsComeFromTheAnnotations() {
		Map<String, CommandParameters.Item> items = byName(CommandParameters.of(SegmentCommand.class));
		assertEquals(List.of("auto", "tensorflow", "java"), items.get("engine").choices());
		assertEquals("auto", items.get("engine").defaultValue());
		assertEquals(List.of("auto", "probabilities", "mask", "labels"), items.get("output").choices());
		assertEquals(-1, items.get("overlap").defaultValue());
		assertEquals(0.0, items.get("low").min());
		assertEquals(100.0, items.get("high").max());
		assertTrue(items.get("tile").isInteger());
		assertTrue(items.get("channel_axis").isBoolean());
	}

	@Test
	void classifyHasNoSegmentOutputAndModelsHasItsAction() {
		assertTrue(CommandParameters.of(ClassifyCommand.class).stream().noneMatch(i -> i.name().equals("output")));
		Map<String, CommandParameters.Item> models = byName(CommandParameters.of(ModelsCommand.class));
		assertEquals(List.of("list", "install", "validate"), models.get("action").choices());
		assertEquals(List.of("action", "model", "architecture", "config", "modelName", "authors", "license", "engine"),
			List.copyOf(models.keySet()));
	}

	private static Map<String, CommandParameters.Item> byName(List<CommandParameters.Item> items) {
		return items.stream().collect(Collectors.toMap(CommandParameters.Item::name, Function.identity(),
			(a, b) -> a, java.util.LinkedHashMap::new));
	}
}
