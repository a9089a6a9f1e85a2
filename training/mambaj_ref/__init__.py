"""PyTorch (CPU, fp32) reference implementations of the published Mamba image models, used to write the
golden files the Java code is tested against and to train small models. No mamba_ssm / einops needed."""
import json
import os

from . import scan
from .lightmunet import LightMUNet
from .mamba import Mamba, MambaLayer
from .mambaunet import MambaUNet
from .mambair import MambaIR
from .medmamba import MedMamba
from .ultralight import UltraLight_VM_UNet
from .swinumamba import SwinUMamba, SwinUMambaD
from .umamba import UMambaBot, UMambaEnc
from .vmamba import SS2D
from .vmunet import VMUNet

ARCHITECTURES = {
    "mamba": Mamba,          # d_model, d_state, d_conv, expand; input (B, L, d_model)
    "mambalayer": MambaLayer,  # dim, d_state, d_conv, expand; input (B, C, H, W)
    "ss2d": SS2D,            # d_model, d_state, d_conv, expand; input (B, H, W, d_model)
    "vmunet": VMUNet,        # input_channels, num_classes, depths, depths_decoder, dims, d_state
    "medmamba": MedMamba,    # in_chans, num_classes, depths, dims, d_state
    "mambair": MambaIR,      # in_chans, embed_dim, depths, d_state, mlp_ratio, img_range
    "umamba_bot": UMambaBot,  # input_channels, n_stages, features_per_stage, kernel_sizes, strides, ... (nnU-Net)
    "ultralight_vmunet": UltraLight_VM_UNet,  # num_classes, input_channels, c_list, split_att, bridge
    "umamba_enc": UMambaEnc,  # the same plus input_size (the training patch size)
    "lightm_unet": LightMUNet,  # spatial_dims (2), init_filters, in_channels, out_channels, blocks_down, blocks_up
    "mamba_unet": MambaUNet,  # in_chans, num_classes, depths (4), dims (extra: upstream always 96..768), d_state
    "swin_umamba": SwinUMamba,  # in_chans, out_chans, feat_size, depths, d_state (Swin-UMamba, nnU-Net)
    "swin_umamba_d": SwinUMambaD,  # in_chans, num_classes, patch_size, depths, dims, d_state (Swin-UMamba-dagger)
}


# The one set of per-architecture defaults, shared with the Java side (org.mambaj.models.ArchitectureDefaults).
DEFAULTS_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "src", "main",
                             "resources", "org", "mambaj", "models", "architecture-defaults.json")
with open(DEFAULTS_JSON) as _f:
    DEFAULTS = {k: v for k, v in json.load(_f).items() if not k.startswith("_")}


def published_config(arch_name, config=None):
    """config over the architecture's published defaults (what the Java side builds for the same config)."""
    return dict(DEFAULTS.get(arch_name.lower(), {}).get("config", {}), **dict(config or {}))


def from_config(arch_name, config):
    """Build a model from the published constructor argument names, e.g.
    from_config("vmunet", {"input_channels": 3, "num_classes": 1, "depths": [2, 2, 2, 2], ...}); keys left out
    take the values of architecture-defaults.json, as in Java."""
    return ARCHITECTURES[arch_name.lower()](**published_config(arch_name, config))
