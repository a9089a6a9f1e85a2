"""One guard for every training loop: a step whose loss or gradient is not finite is not taken."""
import sys

import torch

MAX_SKIPPED_STEPS = 10


def finite_step(run, step, loss, model, skipped, checkpoint):
    """False for step index `step` (0-based) when its loss or a gradient is not finite: the caller then skips the
    optimizer update (as a mixed-precision loss scaler does) and `skipped` (the caller's list; segmentation keeps
    it in the run's state for the card) gets the step's number. More than MAX_SKIPPED_STEPS stop the run, naming the steps; the checkpoint on
    disk was saved before any of them reached the weights."""
    bad = [] if torch.isfinite(loss).all() else [f"loss {loss.item() if loss.numel() == 1 else 'tensor'}"]
    bad += [f"gradient of {k}" for k, p in model.named_parameters()
            if p.grad is not None and not torch.isfinite(p.grad).all()]
    if not bad:
        return True
    what = ", ".join(bad[:4]) + (f" and {len(bad) - 4} more" if len(bad) > 4 else "")
    skipped.append(step + 1)
    if len(skipped) > MAX_SKIPPED_STEPS:
        sys.exit(f"{run}: training step {step + 1} is not finite ({what}), the {len(skipped)}th such step "
                 f"(steps {skipped}); stopped, {checkpoint} keeps the last checkpoint before them")
    print(f"{run}: step {step + 1} skipped, not finite ({what})", flush=True)
    return False
