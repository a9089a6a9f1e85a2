"""PyTorch (CPU, fp32) reference implementations of the published Mamba image models, used to write the
golden files the Java code is tested against and to train small models. No mamba_ssm / einops needed."""
from . import scan
from .mamba import Mamba, MambaLayer
from .mambair import MambaIR
from .medmamba import MedMamba
from .vmamba import SS2D
from .vmunet import VMUNet

ARCHITECTURES = {
    "mamba": Mamba,          # d_model, d_state, d_conv, expand; input (B, L, d_model)
    "mambalayer": MambaLayer,  # dim, d_state, d_conv, expand; input (B, C, H, W)
    "ss2d": SS2D,            # d_model, d_state, d_conv, expand; input (B, H, W, d_model)
    "vmunet": VMUNet,        # input_channels, num_classes, depths, depths_decoder, dims, d_state
    "medmamba": MedMamba,    # in_chans, num_classes, depths, dims, d_state
    "mambair": MambaIR,      # in_chans, embed_dim, depths, d_state, mlp_ratio, img_range
}


def from_config(arch_name, config):
    """Build a model from the published constructor argument names, e.g.
    from_config("vmunet", {"input_channels": 3, "num_classes": 1, "depths": [2, 2, 2, 2], ...})."""
    return ARCHITECTURES[arch_name.lower()](**dict(config))
