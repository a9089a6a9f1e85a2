package org.mambaj.image;

import java.util.function.UnaryOperator;

import org.mambaj.core.Tensor;

/** Test networks written on channel-major planes, wrapped as the channels-last networks the tiler runs. */
final class PlaneNetworks {

	private PlaneNetworks() {}

	static UnaryOperator<Tensor> of(UnaryOperator<Plane> network) {
		return t -> ChannelsLast.copyOf(network.apply(ChannelsLast.toPlane(t)));
	}
}
