package org.mambaj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;

/** Changes one field of a package's rdf.yaml, by a dotted path such as {@code config.mambaj.input_size}. */
public final class RdfEdits {

	/** Stands for "remove this field". */
	public static final Object REMOVE = new Object();

	private RdfEdits() {}

	/** Sets (or with {@link #REMOVE} removes) the field at {@code path}; list items are numbers: {@code inputs.0.shape}. */
	@SuppressWarnings("unchecked")
	public static void set(Path pkg, String path, Object value) {
		Path rdf = pkg.resolve("rdf.yaml");
		try {
			Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(rdf));
			String[] keys = path.split("\\.");
			Object node = root;
			for (int i = 0; i < keys.length - 1; i++)
				node = node instanceof List<?> l ? l.get(Integer.parseInt(keys[i])) : ((Map<String, Object>) node).get(keys[i]);
			String last = keys[keys.length - 1];
			if (node instanceof List<?> l) ((List<Object>) l).set(Integer.parseInt(last), value);
			else if (value == REMOVE) ((Map<String, Object>) node).remove(last);
			else ((Map<String, Object>) node).put(last, value);
			Files.writeString(rdf, new Yaml(new Representer(new DumperOptions()), new DumperOptions()).dump(root));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
