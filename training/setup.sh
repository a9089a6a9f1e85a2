#!/usr/bin/env bash
# Installs what the Python reference, golden-file and training scripts need: Debian's CPU PyTorch and friends.
# PyPI is not reachable here, so everything comes from Debian packages into /usr/bin/python3.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-torch python3-numpy python3-scipy python3-skimage python3-tifffile \
  python3-pil python3-yaml >/dev/null
/usr/bin/python3 -c "import torch, numpy, skimage, tifffile, yaml; print('torch', torch.__version__)"
