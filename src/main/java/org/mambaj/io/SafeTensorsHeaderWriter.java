package org.mambaj.io;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.mambaj.core.Tensor;

/** Builds the JSON header of a float32 safetensors file, padded with spaces to a multiple of 8 bytes. */
final class SafeTensorsHeaderWriter {

	private SafeTensorsHeaderWriter() {}

	static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
		StringBuilder json = new StringBuilder("{");
		if (metadata != null && !metadata.isEmpty()) {
			json.append(quote(SafeTensorsHeader.METADATA_KEY)).append(":{");
			boolean first = true;
			for (Map.Entry<String, String> e : metadata.entrySet()) {
				if (e.getKey() == null || e.getValue() == null) throw new IllegalArgumentException(
					"metadata keys and values must not be null: " + e);
				if (!first) json.append(',');
				json.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
				first = false;
			}
			json.append('}');
		}
		long offset = 0;
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			String name = e.getKey();
			if (name == null || name.equals(SafeTensorsHeader.METADATA_KEY)) throw new IllegalArgumentException(
				"invalid tensor name: " + name);
			if (e.getValue() == null) throw new IllegalArgumentException("tensor \"" + name + "\" is null");
			if (json.length() > 1) json.append(',');
			long bytes = 4L * e.getValue().size();
			json.append(quote(name)).append(":{\"dtype\":\"F32\",\"shape\":[");
			int[] shape = e.getValue().shape();
			for (int i = 0; i < shape.length; i++) json.append(i == 0 ? "" : ",").append(shape[i]);
			json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
			offset += bytes;
		}
		json.append('}');
		byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
		// Pad so the data starts 8-byte aligned (8-byte length + padded header), as the reference writer does.
		int padded = (raw.length + 7) / 8 * 8;
		byte[] header = new byte[padded];
		System.arraycopy(raw, 0, header, 0, raw.length);
		for (int i = raw.length; i < padded; i++) header[i] = ' ';
		return header;
	}

	static String quote(String s) {
		StringBuilder sb = new StringBuilder("\"");
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"': sb.append("\\\""); break;
				case '\\': sb.append("\\\\"); break;
				case '\n': sb.append("\\n"); break;
				case '\r': sb.append("\\r"); break;
				case '\t': sb.append("\\t"); break;
				default:
					if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
					else sb.append(c);
			}
		}
		return sb.append('"').toString();
	}
}
